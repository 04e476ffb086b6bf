"""What failed password sign-ins leave in the append-only trail (issue 16): one event for each failure against a
known account, and for the failures anyone can cause without end (made-up names, attempts while paused) a few
summary events an hour, however many addresses they come from."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from audits.models import AuditEvent
from policyportal.models import SignInFailureTally, User
from policyportal.services.sign_in_failures import SUMMARY_ADDRESSES, summarise_sign_in_failures
from tests.factories import PASSWORD

WRONG = "not-the-password-at-all"
HOUR = timezone.now().replace(minute=10, second=0, microsecond=0)
AFTER_THE_HOUR = HOUR + timedelta(hours=1)


def sign_in(client, username, password=WRONG, address="192.0.2.10"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def trail(action):
    return AuditEvent.objects.filter(action=action)


def test_sixty_made_up_usernames_leave_one_summary_event_carrying_the_count(client, employee):
    with time_machine.travel(HOUR, tick=False):
        for number in range(60):
            assert sign_in(client, f"made-up-{number}").status_code == 200
    assert not trail("auth.login_failed").exists()
    with time_machine.travel(AFTER_THE_HOUR, tick=False):
        assert summarise_sign_in_failures() == 1
    summary = trail("auth.sign_in_failures").get()
    assert summary.district_id is None, "the installation's chain: the names belong to no district"
    assert summary.payload == {
        "hour": HOUR.replace(minute=0).isoformat(),
        "client_ip": "192.0.2.10",
        "failures": 60,
        "unknown_username": 60,
    }
    assert not SignInFailureTally.objects.exists()
    assert summarise_sign_in_failures() == 0, "an hour is summarised once"


def test_a_flood_from_many_addresses_is_bounded_per_hour(client, db):
    with time_machine.travel(HOUR, tick=False):
        for number in range(SUMMARY_ADDRESSES + 15):
            sign_in(client, f"made-up-{number}", address=f"198.51.100.{number + 1}")
            sign_in(client, "another-made-up", address="203.0.113.7")
    with time_machine.travel(AFTER_THE_HOUR, tick=False):
        assert summarise_sign_in_failures() == SUMMARY_ADDRESSES + 1
    summaries = trail("auth.sign_in_failures")
    assert summaries.filter(payload__client_ip="203.0.113.7", payload__failures=SUMMARY_ADDRESSES + 15).exists()
    others = summaries.get(payload__has_key="addresses")
    assert (others.payload["addresses"], others.payload["failures"]) == (16, 16)
    assert sum(event.payload["failures"] for event in summaries) == 2 * (SUMMARY_ADDRESSES + 15)


def test_a_summary_waits_for_its_hour_to_end(client, db):
    with time_machine.travel(HOUR, tick=False):
        sign_in(client, "made-up")
        assert summarise_sign_in_failures() == 0
    assert SignInFailureTally.objects.get().count == 1


def test_a_known_accounts_failure_is_one_event_in_its_district_whatever_the_case_typed(client, employee):
    sign_in(client, "EMPLOYEE")
    event = trail("auth.login_failed").get()
    assert (event.district_id, event.target_id) == (employee.district_id, str(employee.pk))
    assert not SignInFailureTally.objects.exists()


def test_case_variants_of_a_username_share_its_five_tries(client, employee):
    variants = ["employee", "Employee", "EMPLOYEE", "eMployee", "employeE"]
    assert len(variants) == settings.AXES_FAILURE_LIMIT
    for variant in variants:
        sign_in(client, variant)
    for variant in ["employee", "EmPlOyEe"]:
        locked = sign_in(client, variant, PASSWORD)
        assert locked.status_code == 429
        assert "_auth_user_id" not in client.session


def test_an_attempt_while_paused_is_counted_not_written(client, employee):
    with time_machine.travel(HOUR, tick=False):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            sign_in(client, "employee")
        written = AuditEvent.objects.count()
        assert sign_in(client, "Employee", PASSWORD).status_code == 429
        assert sign_in(client, "employee").status_code == 429
        assert AuditEvent.objects.count() == written
    assert trail("auth.login_failed").count() == settings.AXES_FAILURE_LIMIT
    with time_machine.travel(AFTER_THE_HOUR, tick=False):
        summarise_sign_in_failures()
    assert trail("auth.sign_in_failures").get().payload["locked_out"] == 2


def test_a_username_signs_in_whatever_its_case_and_is_recorded_as_a_password_sign_in(client, employee):
    assert sign_in(client, "EmPloyee", PASSWORD).status_code == 302
    assert client.session["_auth_user_id"] == str(employee.pk)
    assert trail("auth.login").get().payload == {"method": "password"}


def test_two_accounts_cannot_share_a_username_that_differs_only_in_case(employee):
    with transaction.atomic(), pytest.raises(IntegrityError):
        User.objects.create(username="EMPLOYEE", district=employee.district)
