"""`migrate` as the tables' owner: with MIGRATION_DATABASE_URL set it connects as that role, migrates, and grants
DATABASE_URL's role what the portal needs, which on the audit trail is SELECT and INSERT only."""

from django.conf import settings
from django.core.management.commands import migrate
from django.db import DEFAULT_DB_ALIAS, connections

from audits.database_roles import grant_runtime_role

_CREDENTIALS = ("USER", "PASSWORD", "HOST", "PORT")


class Command(migrate.Command):
    def handle(self, *args, **options):
        owner = settings.MIGRATION_DATABASE
        if owner is None or options["database"] != DEFAULT_DB_ALIAS:
            return super().handle(*args, **options)
        connection = connections[DEFAULT_DB_ALIAS]
        runtime = connection.settings_dict
        connection.close()
        connection.settings_dict = {**runtime, **{key: owner[key] for key in _CREDENTIALS}}
        try:
            super().handle(*args, **options)
            grant_runtime_role(connection, runtime["USER"])
        finally:
            connection.close()
            connection.settings_dict = runtime
        if options["verbosity"] >= 1:
            self.stdout.write(f"Migrated as {owner['USER']}; {runtime['USER']} may only read and append to the trail.")
