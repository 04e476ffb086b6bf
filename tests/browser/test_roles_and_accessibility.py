import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import accessibility_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAVIGATION = {
    "employee": ["My requests", "Sites", "District rules"],
    "supervisor": ["My requests", "Sites", "District rules", "Waiting for me", "Violations", "My people", "Reports"],
    "admin": [
        "My requests",
        "Sites",
        "District rules",
        "Waiting for me",
        "All requests",
        "Violations",
        "People",
        "Reports",
    ],
}


@pytest.mark.parametrize("role", NAVIGATION)
def test_each_role_signs_in_and_sees_its_own_navigation(page, sign_in, role, request):
    user = request.getfixturevalue(role)
    sign_in(user)
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Hello, {user.first_name}")
    navigation = page.get_by_role("navigation", name="Main")
    expect(navigation.locator(".me-auto .nav-link")).to_have_text(NAVIGATION[role])
    expect(navigation.get_by_role("link", name="Inbox")).to_be_visible()


def test_a_wrong_password_shows_a_clear_message_in_the_browser(page, employee):
    page.goto("/accounts/login/")
    page.get_by_label("Work email").fill(employee.email)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_label("Work email or username")).to_have_value(employee.email)
    expect(page.get_by_label("Password")).to_be_focused()
    page.get_by_label("Password").fill("not-my-password-at-all")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("That email or username and password do not match an account")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))


def test_both_steps_of_the_login_page_have_no_accessibility_violations(page, employee):
    page.goto("/accounts/login/")
    assert page.get_by_label("Password").count() == 0, "the first step asks for the work email only"
    assert accessibility_violations(page) == []
    page.get_by_label("Work email").fill(employee.email)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_label("Password")).to_be_visible()
    assert accessibility_violations(page) == []


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/inbox/",
        "/rules/",
        "/rules/publish/",
        "/people/",
        "/audit/",
        "/accounts/password/",
        "/sites/",
        "/sites/violations/",
    ],
)
def test_signed_in_pages_have_no_accessibility_violations(page, sign_in, admin, path):
    sign_in(admin)
    page.goto(path)
    expect(page.get_by_role("main")).to_be_visible()
    assert accessibility_violations(page) == []


def test_opening_a_notification_from_the_inbox_marks_it_read(page, sign_in, employee):
    sign_in(employee)
    inbox = page.get_by_role("navigation", name="Main").get_by_role("link", name="Inbox")
    inbox.click()
    page.get_by_role("button", name=re.compile(r"^Open\W+Welcome to the Policy Portal")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Regulation 4080")
    inbox.click()
    expect(page.get_by_text("New", exact=True)).to_have_count(0)


def test_the_accessibility_check_reports_a_real_violation(page):
    """Guards the harness itself: a page with an unlabelled image and input must not pass."""
    page.set_content('<html lang="en"><title>t</title><main><img src="x.png"><input type="text"></main></html>')
    found = " ".join(accessibility_violations(page))
    assert "image-alt" in found
    assert "label" in found
