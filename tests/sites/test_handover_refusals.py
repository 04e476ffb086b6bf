"""The services that hand a site's work to someone else, refused: by outsiders, by the wrong role, in the wrong
state, to the wrong person, or to whom already has it. Each refusal changes nothing and records nothing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from audits.models import AuditEvent
from policyportal.models import Role
from sites import services
from sites.models import FindingStatus
from tests import factories


@pytest.fixture
def colleague(west_hartford, supervisor):
    return factories.user(district=west_hartford, username="colleague", supervisor=supervisor)


@pytest.fixture
def other_supervisor(west_hartford, admin):
    return factories.user(district=west_hartford, role=Role.SUPERVISOR, username="othersup", supervisor=admin)


@pytest.fixture
def second_admin(west_hartford):
    return factories.user(district=west_hartford, role=Role.DISTRICT_ADMIN, username="second")


def events(action: str, target) -> int:
    return AuditEvent.objects.filter(
        action=action, target_type=target._meta.model_name, target_id=str(target.pk)
    ).count()


def stored(record, *fields: str) -> dict:
    return type(record).objects.filter(pk=record.pk).values(*fields).get()


def refused(call, exception, match, record, fields: tuple[str, ...], action: str) -> None:
    """`call` raises `exception` (matching `match`), leaves `fields` of `record` as stored and records no
    `action` event about it (nor any other event)."""
    before, count, total = stored(record, *fields), events(action, record), AuditEvent.objects.count()
    with pytest.raises(exception, match=match):
        call()
    assert stored(record, *fields) == before
    assert events(action, record) == count
    assert AuditEvent.objects.count() == total


# site_transfer_withdraw

WITHDRAW_FIELDS = ("transfer_to", "owner", "version")


@pytest.fixture
def offered(site, employee, colleague):
    return services.site_transfer_offer(site=site, by=employee, to=colleague, expected_version=site.version)


def withdraw_refused(site, by, exception, match, expected_version=None):
    version = factories.version_of(site) if expected_version is None else expected_version
    refused(
        lambda: services.site_transfer_withdraw(site=site, by=by, expected_version=version),
        exception,
        match,
        site,
        WITHDRAW_FIELDS,
        "site.transfer_withdrawn",
    )


def test_an_administrator_withdraws_an_offer_and_the_owner_keeps_the_site(offered, employee, colleague, admin):
    site = services.site_transfer_withdraw(site=offered, by=admin, expected_version=offered.version)
    site.refresh_from_db()
    assert (site.owner, site.transfer_to) == (employee, None)
    assert events("site.transfer_withdrawn", site) == 1


def test_an_administrator_of_another_district_does_not_withdraw_an_offer(offered, r14_admin, outsider):
    withdraw_refused(offered, r14_admin, PermissionDenied, "owner or a district administrator")
    withdraw_refused(offered, outsider, PermissionDenied, "owner or a district administrator")


def test_the_sites_supervisor_and_the_colleague_offered_do_not_withdraw_an_offer(offered, supervisor, colleague):
    withdraw_refused(offered, supervisor, PermissionDenied, "owner or a district administrator")
    withdraw_refused(offered, colleague, PermissionDenied, "owner or a district administrator")


def test_the_portal_withdraws_an_offer_only_once_the_colleague_offered_has_left(offered):
    withdraw_refused(offered, None, PermissionDenied, "owner or a district administrator")


def test_a_site_offered_to_nobody_has_no_offer_to_withdraw(site, employee, admin):
    withdraw_refused(site, admin, ValidationError, "not offered to anyone")
    withdraw_refused(site, employee, ValidationError, "not offered to anyone")


def test_retiring_a_site_withdrew_its_offer_so_there_is_none_left(offered, admin):
    services.site_retire(site=offered, by=admin, reason="Team disbanded.", expected_version=offered.version)
    withdraw_refused(offered, admin, ValidationError, "not offered to anyone")


def test_an_offer_is_withdrawn_only_from_the_version_seen(offered, admin):
    withdraw_refused(offered, admin, ValidationError, "changed since you opened it", offered.version - 1)


# site_supervisor_change

SUPERVISOR_FIELDS = ("supervisor", "version")


def supervisor_change_refused(site, by, to, exception, match, expected_version=None):
    version = factories.version_of(site) if expected_version is None else expected_version
    refused(
        lambda: services.site_supervisor_change(site=site, by=by, to=to, expected_version=version),
        exception,
        match,
        site,
        SUPERVISOR_FIELDS,
        "site.supervisor_changed",
    )


def test_an_administrator_gives_a_site_another_supervisor(site, admin, other_supervisor):
    services.site_supervisor_change(site=site, by=admin, to=other_supervisor, expected_version=site.version)
    site.refresh_from_db()
    assert site.supervisor == other_supervisor
    assert events("site.supervisor_changed", site) == 1


def test_an_administrator_of_another_district_does_not_change_a_sites_supervisor(
    site, r14_admin, r14_supervisor, other_supervisor
):
    supervisor_change_refused(site, r14_admin, other_supervisor, PermissionDenied, "district administrator")
    supervisor_change_refused(site, r14_admin, r14_supervisor, PermissionDenied, "district administrator")


def test_only_an_administrator_changes_a_sites_supervisor(site, employee, supervisor, other_supervisor):
    supervisor_change_refused(site, supervisor, other_supervisor, PermissionDenied, "district administrator")
    supervisor_change_refused(site, other_supervisor, other_supervisor, PermissionDenied, "district administrator")
    supervisor_change_refused(site, employee, other_supervisor, PermissionDenied, "district administrator")


def test_the_portal_changes_a_sites_supervisor_only_once_that_supervisor_has_left(site, other_supervisor):
    supervisor_change_refused(site, None, other_supervisor, PermissionDenied, "district administrator")


def test_a_retired_site_gets_no_other_supervisor(site, admin, other_supervisor):
    services.site_retire(site=site, by=admin, reason="Team disbanded.", expected_version=site.version)
    supervisor_change_refused(site, admin, other_supervisor, ValidationError, "retired site")


def test_a_site_is_supervised_only_by_an_open_supervising_account_of_its_district(
    site, admin, colleague, r14_supervisor, r14_admin, west_hartford
):
    gone = factories.user(district=west_hartford, role=Role.SUPERVISOR, username="gone", supervisor=admin)
    factories.close_account(gone)
    for to in (colleague, r14_supervisor, r14_admin, gone):
        supervisor_change_refused(site, admin, to, ValidationError, "active supervisor or administrator")


def test_a_site_is_not_given_the_supervisor_it_has(site, admin, supervisor):
    supervisor_change_refused(site, admin, supervisor, ValidationError, "already supervises")


def test_a_sites_supervisor_is_changed_only_from_the_version_seen(site, admin, other_supervisor):
    supervisor_change_refused(site, admin, other_supervisor, ValidationError, "changed since", site.version - 1)


# finding_reviewer_change

REVIEWER_FIELDS = ("reviewer", "status", "version")


@pytest.fixture
def finding(site, supervisor):
    finding = factories.failed_review(site, supervisor)[0]
    assert finding.reviewer == supervisor
    return finding


def reviewer_change_refused(finding, by, to, exception, match, expected_version=None):
    version = factories.version_of(finding) if expected_version is None else expected_version
    refused(
        lambda: services.finding_reviewer_change(finding=finding, by=by, to=to, expected_version=version),
        exception,
        match,
        finding,
        REVIEWER_FIELDS,
        "finding.reviewer_changed",
    )


def test_an_administrator_names_another_reviewer_for_a_finding(finding, admin, second_admin):
    services.finding_reviewer_change(finding=finding, by=admin, to=second_admin, expected_version=finding.version)
    finding.refresh_from_db()
    assert finding.reviewer == second_admin
    assert events("finding.reviewer_changed", finding) == 1


def test_an_administrator_of_another_district_names_no_reviewer(finding, r14_admin, admin):
    reviewer_change_refused(finding, r14_admin, admin, PermissionDenied, "district administrator")
    reviewer_change_refused(finding, r14_admin, r14_admin, PermissionDenied, "district administrator")


def test_only_an_administrator_names_another_reviewer(finding, supervisor, employee, admin):
    reviewer_change_refused(finding, supervisor, admin, PermissionDenied, "district administrator")
    reviewer_change_refused(finding, employee, admin, PermissionDenied, "district administrator")


def test_the_portal_names_another_reviewer_only_once_the_reviewer_has_left(finding, admin):
    reviewer_change_refused(finding, None, admin, PermissionDenied, "district administrator")


def test_a_closed_finding_gets_no_other_reviewer(finding, employee, supervisor, admin):
    finding = services.finding_report_fixed(
        finding=finding, by=employee, note="Closed the group.", expected_version=finding.version
    )
    services.finding_verify(finding=finding, by=supervisor, expected_version=factories.version_of(finding))
    finding.refresh_from_db()
    assert finding.status == FindingStatus.CLOSED
    reviewer_change_refused(finding, admin, admin, ValidationError, "finding is closed")


def test_a_findings_reviewer_is_an_open_account_who_may_review_its_site(
    finding, admin, employee, colleague, other_supervisor, r14_admin, west_hartford
):
    gone = factories.user(district=west_hartford, role=Role.DISTRICT_ADMIN, username="gone")
    factories.close_account(gone)
    for to in (employee, colleague, other_supervisor, r14_admin, gone):
        reviewer_change_refused(finding, admin, to, ValidationError, "site's supervisor or an administrator")


def test_a_finding_is_not_given_the_reviewer_it_has(finding, admin, supervisor):
    reviewer_change_refused(finding, admin, supervisor, ValidationError, "its reviewer already")


def test_a_findings_reviewer_is_changed_only_from_the_version_seen(finding, admin):
    reviewer_change_refused(finding, admin, admin, ValidationError, "changed since", finding.version - 1)


# violation_handler_change

HANDLER_FIELDS = ("handler", "resolved_at")


def report_about(site, by):
    return services.violation_report(
        by=by,
        site=site,
        category="profanity",
        what_happened="A swear word in the last post.",
        occurred_on=timezone.localdate(),
    )


@pytest.fixture
def report(site, colleague, supervisor):
    report = report_about(site, colleague)
    assert report.handler == supervisor
    return report


def handler_change_refused(report, by, to, exception, match):
    refused(
        lambda: services.violation_handler_change(report=report, by=by, to=to),
        exception,
        match,
        report,
        HANDLER_FIELDS,
        "violation.handler_changed",
    )


def test_an_administrator_hands_a_report_to_another_handler(report, admin, other_supervisor):
    services.violation_handler_change(report=report, by=admin, to=other_supervisor)
    report.refresh_from_db()
    assert report.handler == other_supervisor
    assert events("violation.handler_changed", report) == 1


def test_an_administrator_of_another_district_hands_on_no_report(report, r14_admin, r14_supervisor, admin):
    handler_change_refused(report, r14_admin, admin, PermissionDenied, "district administrator")
    handler_change_refused(report, r14_admin, r14_supervisor, PermissionDenied, "district administrator")


def test_only_an_administrator_hands_on_a_report(report, supervisor, other_supervisor, colleague, admin):
    handler_change_refused(report, supervisor, other_supervisor, PermissionDenied, "district administrator")
    handler_change_refused(report, other_supervisor, other_supervisor, PermissionDenied, "district administrator")
    handler_change_refused(report, colleague, admin, PermissionDenied, "district administrator")


def test_the_portal_hands_on_a_report_only_once_its_handler_has_left(report, other_supervisor):
    handler_change_refused(report, None, other_supervisor, PermissionDenied, "district administrator")


def test_a_report_already_resolved_is_not_handed_on(report, supervisor, admin, other_supervisor):
    services.violation_resolve(report=report, by=supervisor, outcome="content_removed", note="Removed it.")
    handler_change_refused(report, admin, other_supervisor, ValidationError, "already recorded")


def test_a_report_goes_only_to_an_open_supervising_account_of_its_district(
    report, admin, colleague, employee, r14_supervisor, west_hartford
):
    gone = factories.user(district=west_hartford, role=Role.SUPERVISOR, username="gone", supervisor=admin)
    factories.close_account(gone)
    for to in (colleague, employee, r14_supervisor, gone):
        handler_change_refused(report, admin, to, ValidationError, "active supervisor or administrator")


def test_a_report_never_goes_to_its_reporter(site, other_supervisor, admin):
    report = report_about(site, other_supervisor)
    handler_change_refused(report, admin, other_supervisor, ValidationError, "other than the reporter")


def test_a_report_is_not_handed_to_its_handler(report, admin, supervisor):
    handler_change_refused(report, admin, supervisor, ValidationError, "handles this report already")
