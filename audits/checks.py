from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.db import DEFAULT_DB_ALIAS, connections

from audits.database_roles import runtime_role_problems

HINT = (
    "Run the portal as a role that may only SELECT and INSERT on the audit trail: set MIGRATION_DATABASE_URL to "
    "the tables' owner and DATABASE_URL to the runtime role, then run `manage.py migrate` (README, Deploying)."
)


@register(Tags.database)
def runtime_role_check(app_configs=None, databases=None, **kwargs):
    """`manage.py check --database default` at start-up: an error in production, a warning when debugging."""
    if not databases or DEFAULT_DB_ALIAS not in databases:
        return []
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.settings_dict.get("USER") != settings.DATABASES[DEFAULT_DB_ALIAS].get("USER"):
        return []  # `migrate` connected as the owner on purpose
    role, problems = runtime_role_problems(connection)
    if not problems:
        return []
    message = f"The portal connects as {role}, which {', '.join(problems)}: it could switch off the audit trail."
    if settings.DEBUG:
        return [Warning(message, hint=HINT, id="audits.W001")]
    return [Error(message, hint=HINT, id="audits.E001")]
