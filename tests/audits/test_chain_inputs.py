"""Whatever arrives from outside, an honest event must verify: addresses, names and payloads."""

import pytest
from django.db import connection
from django.urls import reverse

from audits import verification
from audits.models import AuditEvent
from audits.recorder import record
from audits.verification import verify_chain
from tests import factories


@pytest.mark.parametrize(
    ("address", "stored"),
    [
        ("2001:DB8::1", "2001:db8::1"),
        ("2001:db8:0:0:0:0:0:1", "2001:db8::1"),
        ("fe80::1%eth0", "fe80::1"),
        ("192.0.2.7", "192.0.2.7"),
        ("unknown", None),
    ],
)
def test_a_login_from_any_address_form_verifies(client, employee, address, stored):
    client.post(reverse("login"), {"username": "employee", "password": factories.PASSWORD}, REMOTE_ADDR=address)
    assert AuditEvent.objects.get(action="auth.login").client_ip == stored
    assert verify_chain(employee.district_id).intact


def test_behind_the_load_balancer_the_address_it_appended_is_recorded(client, employee, settings):
    settings.BEHIND_PROXY = True
    client.post(
        reverse("login"),
        {"username": "employee", "password": factories.PASSWORD},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="203.0.113.66, 198.51.100.9",
    )
    assert AuditEvent.objects.get(action="auth.login").client_ip == "198.51.100.9"


def test_a_very_long_name_is_cut_to_fit_and_still_verifies(west_hartford):
    person = factories.user(district=west_hartford, first_name="A" * 150, last_name="B" * 150)
    event = record(action="test.recorded", actor=person)
    assert len(event.actor_name) == 200
    assert verify_chain(west_hartford.pk).intact


def test_floats_are_refused_in_payloads_before_anything_is_written(admin):
    before = AuditEvent.objects.count()
    with pytest.raises(TypeError, match="no floats"):
        record(action="test.recorded", actor=admin, payload={"ratio": 1e16})
    assert AuditEvent.objects.count() == before


AWKWARD = 'Ça "quoted" \\ back\\slash\ttab\nnewline \x01\x1f \u2028 emoji 🎉 </script>'


@pytest.fixture
def awkward_chain(west_hartford):
    """Events whose every text field needs escaping, in a district chain and the installation's chain."""
    person = factories.user(district=west_hartford, first_name=AWKWARD[:40], last_name="Ünïcödé")
    record(action="test.recorded", actor=person, target_label=AWKWARD, payload={"note": AWKWARD})
    record(action="test.recorded", actor=person, payload={"z": [1, {"é": None, "a": True}], "A": -3, "": "empty key"})
    record(action="test.recorded", target_label=AWKWARD, payload={"nested": {"b": 2, "a": [AWKWARD]}})
    return west_hartford


def test_awkward_texts_verify_without_a_second_look(awkward_chain, monkeypatch):
    """The verifier's fast reading (PostgreSQL writes most of each event's canonical form) agrees byte for byte with
    the writer's: no event needs `_still_broken` to vouch for it."""
    second_looks = []
    monkeypatch.setattr(verification, "_still_broken", lambda *args: second_looks.append(args) or True)
    assert verify_chain(awkward_chain.pk).intact
    assert verify_chain(None).intact
    assert verify_chain(None).events >= 1
    assert second_looks == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the fast reading is PostgreSQL's")
def test_a_reading_that_disagrees_with_the_writer_costs_a_second_look_not_a_false_alarm(awkward_chain, monkeypatch):
    differently = verification._POSTGRESQL_SELECT.replace('"action":', '"action" :')
    monkeypatch.setattr(verification, "_POSTGRESQL_SELECT", differently)
    report = verify_chain(awkward_chain.pk)
    assert report.intact
    assert report.events == AuditEvent.objects.filter(district=awkward_chain).count()


def test_a_second_look_still_finds_a_real_change(awkward_chain):
    event = AuditEvent.objects.filter(district=awkward_chain).latest("sequence")
    assert not verification._still_broken(awkward_chain.pk, event.sequence, event.prev_hash, event.hash)
    assert verification._still_broken(awkward_chain.pk, event.sequence, event.prev_hash, "f" * 64)
