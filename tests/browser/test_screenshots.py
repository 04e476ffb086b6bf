"""`make screenshots`: the main pages of each role on the demo data, as PNGs the README shows."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from policyportal.demo import DEMO_PASSWORD
from policyportal.models import User
from requests.models import SocialMediaRequest
from sites.models import Site
from tests.browser.conftest import sign_out

pytestmark = [pytest.mark.screenshots, pytest.mark.browser, pytest.mark.django_db(transaction=True)]
OUT = Path(__file__).resolve().parents[2] / "static" / "screenshots"


def test_screenshots_of_each_role(page, sign_in):
    call_command("seed_demo", stdout=io.StringIO())
    page.set_viewport_size({"width": 1280, "height": 860})
    waiting = SocialMediaRequest.objects.get(site_name="Hall Robotics Club")
    site = Site.objects.get(name="Hall Varsity Soccer")
    tours = {
        "wh.coach": [
            ("employee-home", "/"),
            ("employee-new-request", "/requests/new/"),
            ("employee-site", f"/sites/{site.pk}/"),
        ],
        "wh.principal": [("supervisor-decision", f"/requests/{waiting.pk}/"), ("supervisor-sites", "/sites/")],
        "wh.admin": [
            ("admin-reports", "/reports/"),
            ("admin-audit-trail", "/audit/"),
            ("admin-overdue", "/reports/overdue/?start=2000-01-01"),
        ],
    }
    OUT.mkdir(parents=True, exist_ok=True)
    for username, pages in tours.items():
        sign_in(User.objects.get(username=username), password=DEMO_PASSWORD)
        for name, path in pages:
            page.goto(path)
            page.screenshot(path=OUT / f"{name}.png", full_page=False)
            assert (OUT / f"{name}.png").stat().st_size > 10_000
        sign_out(page)
