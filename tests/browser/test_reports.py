import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from policyportal.models import User
from tests.browser.conftest import accessibility_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
REPORT_PAGES = ["/reports/sites/", "/reports/decisions/", "/reports/overdue/", "/reports/violations/", "/audit/"]


@pytest.fixture
def demo_admin():
    call_command("seed_demo", stdout=io.StringIO())
    return User.objects.get(username="wh.admin")


def test_the_dashboard_draws_charts_filters_change_figures_and_exports_download(page, sign_in, demo_admin):
    sign_in(demo_admin, password="demo-portal-2026")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Reports").click()
    expect(page.locator("svg[data-chart=requests] rect")).to_have_count(5)
    assert accessibility_violations(page) == []
    everywhere = page.locator("[data-figure=active_sites]").inner_text()
    page.get_by_label("School", exact=True).select_option(label="King Philip Middle School")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("[data-figure=active_sites]")).not_to_have_text(everywhere)
    expect(page.locator("[data-figure=active_sites]")).to_have_text("0")

    page.get_by_role("link", name="Site compliance").click()
    with page.expect_download() as csv_download:
        page.get_by_role("link", name="Download CSV").click()
    assert csv_download.value.suggested_filename.startswith("sites-report-")
    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="Download PDF").click()
    with open(pdf_download.value.path(), "rb") as downloaded:
        assert downloaded.read(5) == b"%PDF-"


@pytest.mark.parametrize("path", REPORT_PAGES)
def test_every_report_page_has_no_accessibility_violations(page, sign_in, demo_admin, path):
    sign_in(demo_admin, password="demo-portal-2026")
    page.goto(path)
    expect(page.get_by_role("main")).to_be_visible()
    assert accessibility_violations(page) == []
