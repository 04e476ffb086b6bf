from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from audits.models import AuditEvent
from policyportal.models import SignInFailureKind, SignInFailureTally
from tests.factories import PASSWORD

LOGIN = reverse("login")
WRONG = "not-the-password-at-all"


def sign_in(client, username, password, address="192.0.2.10"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def events(action):
    return AuditEvent.objects.filter(action=action)


def test_login_starts_a_new_session_and_is_recorded(client, employee):
    client.get(LOGIN)
    anonymous_key = client.session.session_key
    response = sign_in(client, "employee", PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.session.session_key != anonymous_key
    event = events("auth.login").get()
    assert (event.actor, event.district_id, event.client_ip) == (employee, employee.district_id, "192.0.2.10")
    assert event.payload == {"method": "password"}


def test_a_wrong_password_is_refused_recorded_in_the_accounts_district_and_signs_nobody_in(client, employee):
    response = sign_in(client, "employee", WRONG)
    assert response.status_code == 200
    assert "That email or username and password do not match an account" in response.content.decode()
    assert "_auth_user_id" not in client.session
    event = events("auth.login_failed").get()
    assert event.district_id == employee.district_id
    assert event.payload == {"username": "employee", "known_account": True}


def test_an_unknown_user_gets_the_same_message_and_is_only_counted_for_the_hours_summary(client, employee):
    response = sign_in(client, "nobody-here", WRONG)
    assert "That email or username and password do not match an account" in response.content.decode()
    assert not AuditEvent.objects.filter(action__startswith="auth.").exists()
    tally = SignInFailureTally.objects.get()
    assert (tally.kind, tally.client_ip, tally.count) == (SignInFailureKind.UNKNOWN_USERNAME, "192.0.2.10", 1)


def test_repeated_failures_lock_that_account_from_that_address_only_until_the_cool_off_ends(client, employee):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "employee", WRONG)
    locked = sign_in(client, "employee", PASSWORD)
    assert locked.status_code == 429
    assert "Sign-in is paused for this account" in locked.content.decode()
    assert "_auth_user_id" not in client.session

    colleague = sign_in(client.__class__(), "employee", PASSWORD, address="192.0.2.99")
    assert colleague.status_code == 302, "another address of the same school is not locked out"

    with time_machine.travel(timezone.now() + settings.AXES_COOLOFF_TIME + timedelta(seconds=1)):
        assert sign_in(client, "employee", PASSWORD).status_code == 302


def test_logout_is_a_post_and_is_recorded(client, employee):
    client.force_login(employee)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.url == reverse("login")
    assert events("auth.logout").get().payload == {"reason": "signed out"}


@pytest.mark.parametrize(
    ("idle", "since_login", "signed_out"),
    [
        (timedelta(minutes=29), timedelta(minutes=29), False),
        (timedelta(minutes=31), timedelta(minutes=31), True),
        (timedelta(minutes=20), timedelta(hours=12, minutes=1), True),
    ],
)
def test_sessions_end_after_idle_time_and_maximum_length(client, employee, idle, since_login, signed_out):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        client.force_login(employee)
        # Stay active every 20 minutes until the last stretch of `idle` before the final request.
        while timezone.now() + idle < start + since_login:
            clock.shift(timedelta(minutes=20))
            assert client.get(reverse("home")).status_code == 200
        clock.move_to(start + since_login)
        response = client.get(reverse("home"))
    assert (response.status_code == 302) is signed_out
    if signed_out:
        assert response.url.startswith(reverse("login"))
        assert events("auth.logout").get().payload["reason"].startswith("session")


def test_every_page_but_login_and_health_needs_a_session(client, db):
    for name in ["home", "inbox", "people", "policy", "password_change", "audits:events", "requests:mine"]:
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response.url.startswith(LOGIN)
    assert client.get(LOGIN).status_code == 200
