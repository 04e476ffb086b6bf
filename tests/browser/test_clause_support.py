"""The clause page in Chromium, 320 px wide and by keyboard: an administrator reaches it from the rules page,
finds a clause with what enforces it and its figures, and the page is axe-clean and never wider than the screen."""

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser.conftest import accessibility_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_administrator_reads_how_each_clause_is_supported_on_a_narrow_screen_by_keyboard(
    page, sign_in, r14_admin, r14_supervisor
):
    owner = factories.user(district=r14_admin.district, username="owner", supervisor=r14_supervisor)
    factories.active_site(requester=owner)
    page.set_viewport_size({"width": 320, "height": 800})
    sign_in(r14_admin)

    page.goto("/rules/")
    page.get_by_role("link", name="How the portal supports each clause").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("How the portal supports each clause")
    monitoring = page.get_by_role("region", name="R14-D3f The responsible employee monitors the site regularly")
    expect(monitoring).to_contain_text("Workflow, monitoring")
    expect(monitoring.locator('[data-figure="Active sites monitored on time"]')).to_have_text("1 of 1")
    expect(page.get_by_role("region", name="R14-X1", exact=False)).to_contain_text("Violation outcome")
    assert accessibility_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "wider than the screen"
