"""Tampering with the trail is found by `verify_audit_chain`, naming the district and the first bad event."""

import io

import pytest
from django.core.management import call_command

from audits import context
from audits.models import AuditEvent
from audits.recorder import record
from tests.audits.helpers import sql, triggers_lifted


@pytest.fixture
def trail(admin, west_hartford):
    """Ten more events in West Hartford's chain; returns the chain's sequence numbers in order."""
    for number in range(10):
        record(action="test.recorded", actor=admin, target=admin, payload={"n": number})
    return list(AuditEvent.objects.filter(district=west_hartford).order_by("sequence").values_list("id", "sequence"))


def verify(*args) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("verify_audit_chain", *args, stdout=out, stderr=err)
    except SystemExit as exit_:
        return exit_.code, err.getvalue()
    return 0, out.getvalue()


def test_an_intact_trail_verifies_and_counts_its_events(trail):
    code, output = verify()
    assert code == 0
    total = AuditEvent.objects.count()
    assert f"Verified {total} audit events" in output
    assert "west-hartford:" in output


def test_an_unknown_district_is_a_clear_error(trail):
    with pytest.raises(Exception, match="No district with the slug 'nowhere'"):
        call_command("verify_audit_chain", "--district", "nowhere")


def test_an_edited_field_is_found(trail):
    event_id, sequence = trail[5]
    with triggers_lifted():
        sql("UPDATE audits_auditevent SET actor_name = 'Somebody Else' WHERE id = %s", [event_id])
    code, message = verify("--district", "west-hartford")
    assert code == 1
    assert f"district west-hartford, sequence {sequence}: its contents do not match its hash" in message


def test_a_deleted_middle_event_is_found(trail):
    event_id, sequence = trail[5]
    with triggers_lifted():
        sql("DELETE FROM audits_auditevent WHERE id = %s", [event_id])
    code, message = verify()
    assert code == 1
    assert f"district west-hartford, sequence {sequence}: event {sequence} is missing" in message


def test_a_forged_inserted_event_is_found(trail, west_hartford, admin):
    """The forger makes room by renumbering the events after it and copies a real event's hashes."""
    _, sequence = trail[5]
    copied = AuditEvent.objects.get(district=west_hartford, sequence=sequence)
    with triggers_lifted():
        sql(
            "UPDATE audits_auditevent SET sequence = sequence + 1000 WHERE district_id = %s AND sequence > %s",
            [west_hartford.pk, sequence],
        )
        sql(
            "UPDATE audits_auditevent SET sequence = sequence - 999 WHERE district_id = %s AND sequence > %s",
            [west_hartford.pk, sequence + 999],
        )
        forged = AuditEvent(
            district=west_hartford,
            sequence=sequence + 1,
            occurred_at=copied.occurred_at,
            actor=admin,
            actor_name=admin.display_name,
            action="request.approved",
            payload={},
            prev_hash=copied.hash,
            hash=copied.hash,
        )
        forged.save()
    code, message = verify()
    assert code == 1
    assert f"district west-hartford, sequence {sequence + 1}: its contents do not match its hash" in message


def test_two_swapped_events_are_found(trail, west_hartford):
    (first_id, first), (second_id, second) = trail[4], trail[5]
    with triggers_lifted():
        sql("UPDATE audits_auditevent SET sequence = 100000 WHERE id = %s", [first_id])
        sql("UPDATE audits_auditevent SET sequence = %s WHERE id = %s", [first, second_id])
        sql("UPDATE audits_auditevent SET sequence = %s WHERE id = %s", [second, first_id])
    code, message = verify()
    assert code == 1
    assert f"district west-hartford, sequence {first}: it does not link to the event before it" in message


def test_tampering_in_one_district_leaves_the_others_verifiable(trail, region_14):
    event_id, _ = trail[3]
    with triggers_lifted():
        sql("UPDATE audits_auditevent SET action = 'test.forged' WHERE id = %s", [event_id])
    assert verify("--district", "west-hartford")[0] == 1
    code, output = verify("--district", "region-14")
    assert code == 0
    assert "region-14:" in output


@pytest.fixture
def from_an_address(admin, west_hartford):
    """Events recorded from 192.0.2.7; returns the id and sequence of one in the middle."""
    token = context.client_ip.set("192.0.2.7")
    try:
        for number in range(5):
            record(action="test.recorded", actor=admin, target=admin, payload={"n": number})
    finally:
        context.client_ip.reset(token)
    return AuditEvent.objects.filter(district=west_hartford).order_by("-sequence").values_list("id", "sequence")[2]


@pytest.mark.parametrize(
    "change",
    [
        "client_ip = '192.0.2.7/8'",  # the same host with a netmask
        "occurred_at = (to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || ' BC')::timestamp"
        " AT TIME ZONE 'UTC'",  # the same date and time, two thousand years earlier
        "occurred_at = occurred_at + interval '8000 years'",  # a year Python cannot even read
        """payload = '{"n": 2.0}'""",  # the same number, as a float
    ],
)
def test_changes_that_print_alike_are_found(postgres, from_an_address, change):
    event_id, sequence = from_an_address
    with triggers_lifted():
        sql(f"UPDATE audits_auditevent SET {change} WHERE id = %s", [event_id])
    code, message = verify("--district", "west-hartford")
    assert code == 1
    assert f"district west-hartford, sequence {sequence}: its contents do not match its hash" in message
