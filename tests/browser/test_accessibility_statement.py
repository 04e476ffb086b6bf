"""The accessibility statement in Chromium: reached from the footer, axe-clean and no wider than the screen at
1280, 375 and 320 pixels, signed out and signed in."""

import pytest

from tests.browser.conftest import accessibility_violations

pytestmark = pytest.mark.browser


def _check_at_every_width(page) -> None:
    for width in (1280, 375, 320):
        page.set_viewport_size({"width": width, "height": 800})
        assert page.get_by_role("heading", name="Accessibility statement", level=1).is_visible()
        assert accessibility_violations(page) == [], width
        assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_signed_out_the_statement_is_one_footer_link_away_and_axe_clean(page, admin):
    page.goto("/accounts/login/")
    page.get_by_role("contentinfo").get_by_role("link", name="Accessibility").click()
    page.wait_for_url("**/accessibility/")
    assert page.get_by_role("link", name=admin.email).is_visible()
    _check_at_every_width(page)


def test_signed_in_the_statement_is_axe_clean_too(page, sign_in, employee, admin):
    sign_in(employee)
    page.get_by_role("contentinfo").get_by_role("link", name="Accessibility").click()
    page.wait_for_url("**/accessibility/")
    _check_at_every_width(page)
