"""A records officer places a legal hold through the pages, as a person would, and every records page reflows
to 320 px without accessibility violations; the held site's page then says so, with the reason for the officer."""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from policyportal.demo import DEMO_PASSWORD
from policyportal.models import User
from policyportal.records.models import LegalHold
from sites.models import Site
from tests.browser.test_reflow import _reflow_problems

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REASON = "Parent's claim about a team photo, letter of March 3"


def test_an_officer_places_a_hold_and_the_records_pages_reflow(page, sign_in):
    call_command("seed_demo", stdout=io.StringIO())
    soccer = Site.objects.get(name="Hall Varsity Soccer")
    sign_in(User.objects.get(username="wh.admin"), password=DEMO_PASSWORD)  # the demo's records officer
    page.get_by_role("link", name="Records").first.click()
    page.get_by_role("link", name="Place a hold").first.click()
    page.get_by_label("Why the records must be kept").fill(REASON)
    page.get_by_label("Site").select_option(label="Hall Varsity Soccer (active)")
    page.get_by_role("button", name="Place the hold").click()
    expect(page.get_by_role("heading", name="What it covers now")).to_be_visible()
    hold = LegalHold.objects.get()
    assert (hold.site, hold.reason) == (soccer, REASON)

    page.goto(f"/sites/{soccer.pk}/")
    expect(page.get_by_role("status").filter(has_text="Under legal hold since")).to_contain_text(REASON)

    problems = []
    for stop in [
        "/records/",
        "/records/schedules/",
        "/records/schedules/site_files/",
        "/records/schedules/site_files/remove/",
        "/records/holds/",
        "/records/holds/new/",
        f"/records/holds/{hold.pk}/",
        f"/records/holds/{hold.pk}/lift/",
    ]:
        problems += _reflow_problems(page, stop)
    assert not problems, "\n".join(problems)
