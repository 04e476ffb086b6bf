"""A leaver's open work on sites, handed on as their account closes: one test per kind, each asserting where
every item went, its event, and that nothing is left waiting for the closed account."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from audits.models import AuditEvent
from policyportal.models import Notification, Role
from policyportal.services import people
from sites import services
from sites.models import FindingStatus, SiteStatus
from tests import factories
from tests.handover import open_work_of


@pytest.fixture
def colleague(west_hartford, supervisor):
    return factories.user(district=west_hartford, username="colleague", supervisor=supervisor)


@pytest.fixture
def other_supervisor(west_hartford, admin):
    return factories.user(district=west_hartford, role=Role.SUPERVISOR, username="othersup", supervisor=admin)


@pytest.fixture
def second_admin(west_hartford):
    return factories.user(district=west_hartford, role=Role.DISTRICT_ADMIN, username="second")


def event_about(action: str, target):
    return AuditEvent.objects.get(action=action, target_type=target._meta.model_name, target_id=str(target.pk))


# Sites they own


def test_a_site_they_own_is_offered_to_their_supervisor_who_takes_its_findings_on_accepting(
    site, employee, supervisor, admin
):
    finding = factories.failed_review(site, supervisor)[0]
    people.person_deactivate(person=employee, by=admin)
    site.refresh_from_db()
    assert (site.owner, site.transfer_to, site.status) == (employee, supervisor, SiteStatus.ACTIVE)
    event = event_about("site.transfer_offered", site)
    assert (event.actor, event.payload) == (admin, {"to": supervisor.pk})
    offer = Notification.objects.get(recipient=supervisor, kind="site.transfer_offered")
    assert "has left the portal" in offer.title
    assert open_work_of(employee) == []

    services.site_transfer_accept(site=site, by=supervisor, expected_version=site.version)
    finding.refresh_from_db()
    assert finding.assignee == supervisor


def test_a_site_they_own_goes_to_the_colleague_chosen(site, employee, colleague, admin):
    people.person_deactivate(person=employee, by=admin, handover={f"sites.owned:{site.pk}": colleague})
    site.refresh_from_db()
    assert site.transfer_to == colleague
    assert open_work_of(employee) == []


def test_a_site_they_own_may_be_suspended_instead_and_its_closed_owner_is_not_told(site, employee, admin):
    people.person_deactivate(person=employee, by=admin, handover={f"sites.owned:{site.pk}": "suspend"})
    site.refresh_from_db()
    assert (site.status, site.transfer_to) == (SiteStatus.SUSPENDED, None)
    assert "has left the portal" in site.status_reason
    assert event_about("site.suspended", site).actor == admin
    assert not Notification.objects.filter(recipient=employee, kind="site.suspended").exists()
    assert open_work_of(employee) == []


def test_an_offer_already_made_stands_by_default(site, employee, colleague, admin):
    services.site_transfer_offer(site=site, by=employee, to=colleague, expected_version=site.version)
    plan = people.person_deactivate(person=employee, by=admin)
    item = next(item for item in plan.items if item.kind == "sites.owned")
    assert item.default == str(colleague.pk)
    site.refresh_from_db()
    assert site.transfer_to == colleague


def test_an_administrator_offers_a_site_only_once_its_owner_has_left(site, employee, colleague, admin):
    with pytest.raises(PermissionDenied, match="Only the site's owner"):
        services.site_transfer_offer(site=site, by=admin, to=colleague, expected_version=site.version)
    factories.close_account(employee)
    services.site_transfer_offer(site=site, by=admin, to=colleague, expected_version=site.version)
    site.refresh_from_db()
    assert site.transfer_to == colleague


# Offers waiting for them


def test_an_offer_of_a_site_waiting_for_them_is_withdrawn_and_the_owner_told(site, employee, colleague, admin):
    services.site_transfer_offer(site=site, by=employee, to=colleague, expected_version=site.version)
    people.person_deactivate(person=colleague, by=admin)
    site.refresh_from_db()
    assert (site.owner, site.transfer_to) == (employee, None)
    event = event_about("site.transfer_withdrawn", site)
    assert (event.actor, event.payload) == (admin, {"to": colleague.pk})
    assert Notification.objects.filter(recipient=employee, kind="site.transfer_withdrawn").exists()
    assert open_work_of(colleague) == []


# Sites they supervise: the reviews they owe


def test_a_site_they_supervise_gets_the_supervisor_chosen_who_finishes_the_open_review(
    site, supervisor, other_supervisor, admin
):
    review = services.review_start(site=site, by=supervisor)
    people.person_deactivate(person=supervisor, by=admin, handover={f"sites.supervised:{site.pk}": other_supervisor})
    site.refresh_from_db()
    assert site.supervisor == other_supervisor
    event = event_about("site.supervisor_changed", site)
    assert (event.actor, event.payload) == (admin, {"from": supervisor.pk, "to": other_supervisor.pk})
    assert Notification.objects.filter(recipient=other_supervisor, kind="site.supervisor_changed").exists()
    services.review_complete(review=review, by=other_supervisor, answers=factories.all_pass(review))
    assert open_work_of(supervisor) == []


def test_a_site_they_supervise_goes_to_their_own_supervisor_by_default(site, supervisor, admin):
    people.person_deactivate(person=supervisor, by=admin)
    site.refresh_from_db()
    assert site.supervisor == admin
    assert open_work_of(supervisor) == []


def test_a_site_is_never_supervised_by_its_owner(site, employee, supervisor, admin):
    factories.close_account(supervisor)
    with pytest.raises(ValidationError, match="other than the site's owner"):
        services.site_supervisor_change(site=site, by=admin, to=employee, expected_version=site.version)
    with pytest.raises(PermissionDenied, match="district administrator"):
        services.site_supervisor_change(site=site, by=employee, to=admin, expected_version=site.version)


# Findings whose fix they check


def test_a_finding_they_reviewed_goes_to_the_sites_supervisor_who_verifies_the_fix(
    site, employee, supervisor, admin, second_admin
):
    finding = factories.failed_review(site, second_admin)[0]
    finding = services.finding_report_fixed(
        finding=finding, by=employee, note="Closed the group.", expected_version=finding.version
    )
    people.person_deactivate(person=second_admin, by=admin)
    finding.refresh_from_db()
    assert finding.reviewer == supervisor
    event = event_about("finding.reviewer_changed", finding)
    assert (event.actor, event.payload) == (admin, {"from": second_admin.pk, "to": supervisor.pk})
    services.finding_verify(finding=finding, by=supervisor, expected_version=finding.version)
    finding.refresh_from_db()
    assert finding.status == FindingStatus.CLOSED
    assert open_work_of(second_admin) == []


def test_a_supervisor_who_reviewed_hands_on_the_site_and_its_findings(site, supervisor, admin):
    finding = factories.failed_review(site, supervisor)[0]
    people.person_deactivate(person=supervisor, by=admin)
    site.refresh_from_db()
    finding.refresh_from_db()
    assert (site.supervisor, finding.reviewer) == (admin, admin)
    assert open_work_of(supervisor) == []


def test_a_findings_reviewer_must_be_able_to_review_its_site(site, supervisor, colleague, admin):
    finding = factories.failed_review(site, supervisor)[0]
    with pytest.raises(ValidationError, match="site's supervisor or an administrator"):
        services.finding_reviewer_change(finding=finding, by=admin, to=colleague, expected_version=finding.version)


# Violation reports they handle


def test_a_violation_report_they_handle_goes_to_their_supervisor_who_is_told(site, supervisor, colleague, admin):
    report = services.violation_report(
        by=colleague,
        site=site,
        category="profanity",
        what_happened="A swear word in the last post.",
        occurred_on=timezone.localdate(),
    )
    assert report.handler == supervisor
    people.person_deactivate(person=supervisor, by=admin)
    report.refresh_from_db()
    assert report.handler == admin
    event = event_about("violation.handler_changed", report)
    assert (event.actor, event.payload) == (admin, {"from": supervisor.pk, "to": admin.pk})
    assert Notification.objects.filter(recipient=admin, kind="violation.reported").exists()
    assert open_work_of(supervisor) == []


# The portal itself, closing an account for a directory sync


def test_the_portal_itself_hands_on_a_leavers_sites(site, employee, supervisor):
    people.person_deactivate(person=supervisor, by=None)
    site.refresh_from_db()
    event = event_about("site.supervisor_changed", site)
    assert (event.actor, event.district_id) == (None, site.district_id)
    assert open_work_of(supervisor) == []


def test_the_portal_itself_acts_only_on_work_of_someone_who_has_left(site, colleague):
    with pytest.raises(PermissionDenied):
        services.site_transfer_offer(site=site, by=None, to=colleague, expected_version=site.version)
    with pytest.raises(PermissionDenied):
        services.site_supervisor_change(site=site, by=None, to=colleague, expected_version=site.version)


def test_the_portal_itself_offers_a_leavers_site_and_withdraws_offers_to_them(
    site, employee, supervisor, west_hartford
):
    other_site = factories.active_site(requester=supervisor, site_name="Hall Newsletter")
    services.site_transfer_offer(site=other_site, by=supervisor, to=employee, expected_version=other_site.version)
    people.person_deactivate(person=employee, by=None)
    site.refresh_from_db()
    other_site.refresh_from_db()
    assert (site.transfer_to, other_site.transfer_to) == (supervisor, None)
    assert event_about("site.transfer_offered", site).actor is None
    assert open_work_of(employee) == []
