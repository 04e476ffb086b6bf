"""WCAG 1.4.10 (reflow): every main page of each role, on the demo data, at a laptop's and two phones' widths,
is no wider than the window and has no axe violations. One signed-in page per role visits its pages once and
narrows the window in place, so the tour stays quick."""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from audits.models import AuditEvent
from policyportal.demo import DEMO_OPERATOR, DEMO_PASSWORD
from policyportal.models import User
from requests.models import SocialMediaRequest
from sites.models import Site, SiteReview, ViolationReport
from tests.browser.conftest import accessibility_violations, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [1280, 375, 320]
HEIGHT = 800

WIDER_THAN_THE_WINDOW = """() => {
    const width = window.innerWidth;
    if (document.documentElement.scrollWidth <= width) return [];
    return [...document.querySelectorAll("body *")]
        .filter((element) => element.getBoundingClientRect().right > width + 1)
        .filter((element) => element.parentElement.getBoundingClientRect().right <= width + 1)
        .slice(0, 3)
        .map((element) => element.outerHTML.slice(0, 120));
}"""

SCROLLING_BOXES_WITHOUT_A_HINT = """() => [...document.querySelectorAll("main *")]
    .filter((box) => ["auto", "scroll"].includes(getComputedStyle(box).overflowX))
    .filter((box) => box.scrollWidth > box.clientWidth + 1)
    .filter((box) => {
        const hint = document.getElementById(box.getAttribute("aria-describedby") || "");
        const focusable = box.tabIndex === 0 && box.getAttribute("role") === "region";
        const named = box.hasAttribute("aria-label") || box.hasAttribute("aria-labelledby");
        return !(focusable && named && hint && hint.checkVisibility());
    })
    .map((box) => box.outerHTML.slice(0, 120))"""


def _tours() -> dict[str, list[str]]:
    soccer = Site.objects.get(name="Hall Varsity Soccer")
    robotics = SocialMediaRequest.objects.get(site_name="Hall Robotics Club")
    soccer_request = SocialMediaRequest.objects.get(site_name="Hall Varsity Soccer")
    review = SiteReview.objects.filter(site=soccer).latest("pk")
    report = ViolationReport.objects.filter(site=soccer).latest("pk")
    event = AuditEvent.objects.filter(district=soccer.district).latest("pk")
    return {
        "": ["/accounts/login/", "/accounts/reset/"],
        "wh.coach": [
            "/",
            "/inbox/",
            "/requests/",
            "/requests/new/",
            f"/requests/{soccer_request.pk}/",
            "/sites/",
            f"/sites/{soccer.pk}/",
            "/sites/check-a-post/",
            "/sites/questions/",
            "/sites/violations/new/",
            "/rules/",
            "/accounts/email/",
            "/accounts/password/",
        ],
        "wh.principal": [
            "/",
            "/requests/waiting/",
            f"/requests/{robotics.pk}/",
            f"/sites/{soccer.pk}/",
            f"/sites/reviews/{review.pk}/",
            "/sites/violations/",
            f"/sites/violations/{report.pk}/",
            "/sites/roster/",
            "/people/",
            "/reports/",
        ],
        "wh.admin": [
            "/",
            "/requests/all/",
            "/people/",
            "/people/new/",
            "/people/import/",
            "/rules/publish/",
            "/rules/clauses/",
            "/rules/acknowledgments/",
            "/settings/",
            "/settings/sign-in/",
            "/reports/",
            "/reports/sites/",
            "/reports/decisions/",
            "/reports/overdue/?start=2000-01-01",
            "/reports/violations/",
            "/audit/",
            f"/audit/{event.pk}/",
        ],
        DEMO_OPERATOR[0]: ["/operator/", "/operator/districts/new/"],
    }


def _reflow_problems(page, path: str) -> list[str]:
    page.set_viewport_size({"width": WIDTHS[0], "height": HEIGHT})
    page.goto(path)
    expect(page.get_by_role("main")).to_be_visible()
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": HEIGHT})
        wider = page.evaluate(WIDER_THAN_THE_WINDOW)
        if wider:
            problems.append(f"{path} at {width} px scrolls sideways: {wider}")
        hidden_scrolling = page.evaluate(SCROLLING_BOXES_WITHOUT_A_HINT)
        if hidden_scrolling:
            problems.append(f"{path} at {width} px scrolls inside a box without focus or a hint: {hidden_scrolling}")
        problems += [f"{path} at {width} px: {violation}" for violation in accessibility_violations(page)]
    return problems


def test_every_main_page_of_each_role_reflows_to_320_pixels_without_accessibility_violations(page, sign_in):
    call_command("seed_demo", stdout=io.StringIO())
    problems = []
    for username, paths in _tours().items():
        if username:
            sign_in(User.objects.get(username=username), password=DEMO_PASSWORD)
        for path in paths:
            problems += _reflow_problems(page, path)
        if username:
            page.set_viewport_size({"width": WIDTHS[0], "height": HEIGHT})  # the account menu is not collapsed
            sign_out(page)
    assert not problems, "\n".join(problems)
