"""Each district's current policy version gets its template's pre-check rules: which of its clauses each rule of
the post pre-check cites (issue 17: the pre-check cites the reader's own district)."""

from django.db import migrations

from policyportal.bootstrap import add_template_items


def add_precheck_rules(apps, schema_editor):
    add_template_items(apps, ("post_precheck",))


def remove_precheck_rules(apps, schema_editor):
    """Going back to before the kind existed: its items go (nothing refers to a pre-check rule)."""
    apps.get_model("policyportal", "ChecklistItem").objects.filter(applies_to="post_precheck").delete()
    if schema_editor.connection.vendor == "postgresql":  # 0017's reverse alters the table in this transaction
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [("policyportal", "0017_checklist_item_keys"), ("audits", "0004_audit_action_sequence_index")]
    operations = [migrations.RunPython(add_precheck_rules, remove_precheck_rules)]
