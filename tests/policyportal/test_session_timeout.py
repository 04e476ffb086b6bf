"""Staying signed in from the time-out warning (WCAG 2.2.1): the endpoint moves the idle limit on, never the
maximum length, and each signed-in page tells its script how long the session has left."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audits.models import AuditEvent
from policyportal.auth_events import SESSION_AUTHENTICATED_AT, SESSION_SEEN_AT
from policyportal.models import User
from tests.factories import PASSWORD

STAY = reverse("session_stay")
IDLE = timedelta(minutes=30)


@pytest.fixture
def signed_in(client, employee):
    """When `employee` signed in, with the clock held there until the test moves it."""
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(employee)
        yield start


def test_staying_signed_in_moves_the_idle_limit_on_from_now(client, signed_in):
    start = signed_in
    with time_machine.travel(start + timedelta(minutes=25), tick=False):
        response = client.post(STAY)
    assert response.status_code == 200
    assert response.json() == {"seconds_left": IDLE.total_seconds(), "may_be_extended": True}
    with time_machine.travel(start + timedelta(minutes=54), tick=False):
        assert client.get(reverse("home")).status_code == 200
    assert not AuditEvent.objects.filter(action="auth.logout").exists()


def test_without_staying_the_same_session_ends_at_the_idle_limit(client, signed_in):
    start = signed_in
    with time_machine.travel(start + timedelta(minutes=31), tick=False):
        response = client.get(reverse("home"))
    assert response.url.startswith(reverse("login"))
    assert AuditEvent.objects.get(action="auth.logout").payload == {"reason": "session idle too long"}


def test_staying_signed_in_cannot_pass_the_maximum_length_and_changes_nothing(client, signed_in):
    start = signed_in
    session = client.session
    session[SESSION_AUTHENTICATED_AT] = (start - timedelta(hours=12) + timedelta(minutes=1)).timestamp()
    session.save()
    seen_before = client.session[SESSION_SEEN_AT]

    response = client.post(STAY)

    assert response.status_code == 409
    assert response.json() == {"seconds_left": 60, "may_be_extended": False}
    assert client.session[SESSION_SEEN_AT] == seen_before
    with time_machine.travel(start + timedelta(minutes=1, seconds=1), tick=False):
        ended = client.get(reverse("home"))
    assert ended.url.startswith(reverse("login"))
    assert AuditEvent.objects.get(action="auth.logout").payload == {"reason": "session reached its maximum length"}


def test_staying_signed_in_close_to_the_maximum_length_says_no_more_is_possible(client, signed_in):
    start = signed_in
    session = client.session
    session[SESSION_AUTHENTICATED_AT] = (start - timedelta(hours=11, minutes=50)).timestamp()
    session[SESSION_SEEN_AT] = (start - timedelta(minutes=29)).timestamp()
    session.save()

    response = client.post(STAY)

    assert response.status_code == 200
    assert response.json() == {"seconds_left": 10 * 60, "may_be_extended": False}


def test_staying_signed_in_needs_the_pages_csrf_token(employee):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(employee)
    seen_before = browser.session[SESSION_SEEN_AT]
    assert browser.post(STAY).status_code == 403
    assert browser.session[SESSION_SEEN_AT] == seen_before

    page = browser.get(reverse("home"))
    token = page.context["csrf_token"]
    assert browser.post(STAY, headers={"X-CSRFToken": str(token)}).status_code == 200


def test_signed_out_the_endpoint_answers_401_and_takes_no_get(client, db):
    assert client.post(STAY).status_code == 401
    assert client.get(STAY).status_code == 405


def test_an_ended_session_is_signed_out_and_sent_to_sign_in_not_extended(client, signed_in):
    start = signed_in
    with time_machine.travel(start + timedelta(minutes=31), tick=False):
        response = client.post(STAY)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert "_auth_user_id" not in client.session


def test_an_installation_operator_may_stay_signed_in(client, db):
    operator = User.objects.create_superuser(username="operator", email="operator@example.org", password=PASSWORD)
    client.force_login(operator)
    assert client.post(STAY).status_code == 200


def test_a_signed_in_page_gives_its_script_the_time_left_from_the_servers_last_seen_time(client, employee, signed_in):
    start = signed_in
    # Within a minute of the last request "last seen" is not refreshed: the page counts from the older time.
    with time_machine.travel(start + timedelta(seconds=50), tick=False):
        html = client.get(reverse("home")).content.decode()
    assert f'data-session-user="{employee.pk}"' in html
    assert 'data-session-seconds-left="1750"' in html
    assert 'data-session-warning-seconds="120"' in html
    assert 'data-session-may-be-extended="true"' in html
    assert 'role="dialog"' in html and "Stay signed in" in html


def test_near_the_maximum_length_the_page_says_the_session_cannot_be_extended(client, signed_in):
    start = signed_in
    session = client.session
    session[SESSION_AUTHENTICATED_AT] = (start - timedelta(hours=11, minutes=45)).timestamp()
    session.save()
    html = client.get(reverse("home")).content.decode()
    assert 'data-session-seconds-left="900"' in html
    assert 'data-session-may-be-extended="false"' in html
    assert "signed in for 12 hours, the longest a session may last" in html


def test_a_signed_out_page_has_no_time_out_warning(client, db):
    html = client.get(reverse("login")).content.decode()
    assert "data-session-" not in html
    assert "session-timeout" not in html
