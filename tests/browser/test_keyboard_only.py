"""Filing a request and deciding it with the keyboard alone (Tab, Space, Enter, typing: no mouse, no filling
of fields by the test), the focus showing at every stop on the way. A review done the same way is in
`test_review_page.py`."""

import pytest
from playwright.sync_api import expect

from audits.models import AuditEvent
from requests.models import Decision, Outcome, SocialMediaRequest, Status
from tests import factories
from tests.browser.keyboard import choose, enter, sign_in_by_keyboard, tab_to, tab_to_button, tab_to_label, type_into

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CONDITIONS = "Add the athletic director as an administrator."


def test_a_request_filed_and_decided_with_the_keyboard_alone(page, employee, supervisor):
    factories.school(district=employee.district, name="Hall High School")
    sign_in_by_keyboard(page, employee)
    tab_to_button(page, "My requests")
    enter(page)
    tab_to_button(page, "Start a request")
    enter(page)
    type_into(page, "Name of the site", "Hall Robotics Club")
    choose(page, "Platform", "Facebook group")
    choose(page, "The site serves", "A club")
    type_into(page, "Name of the club, activity, organization or team", "Robotics")
    choose(page, "School", "Hall High School")
    for audience in ("Students", "Parents"):
        tab_to_label(page, audience)
        page.keyboard.press("Space")
    type_into(page, "Description of the proposed use", factories.DESCRIPTION)
    type_into(page, "How members will be admitted", "Club members and their parents, by invitation.")
    for _ in factories.promises(employee.district):
        tab_to(page, "el.name.startsWith('attest_') && !el.checked")
        page.keyboard.press("Space")
    tab_to_button(page, "Submit for approval")
    enter(page)

    expect(page.get_by_text("Your request was submitted.")).to_be_visible()
    filed = SocialMediaRequest.objects.get()
    assert (filed.requester, filed.status, filed.site_name) == (employee, Status.PENDING, "Hall Robotics Club")
    assert filed.attestations.count() == len(factories.promises(employee.district))

    sign_in_by_keyboard(page, supervisor)
    tab_to(page, "el.textContent.trim().startsWith('Decide') && el.href.includes('/requests/')")
    enter(page)
    tab_to(page, "el.name === 'outcome' && el.value === 'approved'")
    page.keyboard.press("Space")
    type_into(page, "Reason or conditions", CONDITIONS)
    tab_to_button(page, "Record my decision")
    enter(page)

    expect(page.get_by_text("You approved step 1.")).to_be_visible()
    decision = Decision.objects.get(request=filed)
    assert (decision.decider, decision.outcome, decision.reason) == (supervisor, Outcome.APPROVED, CONDITIONS)
    event = AuditEvent.objects.filter(target_type="socialmediarequest", target_id=str(filed.pk)).latest("sequence")
    assert (event.action, event.actor) == ("request.step_approved", supervisor)
