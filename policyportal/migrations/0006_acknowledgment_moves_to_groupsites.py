from django.db import migrations


class Migration(migrations.Migration):
    """Acknowledgment moves to the `groupsites` app (personal use lives there now). The table stays as it is,
    `policyportal_acknowledgment`: this app only forgets the model, and groupsites' 0009 takes it over."""

    dependencies = [
        ("policyportal", "0005_district_acknowledgment_days_acknowledgment"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Acknowledgment")],
            database_operations=[],
        ),
    ]
