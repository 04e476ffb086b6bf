"""A hold on a person keeps every record that person took part in: filed, decided, handled, answered, or was
assigned a finding of. The hold's page counts what disposal would keep, each record once."""

import pytest
from django.utils import timezone

from policyportal.models import AppliesTo
from policyportal.records import disposal, rules, selectors
from policyportal.records.models import DisposalItem, LegalHold
from policyportal.records.registry import kind
from policyportal.selectors import current_items
from sites.models import Consultation, Site, ViolationReport
from tests import factories
from tests.records.disposal_support import schedule, started_long_ago

pytestmark = pytest.mark.django_db


def _hold_on(person, officer) -> LegalHold:
    return LegalHold.objects.create(district=person.district, reason="Case 26-114", person=person, placed_by=officer)


def _covers(hold: LegalHold, key: str, record) -> bool:
    """Both forms of the rule agree: the hold covers the record, and the record's page finds the hold."""
    covered = rules.is_held(kind(key), record, [hold])
    found = hold in selectors.holds_covering(key, record)
    assert covered == found, (key, record.pk)
    return covered


def test_a_hold_on_whoever_decided_a_request_keeps_it(employee, supervisor, admin, officer, west_hartford):
    request = factories.submitted_request(requester=employee)
    factories.decide(request, supervisor, "denied", reason="Not on this platform")
    started_long_ago("requests", request, starts="decided")
    schedule(west_hartford, "requests", admin, starts="decided")
    hold = _hold_on(supervisor, officer)
    assert _covers(hold, "requests", request)
    assert disposal.disposal_list_district(district_id=west_hartford.pk) == 0
    assert not DisposalItem.objects.filter(kind="requests", record_id=request.pk).exists()


def test_a_hold_on_the_decider_a_request_waits_for_covers_it(employee, supervisor, officer):
    request = factories.submitted_request(requester=employee)
    assert request.current_decider == supervisor
    assert _covers(_hold_on(supervisor, officer), "requests", request)


def test_a_hold_on_whoever_resolved_a_violation_report_covers_it(employee, supervisor, admin, officer, west_hartford):
    now = timezone.now()
    report = ViolationReport.objects.create(
        district=west_hartford,
        account_name="Unofficial page",
        reporter=employee,
        category=current_items(west_hartford.pk, AppliesTo.VIOLATION_CATEGORY)[0],
        what_happened="A post",
        occurred_on=now.date(),
        reported_at=now,
        outcome=current_items(west_hartford.pk, AppliesTo.VIOLATION_OUTCOME)[0],
        resolved_by=admin,
        resolved_at=now,
    )
    assert _covers(_hold_on(admin, officer), "violations", report)
    assert not _covers(_hold_on(supervisor, officer), "violations", report)


def test_a_hold_on_whoever_answered_a_question_covers_it(employee, supervisor, admin, officer, west_hartford):
    now = timezone.now()
    question = Consultation.objects.create(
        district=west_hartford,
        employee=employee,
        supervisor=supervisor,
        destination="Class page",
        text="A planned post",
        asked_at=now,
        answer="fine",
        answered_at=now,
        answered_by=admin,  # the supervisor's account was closed: an administrator answered in their place
    )
    assert _covers(_hold_on(admin, officer), "consultations", question)


def test_a_hold_on_the_assignee_of_two_findings_counts_their_review_once(employee, supervisor, officer):
    site = factories.active_site(requester=employee)
    findings = factories.failed_review(site, supervisor, "WH-D4", "WH-D5")
    assert len(findings) == 2 and {finding.assignee for finding in findings} == {employee}
    review = findings[0].review
    hold = _hold_on(employee, officer)
    assert _covers(hold, "reviews", review)
    counted = {row.kind.key: row.count for row in selectors.hold_coverage(hold)}
    assert counted["reviews"] == 1


def test_the_hold_page_counts_what_disposal_keeps_with_what_the_hold_covers(employee, supervisor, admin, officer):
    """A site handed to another owner empties its request with it: a hold on the requester keeps the site file
    too, and the hold's page says so."""
    site = factories.active_site(requester=employee)
    Site._base_manager.filter(pk=site.pk).update(owner=admin, supervisor=None)
    hold = _hold_on(employee, officer)
    assert not rules.is_held(kind("site_files"), site, [hold])
    assert rules.is_held_with_included(kind("site_files"), site, [hold])
    counted = {row.kind.key: row.count for row in selectors.hold_coverage(hold)}
    assert counted["site_files"] == 1
    assert counted["requests"] == 1
