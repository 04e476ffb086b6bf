import csv
import io

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import accessibility_violations, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CATEGORY = "R14-S3: Creates a hostile work environment"
REFERRAL = "R14-X1: Referred to human resources for discipline"


def test_a_violation_filed_under_r14_s3_and_referred_under_r14_x1_is_in_the_report_its_csv_and_the_trail(
    page, sign_in, live_server, r14_employee, r14_admin
):
    sign_in(r14_employee)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sites").click()
    page.get_by_role("link", name="Report a violation").click()
    assert accessibility_violations(page) == []
    page.get_by_label("Or the account or page").fill("Nonnewaug Staff Gossip (unofficial)")
    page.get_by_label("What kind of violation").select_option(label=CATEGORY)
    page.get_by_label("What happened").fill("Posts mocking a colleague's accent, shared by staff.")
    page.get_by_role("button", name="Send the report").click()
    expect(page.get_by_text("Your report was sent at once")).to_be_visible()
    expect(page.get_by_text("R14-S3 of the district's rules")).to_be_visible()
    sign_out(page)

    sign_in(r14_admin)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Violations").click()
    listed = page.get_by_role("row").filter(has_text="Nonnewaug Staff Gossip")
    expect(listed).to_contain_text("R14-S3")
    expect(listed).to_contain_text("Waiting")
    assert accessibility_violations(page) == []
    listed.get_by_role("link").click()
    assert accessibility_violations(page) == []
    page.get_by_label(REFERRAL, exact=False).check()
    page.get_by_label("Details").fill("Referred with the screenshots.")
    page.get_by_role("button", name="Record it").click()
    expect(page.get_by_text("What was done is recorded")).to_be_visible()
    expect(page.get_by_text(REFERRAL)).to_be_visible()

    page.goto(f"{live_server.url}/reports/violations/")
    row = page.get_by_role("row", name="Nonnewaug Staff Gossip")
    expect(row).to_contain_text("R14-S3")
    expect(row).to_contain_text("R14-X1")
    assert accessibility_violations(page) == []
    with page.expect_download() as csv_download:
        page.get_by_role("link", name="Download CSV").click()
    with open(csv_download.value.path(), encoding="utf-8-sig") as downloaded:
        rows = list(csv.reader(io.StringIO(downloaded.read())))
    assert rows[0][2:] == ["Clause", "Category", "Outcome clause", "What was done"]
    (filed,) = [found for found in rows[1:] if "Nonnewaug Staff Gossip" in found[1]]
    assert filed[2:4] == ["R14-S3", "Creates a hostile work environment"]
    assert filed[4] == "R14-X1" and filed[5].startswith("Referred to human resources for discipline")

    page.goto(f"{live_server.url}/audit/")
    reported = page.get_by_role("row").filter(has_text="Violation reported")
    expect(reported).to_contain_text(CATEGORY)
    page.get_by_role("row").filter(has_text="Violation report resolved").get_by_role("link").first.click()
    expect(page.locator("pre")).to_contain_text('"clause": "R14-X1"')
    expect(page.locator("pre")).to_contain_text('"outcome": "referred_for_discipline"')
    assert accessibility_violations(page) == []
