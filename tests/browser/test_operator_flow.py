import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from policyportal.models import District, User
from tests.browser.conftest import accessibility_violations, sign_out
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_operator_creates_a_district_and_its_administrator_accepts_the_invitation(
    page, sign_in, live_server, settings
):
    settings.PORTAL_BASE_URL = live_server.url
    operator = User.objects.create_superuser(username="operator", email="operator@example.org", password=PASSWORD)
    sign_in(operator)
    expect(page).to_have_url(re.compile(r"/operator/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Districts of this installation")
    assert accessibility_violations(page) == []
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.set_viewport_size({"width": 1280, "height": 800})

    page.get_by_role("main").get_by_role("link", name="Create a district").click()
    page.get_by_label("District name").fill("Springfield Public Schools")
    page.get_by_label("Slug").fill("springfield")
    page.get_by_label("Time zone").select_option("America/Chicago")
    page.get_by_label(re.compile(r"Regulation 4080, Use of Social Media")).check()
    assert accessibility_violations(page) == []
    page.get_by_role("button", name="Create the district").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Invite an administrator of Springfield Public Schools")
    page.get_by_label("First name").fill("Ada")
    page.get_by_label("Last name").fill("Byron")
    page.get_by_label("Email address").fill("ada@example.org")
    assert accessibility_violations(page) == []
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_text("The invitation to Ada Byron (ada@example.org) is on its way")).to_be_visible()
    assert District.objects.get(slug="springfield").policy_versions.get().items.count() == 25
    sign_out(page)

    link = re.search(r"http://\S+/accounts/invitation/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Welcome to the Policy Portal of Springfield Public Schools"
    )
    assert accessibility_violations(page) == []
    page.locator("#id_new_password1").fill("a-long-and-fresh-passphrase")
    page.locator("#id_new_password2").fill("a-long-and-fresh-passphrase")
    page.get_by_role("button", name="Set my password and sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello, Ada")
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="People", exact=True)).to_be_visible()
