"""The people pages in Chromium, 320 px wide and by keyboard: an administrator fixes a missing supervisor from
the problems list, adds a person, and deactivates a supervisor after reading where their work goes. Each page
is axe-clean and never wider than the screen."""

import re

import pytest
from playwright.sync_api import expect

from policyportal.models import Role, User
from tests import factories
from tests.browser.conftest import accessibility_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def checked(page) -> None:
    expect(page.get_by_role("main")).to_be_visible()
    assert accessibility_violations(page) == []
    assert fits(page), "the page is wider than the screen"


def test_an_administrator_manages_people_on_a_narrow_screen_by_keyboard(page, sign_in, admin, supervisor, employee):
    newcomer = factories.user(district=admin.district, username="newcomer", first_name="Nia", last_name="Newcomer")
    factories.active_site(requester=employee)
    page.set_viewport_size({"width": 320, "height": 800})
    sign_in(admin)

    page.goto("/people/")
    expect(page.get_by_role("heading", name="Problems to fix")).to_be_visible()
    checked(page)
    page.get_by_role("link", name="Nia Newcomer").first.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nia Newcomer")
    expect(page.get_by_text("No active supervisor")).to_be_visible()
    checked(page)
    page.get_by_label("Supervisor", exact=True).select_option(label=supervisor.display_name)
    page.get_by_role("button", name="Save changes").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text(f"Saved the changes to {newcomer.display_name}")).to_be_visible()
    expect(page.get_by_text("Set by an administrator")).to_be_visible()

    page.goto("/people/new/")
    checked(page)
    page.get_by_label("First name").fill("Grace")
    page.get_by_label("Last name").fill("Hopper")
    page.get_by_label("Email address").fill(employee.email)
    page.get_by_role("button", name="Add the person").click()
    expect(page.get_by_text(f"{employee.email} is already the address of")).to_be_visible()
    expect(page.get_by_label("Last name")).to_have_value("Hopper")
    checked(page)

    page.goto(f"/people/{supervisor.pk}/")
    page.get_by_role("link", name="Deactivate…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Deactivate {supervisor.display_name}?")
    expect(page.get_by_role("group", name=re.compile("Sites they supervise"))).to_be_visible()
    expect(page.get_by_role("group", name=re.compile("People who report to them"))).to_be_visible()
    checked(page)
    page.get_by_role("button", name=re.compile(r"^Deactivate .* and hand on 3 items$")).focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("can no longer sign in")).to_be_visible()
    assert not User.objects.get(pk=supervisor.pk).is_active
    assert User.objects.get(pk=employee.pk).supervisor_id == admin.pk


def test_a_supervisors_people_page_is_accessible(page, sign_in, supervisor, employee):
    page.set_viewport_size({"width": 320, "height": 800})
    sign_in(supervisor)
    page.goto("/people/")
    expect(page.get_by_role("heading", name="My people")).to_be_visible()
    checked(page)


def test_the_deactivation_page_of_someone_with_no_open_work_says_so(page, sign_in, admin, west_hartford):
    leaver = factories.user(district=west_hartford, role=Role.EMPLOYEE, username="leaver", supervisor=admin)
    sign_in(admin)
    page.goto(f"/people/{leaver.pk}/deactivate/")
    expect(page.get_by_text("They have no open work to hand on.")).to_be_visible()
    checked(page)
