"""Each district's current policy version gets its template's violation categories and outcomes, with their
clauses (issue 17): what a violation report is filed under and resolved with, instead of a list in code."""

from django.db import migrations

from policyportal.bootstrap import add_template_items

KINDS = ("violation_category", "violation_outcome")


def add_violation_items(apps, schema_editor):
    add_template_items(apps, KINDS)


def remove_violation_items(apps, schema_editor):
    """Going back: the reports' migration has given them their codes again before this runs."""
    apps.get_model("policyportal", "ChecklistItem").objects.filter(applies_to__in=KINDS).delete()


class Migration(migrations.Migration):
    dependencies = [("policyportal", "0018_precheck_rules")]
    operations = [migrations.RunPython(add_violation_items, remove_violation_items)]
