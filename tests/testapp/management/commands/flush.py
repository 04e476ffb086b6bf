"""Django's `flush`, for tests only: transactional tests empty every table between tests, which the
audit table's append-only triggers rightly refuse. This lifts the triggers for the flush alone, then
restores them and the regulations the data migration installs, so each test starts as migrated."""

from django.apps import apps
from django.core.management.commands import flush
from django.db import connections

from audits import triggers
from policyportal.bootstrap import install_regulations


class Command(flush.Command):
    def handle(self, **options):
        connection = connections[options.get("database") or "default"]
        triggers.remove(connection)
        try:
            super().handle(**options)
        finally:
            triggers.install(connection)
        install_regulations(apps)
