from django.db import migrations

from policyportal.bootstrap import install_regulations


def install(apps, schema_editor):
    install_regulations(apps)


class Migration(migrations.Migration):
    """Every installation starts with both regulations' districts and real policy, read from their policy
    templates (policyportal/policy_templates/west-hartford.json and region-14.json) by policyportal.bootstrap."""

    dependencies = [("policyportal", "0001_initial"), ("audits", "0003_append_only_triggers")]
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
