"""On every boundary day, the registry's badge, the dashboard, the Overdue report and the reminder sweep agree
on what is overdue and on who owes it (`sites.rules`, `requests.rules`).

The boundaries: the due time, the due time plus the district's escalation grace, twice the grace, and a fix
reported but not yet verified.
"""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from audits import reports
from policyportal.models import Notification, Role
from policyportal.reminders import sweep
from sites import selectors, services
from sites.models import Compliance
from tests import factories

pytestmark = pytest.mark.usefixtures("postgres")


def overdue_rows(admin, what: str) -> dict[str, str]:
    """The Overdue report's rows of one kind of work: what they are about, and who owes it."""
    rows = reports.overdue_work(reports.Scope(user=admin, start=date(2026, 8, 1), end=admin.district.today()))
    return {row["about"]: row["owed_by"] for row in rows if row["what"] == what}


def dashboard(admin) -> dict:
    return reports.dashboard(reports.Scope(user=admin, start=date(2026, 8, 1), end=admin.district.today()))


def registry_row(admin, site):
    return selectors.registry(admin).get(pk=site.pk)


def reminded(kind: str) -> set[str]:
    """Everyone the sweeps have sent a reminder of this kind, so far."""
    sweep()
    return set(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def test_monitoring_is_overdue_from_its_due_time_everywhere_at_once(clock, site, employee, supervisor, admin):
    cadence, grace = site.district.monitoring_cadence_days, site.district.escalation_grace_days
    clock.shift(days=cadence, minutes=-1)
    assert overdue_rows(admin, "Monitoring check") == {}
    assert dict(dashboard(admin)["monitoring"])["Overdue"] == 0
    assert reminded("monitoring.due") == set()

    clock.shift(minutes=1)
    assert overdue_rows(admin, "Monitoring check") == {site.name: employee.display_name}
    assert dict(dashboard(admin)["monitoring"])["Overdue"] == 1
    assert reminded("monitoring.due") == {employee.username}
    assert reminded("monitoring.escalated") == set()

    clock.shift(days=grace)
    assert overdue_rows(admin, "Monitoring check") == {site.name: employee.display_name}
    assert reminded("monitoring.escalated") == {supervisor.username}
    assert reminded("monitoring.escalated_admin") == set()

    clock.shift(days=grace)
    assert reminded("monitoring.escalated_admin") == {admin.username}


def test_a_review_is_overdue_on_the_day_the_administrators_are_told(clock, site, supervisor, admin):
    site.refresh_from_db()
    grace = site.district.escalation_grace_days
    clock.shift(days=(site.next_review_due - site.district.today()).days - 1)
    assert registry_row(admin, site).compliance == Compliance.NEVER_REVIEWED
    assert reminded("review.due") == set()

    clock.shift(days=1)  # the due date
    assert registry_row(admin, site).compliance == Compliance.REVIEW_DUE
    assert overdue_rows(admin, "Checklist review") == {}
    assert dashboard(admin)["reviews_overdue"] == 0
    assert reminded("review.due") == {supervisor.username}
    assert reminded("review.escalated") == set()

    clock.shift(days=grace - 1)
    assert registry_row(admin, site).compliance == Compliance.REVIEW_DUE
    assert reminded("review.escalated") == set()

    clock.shift(days=1)  # the due date plus the grace
    assert registry_row(admin, site).compliance == Compliance.REVIEW_OVERDUE
    assert overdue_rows(admin, "Checklist review") == {site.name: supervisor.display_name}
    assert dashboard(admin)["reviews_overdue"] == 1
    assert reminded("review.escalated") == {admin.username}


def test_an_open_finding_is_the_owners_overdue_work_from_the_day_after_its_due_date(
    clock, site, employee, supervisor, admin
):
    [finding] = factories.failed_review(site, supervisor)
    label = f"{finding.clause_id} on {site.name}"
    clock.shift(days=(finding.due_on - site.district.today()).days)  # the due date: still the last day to fix
    assert registry_row(admin, site).overdue_findings == 0
    assert overdue_rows(admin, "Finding") == {}
    assert dashboard(admin)["findings_overdue"] == 0
    assert reminded("finding.due") == {employee.username}

    clock.shift(days=1)
    assert registry_row(admin, site).overdue_findings == 1
    assert overdue_rows(admin, "Finding") == {label: employee.display_name}
    assert dashboard(admin)["findings_overdue"] == 1
    assert reminded("finding.escalated") == set()

    clock.shift(days=site.district.escalation_grace_days - 1)  # the due date plus the grace
    assert overdue_rows(admin, "Finding") == {label: employee.display_name}
    assert reminded("finding.escalated") == {supervisor.username}


def test_a_fix_nobody_has_verified_is_the_reviewers_overdue_work(clock, site, employee, supervisor, admin):
    [finding] = factories.failed_review(site, supervisor)
    services.finding_report_fixed(finding=finding, by=employee, note="Turned the filter on.", expected_version=1)
    label = f"{finding.clause_id} on {site.name}"
    clock.shift(days=(finding.due_on - site.district.today()).days)  # the due date: checked today, not yet late
    assert reminded("finding.verify_due") == {supervisor.username}
    assert dashboard(admin)["findings_overdue"] == 0
    assert overdue_rows(admin, "Finding: check the reported fix") == {}

    clock.shift(days=1)
    assert registry_row(admin, site).overdue_findings == 1
    assert dashboard(admin)["findings_overdue"] == 1
    assert overdue_rows(admin, "Finding: check the reported fix") == {label: supervisor.display_name}
    assert overdue_rows(admin, "Finding") == {}
    assert reminded("finding.verify_due") == {supervisor.username}
    assert reminded("finding.due") == set(), "the owner did their part: nobody chases them"

    clock.shift(days=site.district.escalation_grace_days - 1)  # the due date plus the grace
    assert reminded("finding.verify_escalated") == {admin.username}

    services.finding_verify(finding=finding, by=supervisor, expected_version=2)
    assert registry_row(admin, site).overdue_findings == 0
    assert dashboard(admin)["findings_overdue"] == 0
    assert overdue_rows(admin, "Finding: check the reported fix") == {}


def test_a_decision_is_overdue_from_its_deadline_and_escalated_after_the_grace(clock, employee, supervisor, admin):
    request = factories.submitted_request(requester=employee, site_name="Robotics Club")
    deadline, grace = employee.district.decision_deadline_days, employee.district.escalation_grace_days
    clock.shift(days=deadline, minutes=-1)
    assert overdue_rows(admin, "Decision on a request") == {}
    assert dashboard(admin)["decisions_overdue"] == 0
    assert reminded("request.decision_due") == set()

    clock.shift(minutes=1)
    assert overdue_rows(admin, "Decision on a request") == {request.site_name: supervisor.display_name}
    assert dashboard(admin)["decisions_overdue"] == 1
    assert reminded("request.decision_due") == {supervisor.username}
    assert reminded("request.escalated") == set()

    clock.shift(days=grace)
    assert reminded("request.escalated") == {admin.username}

    factories.close_account(supervisor)
    assert overdue_rows(admin, "Decision on a request") == {request.site_name: "The district administrators"}
    assert reminded("request.decider_left") == {admin.username}


def test_overdue_is_judged_by_the_districts_date_not_utcs(clock, site, employee, supervisor, admin):
    """West Hartford is four hours behind UTC in September: at 02:00 UTC the district's due date has not ended."""
    [finding] = factories.failed_review(site, supervisor)
    label = f"{finding.clause_id} on {site.name}"
    day_after = datetime.combine(finding.due_on + timedelta(days=1), datetime.min.time(), tzinfo=UTC)
    with time_machine.travel(day_after + timedelta(hours=2), tick=False):
        assert site.district.today() == finding.due_on
        assert registry_row(admin, site).overdue_findings == 0
        assert overdue_rows(admin, "Finding") == {}
        assert dashboard(admin)["findings_overdue"] == 0
    with time_machine.travel(day_after + timedelta(hours=5), tick=False):
        assert registry_row(admin, site).overdue_findings == 1
        assert overdue_rows(admin, "Finding") == {label: employee.display_name}
        assert dashboard(admin)["findings_overdue"] == 1


def test_a_supervisor_moved_to_another_role_no_longer_owes_the_review(clock, site, supervisor, admin):
    site.refresh_from_db()
    supervisor.role = Role.EMPLOYEE
    supervisor.save(update_fields=["role"])
    clock.shift(days=(site.next_review_due - site.district.today()).days + site.district.escalation_grace_days)
    assert overdue_rows(admin, "Checklist review") == {site.name: "The district administrators"}
    assert reminded("review.due") == {admin.username}
