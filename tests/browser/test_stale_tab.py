"""Tabs of one decider, in Chromium: the decision sent from a tab opened before another tab's decision gets the
stale-tab page, which says what changed and keeps the reason typed; a third tab's, sent once the request waits
for a decision again, gets the form again with the reason in place. Both pages are axe-clean."""

import pytest
from playwright.sync_api import expect

from requests import services
from requests.models import Decision, Outcome
from tests import factories
from tests.browser.conftest import accessibility_violations
from tests.browser.keyboard import tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIRST_REASON = "Name the moderators."
TYPED = "Add the athletic director as an administrator of the group."


def _decide(page, outcome: str, reason: str) -> None:
    page.get_by_label(outcome, exact=True).check()
    page.get_by_label("Reason or conditions").fill(reason)
    page.get_by_role("button", name="Record my decision").click()


def test_the_decision_of_a_stale_tab_keeps_its_reason_to_send_again(page, sign_in, employee, supervisor):
    req = factories.submitted_request(requester=employee, site_name="Hall Robotics Club")
    sign_in(supervisor)
    page.goto(f"/requests/{req.pk}/")
    other_tab, third_tab = page.context.new_page(), page.context.new_page()
    other_tab.goto(f"/requests/{req.pk}/")
    third_tab.goto(f"/requests/{req.pk}/")
    _decide(other_tab, "Return for changes", FIRST_REASON)
    expect(other_tab.get_by_text("You returned the request for changes.")).to_be_visible()

    _decide(page, "Approve", TYPED)
    expect(page.get_by_role("heading", name="This request changed since you opened it")).to_be_visible()
    expect(page.get_by_text("It is now returned for changes.")).to_be_visible()
    expect(page.get_by_text(f"request returned for changes, by {supervisor.display_name}")).to_be_visible()
    expect(page.get_by_label("Your text")).to_have_value(TYPED)
    tab_to(page, "el.id === 'typed'")  # to select and copy it
    assert accessibility_violations(page) == []
    assert Decision.objects.filter(request=req).count() == 1

    fields = factories.request_fields(requester=employee, admission="The moderators: Pat and Sam.")
    fields.pop("form_token")
    req.refresh_from_db()
    promises = factories.promises(employee.district)
    services.request_submit(by=employee, request=req, fields=fields, attested=promises, expected_version=req.version)
    _decide(third_tab, "Approve", TYPED)
    expect(third_tab.get_by_role("heading", name="You can still do this")).to_be_visible()
    expect(third_tab.get_by_label("Reason or conditions")).to_have_value(TYPED)
    assert accessibility_violations(third_tab) == []
    third_tab.get_by_label("Approve", exact=True).check()
    third_tab.get_by_role("button", name="Record my decision").click()
    expect(third_tab.get_by_text("You approved step 1.")).to_be_visible()
    decision = Decision.objects.filter(request=req).latest("pk")
    assert (decision.outcome, decision.reason, decision.decider) == (Outcome.APPROVED, TYPED, supervisor)
