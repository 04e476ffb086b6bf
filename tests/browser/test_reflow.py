"""WCAG 1.4.10 (reflow): every main page of each role, on the demo data, at a laptop's, a tablet's and two
phones' widths, is no wider than the window and has no axe violations: the pages a link opens, and those a form
opens (a preview of an import, the page of a stale tab). One signed-in page per role visits its pages once and
narrows the window in place, so the tour stays quick."""

import io
from collections.abc import Callable

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from audits.models import AuditEvent
from policyportal.demo import DEMO_OPERATOR, DEMO_PASSWORD
from policyportal.directory.services import staff_import_preview
from policyportal.models import User
from requests import services as request_services
from requests.models import SocialMediaRequest
from sites import services as site_services
from sites.models import Site, SiteReview, SiteStatus, ViolationReport
from tests.browser.conftest import accessibility_violations, sign_out
from tests.policyportal.directory import files

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [1280, 768, 375, 320]
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


def _review_in_progress(principal: User) -> SiteReview:
    """The principal's open review, started on one of their active sites if none is open."""
    found = SiteReview.objects.filter(site__supervisor=principal, completed_at__isnull=True).first()
    if found is not None:
        return found
    reviewed = Site.objects.filter(supervisor=principal, status=SiteStatus.ACTIVE).order_by("pk").first()
    return site_services.review_start(site=reviewed, by=principal)


def _staff_import_preview(admin: User) -> str:
    uploads = files.uploads(files.oneroster_12(*files.district()))
    previewed = staff_import_preview(district=admin.member_district, uploads=uploads, by=admin)
    assert previewed.status == "previewed", previewed.plan.get("problems")
    return f"/people/import/{previewed.pk}/"


ROSTER = (
    "student_id,first_name,last_name,preferred_name,school,grade\n"
    "S-1001,Maximiliana-Josephine,Featherstonehaugh-Worthington,Maxi,Hall High School,10\n"
    "S-1002,Ana,Lopez,,No Such School,9\n"
)


def _roster_preview(page) -> None:
    page.goto("/sites/roster/")
    page.get_by_text("Import the list").click()
    page.get_by_label("CSV exported from the student information system").set_input_files(
        {"name": "objections.csv", "mimeType": "text/csv", "buffer": ROSTER.encode()}
    )
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("heading", name="Preview the import")).to_be_visible()


def _stale_decision(page) -> None:
    """The principal types a decision on one tab while another tab returns the request: the 409 page."""
    robotics = SocialMediaRequest.objects.get(site_name="Hall Robotics Club")
    page.goto(f"/requests/{robotics.pk}/")
    page.get_by_label("Approve").check()
    page.get_by_label("Reason or conditions").fill("Add the athletic director as an administrator.")
    request_services.request_decide(
        request=robotics,
        by=robotics.current_decider,
        outcome="returned",
        reason="Name the moderators.",
        expected_version=robotics.version,
        snapshot_hash=robotics.snapshot_hash,
    )
    page.get_by_role("button", name="Record my decision").click()
    expect(page.get_by_role("heading", name="This request changed since you opened it")).to_be_visible()


Stop = str | Callable  # a path, or the steps that open a page a form answers with


def _tours() -> dict[str, list[Stop]]:
    soccer = Site.objects.get(name="Hall Varsity Soccer")
    robotics = SocialMediaRequest.objects.get(site_name="Hall Robotics Club")
    soccer_request = SocialMediaRequest.objects.get(site_name="Hall Varsity Soccer")
    review = SiteReview.objects.filter(site=soccer).latest("pk")
    report = ViolationReport.objects.filter(site=soccer).latest("pk")
    event = AuditEvent.objects.filter(district=soccer.district).latest("pk")
    principal, admin = User.objects.get(username="wh.principal"), User.objects.get(username="wh.admin")
    return {
        "": ["/accounts/login/", "/accounts/reset/", "/accessibility/", "/no-such-page/"],
        "wh.coach": [
            "/",
            "/inbox/",
            "/requests/",
            "/requests/new/",
            f"/requests/{soccer_request.pk}/",
            f"/requests/{soccer_request.pk}/permission/",
            "/sites/",
            f"/sites/{soccer.pk}/",
            "/sites/check-a-post/",
            "/sites/questions/",
            "/sites/violations/new/",
            "/rules/",
            "/accounts/email/",
            "/accounts/password/",
            "/accessibility/",
            "/no-such-page/",
        ],
        "wh.principal": [
            "/",
            "/requests/waiting/",
            f"/requests/{robotics.pk}/",
            f"/sites/{soccer.pk}/",
            f"/sites/reviews/{review.pk}/",
            f"/sites/reviews/{_review_in_progress(principal).pk}/",
            "/sites/violations/",
            f"/sites/violations/{report.pk}/",
            "/sites/roster/",
            "/people/",
            "/reports/",
            _stale_decision,
        ],
        "wh.admin": [
            "/",
            "/requests/all/",
            "/people/",
            "/people/new/",
            "/people/import/",
            _staff_import_preview(admin),
            _roster_preview,
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


def _reflow_problems(page, stop: Stop) -> list[str]:
    page.set_viewport_size({"width": WIDTHS[0], "height": HEIGHT})
    if callable(stop):
        stop(page)
        where = f"{stop.__name__} ({page.url})"
    else:
        page.goto(stop)
        where = stop
    expect(page.get_by_role("main")).to_be_visible()
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": HEIGHT})
        wider = page.evaluate(WIDER_THAN_THE_WINDOW)
        if wider:
            problems.append(f"{where} at {width} px scrolls sideways: {wider}")
        hidden_scrolling = page.evaluate(SCROLLING_BOXES_WITHOUT_A_HINT)
        if hidden_scrolling:
            problems.append(f"{where} at {width} px scrolls inside a box without focus or a hint: {hidden_scrolling}")
        problems += [f"{where} at {width} px: {violation}" for violation in accessibility_violations(page)]
    return problems


def test_every_main_page_of_each_role_reflows_to_320_pixels_without_accessibility_violations(page, sign_in):
    call_command("seed_demo", stdout=io.StringIO())
    problems = []
    for username, stops in _tours().items():
        if username:
            sign_in(User.objects.get(username=username), password=DEMO_PASSWORD)
        for stop in stops:
            problems += _reflow_problems(page, stop)
        if username:
            page.set_viewport_size({"width": WIDTHS[0], "height": HEIGHT})  # the account menu is not collapsed
            sign_out(page)
    assert not problems, "\n".join(problems)
