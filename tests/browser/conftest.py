"""Chromium through Playwright against `live_server`, and axe-core for accessibility.

Playwright's sync API runs an event loop in this thread; Django's ORM calls in the test itself are
safe here because the live server answers from its own thread.
"""

import os

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

from tests.conftest import need
from tests.factories import PASSWORD

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


@pytest.fixture(scope="session")
def browser():
    need("Chromium", os.path.exists(CHROMIUM), "install Debian's chromium package")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def sign_in(page):
    def sign_in_as(user, password: str = PASSWORD):
        page.goto("/accounts/login/")
        page.get_by_label("Work email").fill(user.username)
        page.get_by_role("button", name="Continue").click()
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url("**/")
        return page

    return sign_in_as


def accessibility_violations(page) -> list[str]:
    """axe-core's WCAG 2.1 A and AA violations on the current page, one readable line each."""
    results = Axe().run(page, options=WCAG_21_AA)
    return [
        f"{violation['id']}: {violation['help']} ({len(violation['nodes'])}x, e.g. {violation['nodes'][0]['html']})"
        for violation in results.response["violations"]
    ]


def sign_out(page) -> None:
    """Through the account menu, as a person would."""
    page.get_by_role("navigation", name="Main").locator("[data-bs-toggle=dropdown]").click()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/accounts/login/**")
