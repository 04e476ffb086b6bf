import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """Acknowledgment, moved here from `policyportal` with its table (`policyportal_acknowledgment`), its
    rows, its constraint and its indexes untouched: only the migration state changes hands."""

    dependencies = [
        ("groupsites", "0008_finding_version"),
        ("policyportal", "0006_acknowledgment_moves_to_groupsites"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Acknowledgment",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("typed_name", models.CharField(max_length=200)),
                        ("acknowledged_at", models.DateTimeField()),
                        ("client_ip", models.GenericIPAddressField(blank=True, null=True)),
                        (
                            "policy_version",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="acknowledgments",
                                to="policyportal.policyversion",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="acknowledgments",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "policyportal_acknowledgment",
                        "ordering": ["-acknowledged_at"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("user", "policy_version"), name="acknowledgment_once_per_version"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
