# Items acted on by a code: pre-check rules, violation categories and outcomes (issue 17).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("policyportal", "0016_email_that_cannot_be_sent"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="checklistitem",
            name="checklist_item_applies_valid",
        ),
        migrations.AddField(
            model_name="checklistitem",
            name="key",
            field=models.SlugField(
                blank=True,
                help_text="For a pre-check rule, violation category or outcome: the code the portal knows it by, the same in every version, so reports count across versions.",
                max_length=40,
            ),
        ),
        migrations.AlterField(
            model_name="checklistitem",
            name="applies_to",
            field=models.CharField(
                choices=[
                    ("request_attestation", "Request attestation"),
                    ("site_review", "Site review"),
                    ("acknowledgment", "Personal-use acknowledgment"),
                    ("post_precheck", "Post pre-check"),
                    ("violation_category", "Violation category"),
                    ("violation_outcome", "Violation outcome"),
                ],
                max_length=32,
            ),
        ),
        migrations.AddConstraint(
            model_name="checklistitem",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "applies_to__in",
                        [
                            "request_attestation",
                            "site_review",
                            "acknowledgment",
                            "post_precheck",
                            "violation_category",
                            "violation_outcome",
                        ],
                    )
                ),
                name="checklist_item_applies_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="checklistitem",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("applies_to__in", ("post_precheck", "violation_category", "violation_outcome")),
                        models.Q(("key", ""), _negated=True),
                    ),
                    models.Q(
                        models.Q(
                            ("applies_to__in", ("post_precheck", "violation_category", "violation_outcome")),
                            _negated=True,
                        ),
                        ("key", ""),
                    ),
                    _connector="OR",
                ),
                name="checklist_item_key_where_keyed",
            ),
        ),
        migrations.AddConstraint(
            model_name="checklistitem",
            constraint=models.UniqueConstraint(
                condition=models.Q(("key", ""), _negated=True),
                fields=("policy_version", "applies_to", "key", "clause_id"),
                name="checklist_item_key_clause_unique",
            ),
        ),
    ]
