"""The home page's to-do list, in Chromium: axe-clean and no wider than the window at a laptop's and a phone's
width, with each line's next step reachable from the keyboard."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from sites import services as site_services
from sites.personal.services import consultations
from tests import factories
from tests.browser.conftest import accessibility_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDER_THAN_THE_WINDOW = "() => document.documentElement.scrollWidth > window.innerWidth"


@pytest.fixture
def busy_day(employee, supervisor):
    """Something of every kind the two of them owe each other."""
    site = factories.active_site(requester=employee, site_name="Hall Varsity Soccer Boosters and Parents Association")
    fixed, to_fix = factories.failed_review(site, supervisor, "WH-D4", "WH-D5")
    site_services.finding_report_fixed(finding=fixed, by=employee, note="Closed the group.", expected_version=1)
    factories.approved_site(requester=employee, site_name="Chess Club")
    factories.submitted_request(requester=employee, site_name="Robotics Team")
    site_services.violation_report(
        by=employee,
        site=site,
        category="harassment",
        what_happened="A rude comment under the schedule.",
        occurred_on=timezone.localdate(),
    )
    consultations.consultation_ask(by=employee, text="Well done, team!", links="", site=None, findings=[])
    return to_fix


@pytest.mark.parametrize("width", [1280, 320])
def test_the_to_do_list_is_axe_clean_and_fits_the_window(page, sign_in, employee, supervisor, busy_day, width):
    page.set_viewport_size({"width": width, "height": 800})
    for person, first_step in ((supervisor, "Decide"), (employee, "Report the fix")):
        sign_in(person)
        owed = page.get_by_role("region", name="What I owe").get_by_role("listitem")
        expect(owed.first).to_be_visible()
        assert accessibility_violations(page) == []
        assert not page.evaluate(WIDER_THAN_THE_WINDOW)
        expect(owed.get_by_role("link", name=first_step)).to_have_count(1)
        page.context.clear_cookies()  # signed out: the collapsed menu of a phone's width is not what is tested


def test_a_next_step_is_taken_from_the_keyboard(page, sign_in, employee, busy_day):
    sign_in(employee)
    expect(page.get_by_role("region", name="What others owe me")).to_contain_text("Robotics Team")
    take_live = page.get_by_role("link", name="Record its address (Take Chess Club live)")
    take_live.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Take the site live")).to_be_visible()
    assert page.url.endswith("#activate-heading")
