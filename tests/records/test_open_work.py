"""Open work is never disposed of, however old: a request waiting for a decision or for its requester's changes,
a violation report not yet resolved, a question not yet answered. Each app's rule says what is open, in its
Python and `Q` forms, and the records office asks it."""

import pytest
from django.utils import timezone

from policyportal.models import AppliesTo
from policyportal.records import disposal
from policyportal.records.models import DisposalItem
from policyportal.selectors import current_items
from requests import rules as request_rules
from requests.models import SocialMediaRequest, Status
from sites import rules as site_rules
from sites.models import Consultation, ViolationReport
from sites.personal import rules as personal_rules
from tests import factories
from tests.records.disposal_support import schedule, started_long_ago

pytestmark = pytest.mark.django_db


def _listed(key: str) -> set[int]:
    return set(DisposalItem.objects.filter(kind=key).values_list("record_id", flat=True))


def _report(district, reporter, *, resolved_by=None) -> ViolationReport:
    now = timezone.now()
    return ViolationReport.objects.create(
        district=district,
        account_name="Unofficial page",
        reporter=reporter,
        category=current_items(district.pk, AppliesTo.VIOLATION_CATEGORY)[0],
        what_happened="A post",
        occurred_on=now.date(),
        reported_at=now,
        outcome=current_items(district.pk, AppliesTo.VIOLATION_OUTCOME)[0] if resolved_by else None,
        resolved_by=resolved_by,
        resolved_at=now if resolved_by else None,
    )


def _question(employee, supervisor, *, answered: bool) -> Consultation:
    now = timezone.now()
    return Consultation.objects.create(
        district=employee.district,
        employee=employee,
        supervisor=supervisor,
        destination="Class page",
        text="A planned post",
        asked_at=now,
        answer="fine" if answered else "",
        answered_at=now if answered else None,
        answered_by=supervisor if answered else None,
    )


def test_the_open_rules_python_and_q_forms_agree(employee, supervisor):
    pending = factories.submitted_request(requester=employee)
    returned = factories.submitted_request(requester=employee)
    factories.decide(returned, supervisor, "returned", reason="Say who moderates it")
    denied = factories.submitted_request(requester=employee)
    factories.decide(denied, supervisor, "denied", reason="Not on this platform")
    draft = factories.draft_request(requester=employee)
    requests = [pending, returned, denied, draft]
    assert {request.status for request in requests} == {Status.PENDING, Status.RETURNED, Status.DENIED, Status.DRAFT}
    open_requests = set(SocialMediaRequest.objects.filter(request_rules.open_requests()).values_list("pk", flat=True))
    assert open_requests == {request.pk for request in requests if request_rules.is_open(request)}
    assert open_requests == {pending.pk, returned.pk}

    reports = [_report(employee.district, employee), _report(employee.district, employee, resolved_by=supervisor)]
    open_reports = set(ViolationReport.objects.filter(site_rules.open_violations()).values_list("pk", flat=True))
    assert open_reports == {report.pk for report in reports if site_rules.is_violation_open(report)}
    assert open_reports == {reports[0].pk}

    questions = [_question(employee, supervisor, answered=False), _question(employee, supervisor, answered=True)]
    unanswered = set(Consultation.objects.filter(personal_rules.unanswered()).values_list("pk", flat=True))
    assert unanswered == {question.pk for question in questions if personal_rules.is_unanswered(question)}
    assert unanswered == {questions[0].pk}


def test_a_request_still_waiting_for_a_decision_is_not_disposed_of(employee, supervisor, admin, west_hartford):
    pending = factories.submitted_request(requester=employee)
    denied = factories.submitted_request(requester=employee)
    factories.decide(denied, supervisor, "denied", reason="Not on this platform")
    for request in (pending, denied):
        started_long_ago("requests", request, starts="filed")
    schedule(west_hartford, "requests", admin, starts="filed")
    disposal.disposal_list_sweep()
    assert _listed("requests") == {denied.pk}


def test_a_violation_report_not_yet_resolved_is_not_disposed_of(employee, supervisor, admin, west_hartford):
    unresolved = _report(west_hartford, employee)
    resolved = _report(west_hartford, employee, resolved_by=supervisor)
    for report in (unresolved, resolved):
        started_long_ago("violations", report, starts="reported")
    schedule(west_hartford, "violations", admin, starts="reported")
    disposal.disposal_list_sweep()
    assert _listed("violations") == {resolved.pk}


def test_a_question_not_yet_answered_is_not_disposed_of(employee, supervisor, admin, west_hartford):
    unanswered = _question(employee, supervisor, answered=False)
    answered = _question(employee, supervisor, answered=True)
    for question in (unanswered, answered):
        started_long_ago("consultations", question, starts="asked")
    schedule(west_hartford, "consultations", admin, starts="asked")
    disposal.disposal_list_sweep()
    assert _listed("consultations") == {answered.pk}
