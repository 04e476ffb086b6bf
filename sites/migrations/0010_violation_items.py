# Violation reports filed and resolved under items of the district's policy version (issue 17): the new columns,
# filled by 0011 before 0012 drops the codes they replace.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("groupsites", "0009_acknowledgment_from_policyportal"),
        ("policyportal", "0019_violation_categories_and_outcomes"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="violationreport", name="violation_category_ok"),
        migrations.RemoveConstraint(model_name="violationreport", name="violation_resolution_complete"),
        migrations.AddField(
            model_name="violationreport",
            name="category_item",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="policyportal.checklistitem",
            ),
        ),
        migrations.AddField(
            model_name="violationreport",
            name="outcome",
            field=models.ForeignKey(
                blank=True,
                limit_choices_to={"applies_to": "violation_outcome"},
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="policyportal.checklistitem",
            ),
        ),
    ]
