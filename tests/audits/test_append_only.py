import pytest
from django.db import DatabaseError, transaction

from audits.models import AppendOnlyError, AuditEvent
from audits.recorder import record
from tests.audits.helpers import sql


@pytest.fixture
def event(admin):
    return record(action="test.recorded", actor=admin, target=admin, payload={"why": "a test"})


def test_recorder_extends_the_district_chain(admin, west_hartford):
    before = AuditEvent.objects.filter(district=west_hartford).order_by("-sequence").first()
    event = record(action="test.recorded", actor=admin, target=admin)
    assert event.district_id == west_hartford.pk
    assert event.sequence == before.sequence + 1
    assert event.prev_hash == before.hash
    assert event.actor_name == admin.display_name
    assert (event.target_type, event.target_id) == ("user", str(admin.pk))


def test_the_model_refuses_to_change_or_delete_an_event(event):
    event.action = "test.forged"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="test.forged")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "test.recorded"


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audits_auditevent SET action = 'test.forged' WHERE id = %s",
        "DELETE FROM audits_auditevent WHERE id = %s",
    ],
)
def test_the_database_refuses_update_and_delete_through_raw_sql(event, statement):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        sql(statement, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).action == "test.recorded"


@pytest.mark.django_db(transaction=True)
def test_postgresql_refuses_truncate(postgres, event):
    """In its own transaction, as an operator would run it (pending FK checks would refuse it otherwise)."""
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        sql("TRUNCATE audits_auditevent CASCADE")
    assert AuditEvent.objects.filter(pk=event.pk).exists()
