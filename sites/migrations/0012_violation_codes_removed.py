# The codes 0011 turned into policy items go; the category and outcome are the items (issue 17).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("groupsites", "0011_violation_items_from_codes")]

    operations = [
        # A default first, so that going back can add the column to existing rows before 0011 fills it.
        migrations.AlterField(
            model_name="violationreport", name="category", field=models.CharField(default="", max_length=30)
        ),
        migrations.RemoveField(model_name="violationreport", name="category"),
        migrations.RemoveField(model_name="violationreport", name="action"),
        migrations.RenameField(model_name="violationreport", old_name="category_item", new_name="category"),
        migrations.AlterField(
            model_name="violationreport",
            name="category",
            field=models.ForeignKey(
                limit_choices_to={"applies_to": "violation_category"},
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="policyportal.checklistitem",
            ),
        ),
        migrations.RenameField(model_name="violationreport", old_name="action_note", new_name="outcome_note"),
        migrations.AddConstraint(
            model_name="violationreport",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("outcome__isnull", True), ("resolved_at__isnull", True)),
                    models.Q(("outcome__isnull", False), ("resolved_at__isnull", False)),
                    _connector="OR",
                ),
                name="violation_resolution_complete",
            ),
        ),
    ]
