"""The role the portal runs as cannot switch off, drop or skip the audit trail's triggers, nor change a row itself;
it can still do the portal's work. The role is made and granted as `manage.py migrate` does in a deployment."""

import secrets

import psycopg2
import pytest
from django.core.management import call_command
from django.db import connection

from audits.database_roles import grant_runtime_role, runtime_role_problems
from audits.models import AuditEvent
from audits.recorder import record
from audits.verification import verify_chain

INSUFFICIENT_PRIVILEGE = "42501"  # refused for want of a right, not by the triggers themselves
ATTEMPTS = [
    "ALTER TABLE audits_auditevent DISABLE TRIGGER audits_no_update_delete",
    "ALTER TABLE audits_auditevent DISABLE TRIGGER ALL",
    "DROP TRIGGER audits_no_update_delete ON audits_auditevent",
    "DROP FUNCTION audits_refuse_change() CASCADE",
    "ALTER TABLE audits_auditevent OWNER TO CURRENT_USER",
    "SET session_replication_role = replica",
    "TRUNCATE audits_auditevent CASCADE",
    "UPDATE audits_auditevent SET action = 'test.forged'",
    "DELETE FROM audits_auditevent",
    "CREATE TRIGGER audits_forger BEFORE INSERT ON audits_auditevent "
    "FOR EACH ROW EXECUTE FUNCTION audits_refuse_change()",
]


@pytest.fixture
def runtime_role(postgres, django_db_blocker):
    """A throwaway login role with only the runtime grants; dropped afterwards (roles outlive the test database)."""
    name, password = f"runtime_{secrets.token_hex(4)}", secrets.token_urlsafe(16)
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {name} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD %s", [password])
    grant_runtime_role(connection, name)
    yield {**connection.settings_dict, "USER": name, "PASSWORD": password}
    connection.close()
    with connection.cursor() as cursor:
        cursor.execute(f"DROP OWNED BY {name}")
        cursor.execute(f"DROP ROLE {name}")


def connect(settings_dict):
    return psycopg2.connect(
        dbname=settings_dict["NAME"],
        user=settings_dict["USER"],
        password=settings_dict["PASSWORD"],
        host=settings_dict["HOST"] or "127.0.0.1",
        port=settings_dict["PORT"] or 5432,
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("statement", ATTEMPTS)
def test_the_runtime_role_cannot_disable_drop_or_bypass_the_triggers(runtime_role, admin, statement):
    event = record(action="test.recorded", actor=admin, target=admin)
    session = connect(runtime_role)
    try:
        with pytest.raises(psycopg2.Error) as refusal, session.cursor() as cursor:
            cursor.execute(statement)
        assert refusal.value.pgcode == INSUFFICIENT_PRIVILEGE, refusal.value
    finally:
        session.close()
    assert AuditEvent.objects.get(pk=event.pk).action == "test.recorded"
    assert verify_chain(event.district_id).intact
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audits_auditevent'::regclass "
            "AND NOT tgisinternal AND tgenabled = 'O' ORDER BY tgname"
        )
        assert cursor.fetchall() == [("audits_no_truncate",), ("audits_no_update_delete",)], "both still on"


@pytest.mark.django_db(transaction=True)
def test_the_portal_works_as_the_runtime_role_and_its_start_up_check_passes(runtime_role, admin, west_hartford):
    owner = connection.settings_dict
    connection.close()
    connection.settings_dict = runtime_role
    try:
        event = record(action="test.recorded", actor=admin, target=admin)
        admin.first_name = "Renamed"
        admin.save(update_fields=["first_name"])
        assert runtime_role_problems(connection) == (runtime_role["USER"], [])
        assert verify_chain(west_hartford.pk).intact
    finally:
        connection.close()
        connection.settings_dict = owner
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.django_db
def test_the_start_up_check_fails_in_production_when_the_portal_runs_as_a_superuser(postgres, settings):
    settings.DEBUG = False
    role, problems = runtime_role_problems(connection)
    assert "is a superuser" in problems and "may TRUNCATE it" in problems
    with pytest.raises(Exception, match=rf"audits.E001.*The portal connects as {role}, which is a superuser"):
        call_command("check", "--database", "default")
    settings.DEBUG = True
    call_command("check", "--database", "default")  # a warning only, on a developer's machine
