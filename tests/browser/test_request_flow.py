import re

import pytest
from playwright.sync_api import expect

from requests.models import SocialMediaRequest, Status
from sites.models import Site
from tests import factories
from tests.browser.conftest import accessibility_violations, sign_out
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_from_navigation(page, name):
    page.get_by_role("navigation", name="Main").get_by_role("link", name=name).click()


def fill_request(page, *, site_name: str, club: str, school: str) -> None:
    """The request form for a club's Facebook group for students and parents, all but its setup promises."""
    page.get_by_label("Name of the site").fill(site_name)
    page.get_by_label("Platform", exact=True).select_option(label="Facebook group")
    page.get_by_label("The site serves").select_option(label="A club")
    page.get_by_label("Name of the club, activity, organization or team").fill(club)
    page.get_by_label("School", exact=True).select_option(label=school)
    page.get_by_label("Students", exact=True).check()
    page.get_by_label("Parents", exact=True).check()
    page.get_by_label("Description of the proposed use").fill(factories.DESCRIPTION)
    page.get_by_label("How members will be admitted").fill("Club members and their parents, by invitation.")


def make_every_promise(page) -> None:
    for checkbox in page.get_by_role("group", name="Setup promises").get_by_role("checkbox").all():
        checkbox.check()


def approve(page, sign_in, decider, site_name, password: str = PASSWORD):
    sign_in(decider, password)
    open_from_navigation(page, "Waiting for me")
    page.get_by_role("link", name=site_name).click()
    assert accessibility_violations(page) == []
    page.get_by_label("Approve").check()
    page.get_by_label("Reason or conditions").fill("Add the athletic director as an administrator.")
    page.get_by_role("button", name="Record my decision").click()
    expect(page.get_by_text(re.compile(r"^You approved (step 1|the request)\."))).to_be_visible()


def test_an_employee_files_and_both_steps_approve_in_west_hartford(page, sign_in, employee, supervisor, admin):
    factories.school(district=employee.district, name="Hall High School")
    sign_in(employee)
    open_from_navigation(page, "My requests")
    assert accessibility_violations(page) == []
    page.get_by_role("link", name="Start a request").click()
    assert accessibility_violations(page) == []

    fill_request(page, site_name="Hall Robotics Club", club="Robotics", school="Hall High School")

    page.get_by_role("button", name="Submit for approval").click()
    expect(page.get_by_text("Nothing was submitted")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Confirm every setup promise.*WH-D2"))).to_be_visible()
    assert accessibility_violations(page) == []
    assert not SocialMediaRequest.objects.exists()

    make_every_promise(page)
    page.get_by_role("button", name="Submit for approval").click()
    expect(page.get_by_text("Your request was submitted.")).to_be_visible()
    expect(page.get_by_text("Waiting for a decision, step 1 of 2")).to_be_visible()
    assert accessibility_violations(page) == []
    sign_out(page)

    approve(page, sign_in, supervisor, "Hall Robotics Club")
    expect(page.get_by_text("step 2 of 2")).to_be_visible()
    sign_out(page)

    approve(page, sign_in, admin, "Hall Robotics Club")
    expect(page.get_by_text("Site record opened: Hall Robotics Club")).to_be_visible()
    assert SocialMediaRequest.objects.get().status == Status.APPROVED
    assert Site.objects.get().owner == employee

    page.get_by_role("link", name="Written permission").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Written permission for a district-sponsored social media site"
    )
    assert accessibility_violations(page) == []
    page.goto("/requests/all/")
    assert accessibility_violations(page) == []
