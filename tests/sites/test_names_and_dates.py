"""Names and dates as anyone may type them on the violation form and the request form: a clear refusal that
changes nothing, or a record whose notices fit and mail, never a 500."""

import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from audits.models import AuditEvent
from policyportal.models import Notification
from requests.models import SocialMediaRequest
from sites import services
from sites.models import ViolationReport
from tests import factories


def violation_form(**overrides) -> dict:
    return {
        "site": "",
        "account_name": "Hall Soccer Fans (unofficial)",
        "account_url": "",
        "category": "harassment",
        "what_happened": "Threats against a player under a game photo.",
        "occurred_on": "2026-01-15",
        "links": "",
        "form_token": str(uuid.uuid4()),
        **overrides,
    }


@pytest.fixture
def reporter(client, west_hartford, admin):
    person = factories.user(district=west_hartford, username="reporter", supervisor=admin)
    client.force_login(person)
    return person


def test_an_account_named_at_the_forms_limit_reaches_the_administrators_with_a_title_that_fits(client, reporter, admin):
    name = "Unofficial Hall High Boosters " + "x" * 170
    response = client.post(reverse("sites:report_violation"), violation_form(account_name=name))
    assert response.status_code == 302
    notice = Notification.objects.get(recipient=admin, kind="violation.reported")
    assert notice.title.startswith(
        "Violation reported: Disrespectful, harassing, threatening or abusive speech (WH-P4) on Unofficial Hall"
    )
    assert len(notice.title) == 200 and notice.title.endswith("…")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"account_name": "Hall Fans\r\nBcc: everyone@example.org"}, "Use one line of text"),
        ({"account_name": "Hall\tFans"}, "Use one line of text"),
        ({"occurred_on": "0001-01-01"}, "Choose a date from January 1, 2000 on."),
        ({"occurred_on": "1999-12-31"}, "Choose a date from January 1, 2000 on."),
    ],
)
def test_a_name_on_several_lines_or_a_date_before_2000_is_refused_and_nothing_is_reported(
    client, reporter, overrides, message
):
    response = client.post(reverse("sites:report_violation"), violation_form(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ViolationReport.objects.exists()
    assert not AuditEvent.objects.filter(action="violation.reported").exists()
    assert not Notification.objects.filter(kind="violation.reported").exists()


@pytest.mark.parametrize("site", ["²", "99999999999999999999"])
def test_a_site_that_is_no_number_leaves_the_form_empty(client, reporter, site):
    assert client.get(reverse("sites:report_violation"), {"site": site}).status_code == 200


def test_a_site_named_at_the_forms_limit_reaches_its_decider_with_a_title_that_fits(employee, supervisor):
    name = "Varsity Soccer " + "S" * 185
    factories.submitted_request(requester=employee, site_name=name)
    notice = Notification.objects.get(recipient=supervisor, kind="request.waiting")
    assert notice.title.startswith("A social media request waits for your decision: Varsity Soccer SSS")
    assert len(notice.title) == 200 and notice.title.endswith("…")


@pytest.mark.parametrize("field", ["site_name", "serves_name"])
def test_the_request_form_refuses_a_name_on_several_lines(client, employee, supervisor, field):
    school = factories.school(district=employee.district, name="Hall High School")
    data = {
        "site_name": "Robotics Club",
        "platform": "facebook_group",
        "serves": "club",
        "serves_name": "Robotics",
        "school": str(school.pk),
        "audience": ["students", "parents"],
        "description": factories.DESCRIPTION,
        "admission": "Club members and their parents, by invitation.",
        "form_token": str(uuid.uuid4()),
        "action": "draft",
        field: "Robotics\nClub",
    }
    client.force_login(employee)
    response = client.post(reverse("requests:new"), data)
    assert response.status_code == 200
    assert "Use one line of text" in response.content.decode()
    assert not SocialMediaRequest.objects.exists()


def test_the_violation_notices_name_the_category_and_outcome_in_words_citing_their_clause(site, supervisor, employee):
    report = services.violation_report(
        by=employee, site=site, category="profanity", what_happened="x", occurred_on=timezone.localdate()
    )
    report = services.violation_resolve(report=report, by=supervisor, outcome="no_violation", note="Checked")
    category, outcome = report.category, report.outcome
    reported = Notification.objects.get(recipient=supervisor, kind="violation.reported").title
    handled = Notification.objects.get(recipient=employee, kind="violation.resolved").title
    assert reported == f"Violation reported: {category.text} ({category.clause_id}) on {site.name}"
    assert handled == f"Your report about {site.name} was handled: {outcome.text} ({outcome.clause_id})"
