import pytest
from playwright.sync_api import expect

from sites.models import Finding, FindingStatus
from tests import factories
from tests.browser.conftest import accessibility_violations, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_site(page, name):
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sites").click()
    page.get_by_role("link", name=name).click()


def test_activate_review_fix_and_close_until_the_registry_shows_compliant(page, sign_in, employee, supervisor, admin):
    site = factories.approved_site(requester=employee, site_name="Hall Robotics Club")

    sign_in(employee)
    open_site(page, "Hall Robotics Club")
    assert accessibility_violations(page) == []
    page.get_by_label("The site's address").fill("https://www.instagram.com/hallrobotics")
    page.get_by_label("The site is set up as my request promised").check()
    page.get_by_role("button", name="Activate the site").click()
    expect(page.get_by_text("not on facebook.com")).to_be_visible()
    page.get_by_label("The site's address").fill("https://www.facebook.com/groups/hallrobotics")
    page.get_by_label("The site is set up as my request promised").check()
    page.get_by_role("button", name="Activate the site").click()
    expect(page.get_by_text("The site is active.")).to_be_visible()
    sign_out(page)

    sign_in(supervisor)
    open_site(page, "Hall Robotics Club")
    page.get_by_role("button", name="Start a review").click()
    assert accessibility_violations(page) == []
    for item in page.locator("fieldset.border").all():
        legend = item.locator("legend").first.inner_text()
        item.get_by_label("Fail" if "WH-D9" in legend else "Pass", exact=True).check()
    page.get_by_role("button", name="Complete the review").click()
    expect(page.get_by_text("WH-D9: a fail needs a note")).to_be_visible()
    page.locator("fieldset.border", has_text="WH-D9").get_by_label("What is wrong").fill("Links to the coach's blog.")
    page.get_by_role("button", name="Complete the review").click()
    expect(page.get_by_text("Review complete.")).to_be_visible()
    expect(page.get_by_text("Findings open")).to_be_visible()
    assert accessibility_violations(page) == []
    sign_out(page)

    sign_in(employee)
    open_site(page, "Hall Robotics Club")
    page.get_by_label("What you changed").fill("Removed the link to the blog.")
    page.get_by_role("button", name="Report it fixed").click()
    expect(page.get_by_text("the reviewer was asked to check the fix")).to_be_visible()
    sign_out(page)

    sign_in(supervisor)
    open_site(page, "Hall Robotics Club")
    assert accessibility_violations(page) == []
    page.get_by_role("button", name="Verify and close WH-D9").click()
    expect(page.get_by_text("The finding is closed.")).to_be_visible()
    assert Finding.objects.get(site=site).status == FindingStatus.CLOSED

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sites").click()
    row = page.get_by_role("row", name="Hall Robotics Club")
    expect(row.get_by_text("Compliant")).to_be_visible()
    assert accessibility_violations(page) == []


def test_reporting_a_violation_reaches_the_supervisor(page, sign_in, employee, supervisor, admin):
    factories.active_site(requester=employee, site_name="Hall Robotics Club")
    sign_in(employee)
    page.goto("/sites/violations/new/")
    assert accessibility_violations(page) == []
    page.get_by_label("The district site").select_option(label="Hall Robotics Club")
    page.get_by_label("What kind of violation").select_option(label="WH-P4: Profanity or obscene content")
    page.get_by_label("What happened").fill("A member's comment used obscene language.")
    page.get_by_role("button", name="Send the report").click()
    expect(page.get_by_text("Your report was sent at once")).to_be_visible()
    sign_out(page)

    sign_in(supervisor)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Violations").click()
    page.get_by_role("row", name="Hall Robotics Club").get_by_role("link").click()
    assert accessibility_violations(page) == []
    page.get_by_label("Content removed").check()
    page.get_by_label("Details").fill("Comment deleted, member reminded of the rules.")
    page.get_by_role("button", name="Record it").click()
    expect(page.get_by_text("What was done is recorded")).to_be_visible()
