"""Whatever arrives from outside, an honest event must verify: addresses, names and payloads."""

import pytest
from django.urls import reverse

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
