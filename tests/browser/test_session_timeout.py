"""The session time-out warning in Chromium (WCAG 2.2.1), with a 20-second idle limit warned 10 seconds ahead."""

import re
import time
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from audits.models import AuditEvent
from tests import factories
from tests.browser.conftest import accessibility_violations
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

IDLE_SECONDS = 20


@pytest.fixture
def short_sessions(settings):
    settings.SESSION_IDLE_TIMEOUT = timedelta(seconds=IDLE_SECONDS)
    settings.SESSION_WARNING_BEFORE = timedelta(seconds=10)


def test_the_warning_keeps_a_session_and_an_ended_one_keeps_what_was_typed(page, sign_in, employee, short_sessions):
    factories.school(district=employee.district, name="Hall High School")
    sign_in(employee)
    signed_in_at = time.monotonic()
    page.goto("/requests/new/")
    page.get_by_label("Name of the site").fill("Hall Robotics Club")
    page.get_by_label("Platform", exact=True).select_option(label="Facebook group")
    page.get_by_label("Students", exact=True).check()
    page.get_by_label("Description of the proposed use").fill(factories.DESCRIPTION)
    page.get_by_label("Description of the proposed use").focus()

    dialog = page.get_by_role("dialog", name="Your session is about to end")
    expect(dialog).to_be_visible(timeout=15_000)
    stay = dialog.get_by_role("button", name="Stay signed in")
    expect(stay).to_be_focused()
    expect(dialog.get_by_role("status")).to_have_text("For your security you will be signed out in less than a minute.")
    assert accessibility_violations(page) == []
    stay.click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_label("Description of the proposed use")).to_be_focused()

    # Past the limit the sign-in set, the session still answers: staying moved it on.
    time.sleep(max(0, signed_in_at + IDLE_SECONDS + 2 - time.monotonic()))
    assert page.request.get("/", max_redirects=0).status == 200

    # The warning comes back; nobody answers it this time.
    expect(dialog).to_be_visible(timeout=15_000)
    page.wait_for_url(re.compile(r"/accounts/login/\?next=/requests/new/"), timeout=20_000)
    expect(page.get_by_text("For your security you were signed out")).to_be_visible()
    assert AuditEvent.objects.get(action="auth.logout").payload == {"reason": "session idle too long"}

    page.get_by_label("Work email").fill(employee.username)
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/requests/new/")

    expect(page.get_by_role("status").filter(has_text="We kept what you had typed")).to_be_visible()
    expect(page.get_by_label("Name of the site")).to_have_value("Hall Robotics Club")
    expect(page.get_by_label("Platform", exact=True)).to_have_value(re.compile(".+"))
    expect(page.get_by_label("Students", exact=True)).to_be_checked()
    expect(page.get_by_label("Description of the proposed use")).to_have_value(factories.DESCRIPTION)
    assert page.evaluate("sessionStorage.length") == 0
    assert accessibility_violations(page) == []


def test_escape_stays_signed_in_and_a_password_is_never_kept(page, sign_in, employee, short_sessions):
    sign_in(employee)
    page.goto("/accounts/password/")
    page.get_by_label("Old password").fill(PASSWORD)
    dialog = page.get_by_role("dialog", name="Your session is about to end")
    expect(dialog.get_by_role("button", name="Stay signed in")).to_be_focused(timeout=15_000)
    with page.expect_response("**/accounts/session/stay/") as answer:
        page.keyboard.press("Escape")
    assert answer.value.status == 200
    expect(dialog).to_be_hidden()

    expect(dialog).to_be_visible(timeout=25_000)
    page.wait_for_url(re.compile(r"/accounts/login/\?next=/accounts/password/"), timeout=20_000)
    assert page.evaluate("sessionStorage.length") == 0
