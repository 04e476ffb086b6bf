"""Who may act on a site, its reviews, findings and reports: each refusal proven, each changing nothing."""

import io
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from audits.models import AuditEvent
from policyportal.models import Notification, Role
from sites import services
from sites.models import Compliance, Finding, FindingStatus, Site, SiteStatus
from sites.rules import may_review, with_compliance
from sites.selectors import sites_visible_to, violations_visible_to
from tests import factories
from tests.factories import version_of


def compliance(site) -> str:
    return with_compliance(Site.objects.filter(pk=site.pk), site.district, site.district.today()).get().compliance


@pytest.fixture
def second_admin(west_hartford, admin):
    return factories.user(district=west_hartford, role=Role.DISTRICT_ADMIN, username="admin2", supervisor=admin)


@pytest.fixture
def other_supervisor(west_hartford, admin):
    return factories.user(district=west_hartford, role=Role.SUPERVISOR, username="othersup", supervisor=admin)


def test_an_administrator_never_reviews_or_verifies_a_site_they_own(admin, second_admin):
    site = factories.active_site(requester=second_admin)
    assert not may_review(site, second_admin)
    with pytest.raises(PermissionDenied):
        services.review_start(site=site, by=second_admin)
    [finding] = factories.failed_review(site, admin)
    services.finding_report_fixed(finding=finding, by=second_admin, note="Done", expected_version=version_of(finding))
    with pytest.raises(PermissionDenied):
        services.finding_verify(finding=finding, by=second_admin, expected_version=version_of(finding))
    finding.refresh_from_db()
    assert finding.status == FindingStatus.FIXED


def test_another_teams_supervisor_cannot_continue_a_review_or_verify(site, supervisor, other_supervisor):
    review = services.review_start(site=site, by=supervisor)
    with pytest.raises(PermissionDenied):
        services.review_save(review=review, by=other_supervisor, answers={})


def test_after_a_hand_over_the_new_supervisor_takes_over_the_review_and_hears_of_fixes(
    site, employee, supervisor, other_supervisor, west_hartford
):
    [finding] = factories.failed_review(site, supervisor)
    newcomer = factories.user(district=west_hartford, username="newcomer", supervisor=other_supervisor)
    site.refresh_from_db()
    services.site_transfer_offer(site=site, by=employee, to=newcomer, expected_version=site.version)
    site.refresh_from_db()
    services.site_transfer_accept(site=site, by=newcomer, expected_version=site.version)
    finding.refresh_from_db()
    assert finding.assignee == newcomer
    services.finding_report_fixed(
        finding=finding, by=newcomer, note="Invitation only now", expected_version=version_of(finding)
    )
    assert Notification.objects.filter(recipient=other_supervisor, kind="finding.fixed").exists()
    services.finding_verify(finding=finding, by=other_supervisor, expected_version=version_of(finding))
    with pytest.raises(PermissionDenied):
        services.review_start(site=site, by=supervisor)


def test_the_new_owner_can_open_the_site_offered_to_them(client, site, employee, west_hartford, supervisor):
    successor = factories.user(district=west_hartford, username="successor", supervisor=supervisor)
    client.force_login(successor)
    assert client.get(reverse("sites:detail", args=[site.pk])).status_code == 404
    services.site_transfer_offer(site=site, by=employee, to=successor, expected_version=site.version)
    assert "offers you this site" in client.get(reverse("sites:detail", args=[site.pk])).content.decode()


def test_a_retired_site_cannot_be_handed_on_even_if_offered_before(site, employee, admin, west_hartford, supervisor):
    successor = factories.user(district=west_hartford, username="successor", supervisor=supervisor)
    services.site_transfer_offer(site=site, by=employee, to=successor, expected_version=site.version)
    site.refresh_from_db()
    services.site_retire(site=site, by=admin, reason="Season over", expected_version=site.version)
    site.refresh_from_db()
    assert site.transfer_to is None
    with pytest.raises(PermissionDenied):
        services.site_transfer_accept(site=site, by=successor, expected_version=site.version)


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example\\@www.facebook.com/groups/x",
        "https://user:pass@www.facebook.com/groups/x",
    ],
)
def test_an_address_that_browsers_read_differently_is_refused(employee, supervisor, admin, url):
    site = factories.approved_site(requester=employee)
    with pytest.raises(ValidationError, match="without a user name or backslashes"):
        services.site_activate(site=site, by=employee, url=url, setup_confirmed=True, expected_version=site.version)


def test_a_supervisor_reporting_their_own_teams_site_is_handled_above_them(site, supervisor, admin):
    report = services.violation_report(
        by=supervisor, site=site, category="profanity", what_happened="x", occurred_on=timezone.localdate()
    )
    assert report.handler == admin
    assert Notification.objects.filter(recipient=admin, kind="violation.reported").exists()
    with pytest.raises(PermissionDenied):
        services.violation_resolve(report=report, by=supervisor, outcome="no_violation", note="Mine")


def test_an_administrator_cannot_resolve_their_own_report(site, admin, second_admin):
    report = services.violation_report(
        by=admin, account_name="Fan page", category="other", what_happened="x", occurred_on=timezone.localdate()
    )
    with pytest.raises(PermissionDenied):
        services.violation_resolve(report=report, by=admin, outcome="no_violation", note="Mine")
    services.violation_resolve(report=report, by=second_admin, outcome="no_violation", note="Checked")


def test_employees_see_only_the_reports_they_filed(site, employee, west_hartford, supervisor):
    colleague = factories.user(district=west_hartford, username="colleague", supervisor=supervisor)
    theirs = services.violation_report(
        by=colleague, site=site, category="other", what_happened="x", occurred_on=timezone.localdate()
    )
    assert theirs not in violations_visible_to(employee)
    assert list(violations_visible_to(colleague)) == [theirs]


def test_suspended_and_retired_sites_are_not_in_use_rather_than_overdue(site, admin):
    services.site_suspend(site=site, by=admin, reason="Complaint", expected_version=site.version)
    assert compliance(site) == Compliance.INACTIVE


def test_a_review_is_due_from_its_date_and_overdue_after_the_grace(site, supervisor):
    review = services.review_start(site=site, by=supervisor)
    services.review_complete(review=review, by=supervisor, answers=factories.all_pass(review))
    site.refresh_from_db()
    due, grace = site.next_review_due, site.district.escalation_grace_days
    for offset, expected in [
        (-1, "compliant"),
        (0, "review_due"),
        (grace - 1, "review_due"),
        (grace, "review_overdue"),
    ]:
        with time_machine.travel(
            timezone.make_aware(timezone.datetime.combine(due + timedelta(days=offset), timezone.datetime.min.time()))
            + timedelta(hours=17)
        ):
            assert compliance(site) == expected, offset


def test_a_review_of_a_suspended_site_cannot_be_completed(site, supervisor, admin):
    review = services.review_start(site=site, by=supervisor)
    site.refresh_from_db()
    services.site_suspend(site=site, by=admin, reason="Complaint", expected_version=site.version)
    with pytest.raises(ValidationError, match="only an active site is reviewed"):
        services.review_complete(review=review, by=supervisor, answers=factories.all_pass(review))
    assert not Finding.objects.exists()


@pytest.mark.parametrize("end", ["suspend", "retire"])
def test_an_open_review_of_an_ended_site_takes_no_answers_or_evidence(site, supervisor, admin, end, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    review = services.review_start(site=site, by=supervisor)
    site.refresh_from_db()
    ending = services.site_suspend if end == "suspend" else services.site_retire
    ending(site=site, by=admin, reason="Complaint", expected_version=site.version)
    row = review.answers.first()
    events = AuditEvent.objects.count()

    with pytest.raises(ValidationError, match="this review is closed"):
        services.review_save(review=review, by=supervisor, answers={row.pk: {"answer": "pass"}})
    with pytest.raises(ValidationError, match="this review is closed"):
        services.evidence_attach(answer=row, by=supervisor, upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4 x"))

    row.refresh_from_db()
    assert row.answer == "" and not row.evidence.exists()
    assert AuditEvent.objects.count() == events


def test_the_review_page_of_a_suspended_site_says_the_review_is_closed_and_offers_no_form(
    client, site, supervisor, admin
):
    review = services.review_start(site=site, by=supervisor)
    site.refresh_from_db()
    services.site_suspend(site=site, by=admin, reason="Complaint", expected_version=site.version)
    client.force_login(supervisor)

    page = client.get(reverse("sites:review", args=[review.pk])).content.decode()

    assert "Closed unfinished: the site is suspended" in page
    assert 'name="action"' not in page and 'type="file"' not in page


def test_a_site_being_set_up_cannot_be_reviewed_and_a_retired_one_not_suspended(employee, supervisor, admin):
    site = factories.approved_site(requester=employee)
    with pytest.raises(ValidationError, match="Only an active site"):
        services.review_start(site=site, by=supervisor)
    services.site_retire(site=site, by=admin, reason="Never used", expected_version=site.version)
    site.refresh_from_db()
    with pytest.raises(ValidationError, match="retired"):
        services.site_suspend(site=site, by=admin, reason="x", expected_version=site.version)
    assert site.status == SiteStatus.RETIRED


def test_evidence_is_refused_on_a_completed_review_and_for_a_broken_image(site, supervisor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    review = services.review_start(site=site, by=supervisor)
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), "red").save(buffer, format="PNG")
    truncated = SimpleUploadedFile("photo.png", buffer.getvalue()[:60])
    with pytest.raises(ValidationError, match="PNG or JPEG image, or a PDF"):
        services.evidence_attach(answer=review.answers.first(), by=supervisor, upload=truncated)
    services.review_complete(review=review, by=supervisor, answers=factories.all_pass(review))
    with pytest.raises(ValidationError, match="already complete"):
        services.evidence_attach(
            answer=review.answers.first(), by=supervisor, upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4")
        )


def test_evidence_of_a_site_is_404_to_another_team_of_the_same_district(
    client, site, supervisor, other_supervisor, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    review = services.review_start(site=site, by=supervisor)
    evidence = services.evidence_attach(
        answer=review.answers.first(), by=supervisor, upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4 x")
    )
    assert site not in sites_visible_to(other_supervisor)
    client.force_login(other_supervisor)
    assert client.get(reverse("sites:evidence", args=[evidence.pk])).status_code == 404


@pytest.mark.parametrize("how", ["suspend", "retire"])
def test_the_suspend_and_retire_pages_are_404_to_everyone_but_administrators(client, site, supervisor, how):
    client.force_login(supervisor)
    assert client.get(reverse("sites:end", args=[site.pk, how])).status_code == 404
