"""Disposal takes away the notifications about a record (those linking to its pages), which quote what was typed in
it: a site's name and why it was retired, what a violation report says happened, a question and its answer, a
finding's note. Notifications about records still kept stay, and so do those a legal hold covers."""

import datetime

import pytest
from django.utils import timezone

from policyportal.models import AppliesTo, Notification
from policyportal.records import disposal
from policyportal.records.models import LegalHold
from policyportal.selectors import current_items
from sites import services as site_services
from sites.personal.models import ConsultationAnswer
from sites.personal.services import consultations
from sites.services import violations
from tests import factories
from tests.records.disposal_support import LONG_AGO, approve_and_run, schedule, started_long_ago, waiting_batch
from tests.records.test_disposal import _text_columns_holding

pytestmark = pytest.mark.django_db

SECRET = "Zanzibar-quokka-7731"


def _dispose_what_is_due(district, officer, capture) -> None:
    disposal.disposal_list_district(district_id=district.pk)
    batch = approve_and_run(waiting_batch(district), officer, capture)
    assert set(batch.items.values_list("status", flat=True)) == {"disposed"}


def test_a_disposed_site_report_and_question_leave_no_notification_quoting_them(
    postgres, employee, supervisor, admin, officer, west_hartford, django_capture_on_commit_callbacks
):
    site = factories.active_site(requester=employee, site_name=f"Club {SECRET}")
    site_services.site_retire(site=site, by=admin, reason=f"Retired: {SECRET}", expected_version=site.version)
    report = violations.violation_report(
        by=employee,
        site=None,
        account_name=f"account {SECRET}",
        account_url="",
        category=current_items(west_hartford.pk, AppliesTo.VIOLATION_CATEGORY)[0].key,
        what_happened=f"He posted {SECRET}",
        occurred_on=timezone.localdate(),
        links="",
    )
    outcome = current_items(west_hartford.pk, AppliesTo.VIOLATION_OUTCOME)[0].key
    violations.violation_resolve(report=report, by=admin, outcome=outcome, note=f"Talked to {SECRET}")
    question = consultations.consultation_ask(
        by=employee, text=f"Go {SECRET}!", links="", site=None, findings=[], question=f"May I name {SECRET}?"
    )
    consultations.consultation_answer(
        consultation=question, by=supervisor, answer=ConsultationAnswer.CHANGES, note=f"Leave out {SECRET}"
    )
    quoting = Notification.objects.filter(title__contains=SECRET) | Notification.objects.filter(body__contains=SECRET)
    assert {notification.link for notification in quoting} == {
        f"/requests/{site.request_id}/",
        f"/sites/{site.pk}/",
        f"/sites/violations/{report.pk}/",
        f"/sites/questions/{question.pk}/",
    }
    unrelated = factories.active_site(requester=employee, site_name="Chess Club")
    kept = set(Notification.objects.filter(link__startswith=f"/sites/{unrelated.pk}/").values_list("pk", flat=True))
    kept |= set(Notification.objects.filter(link=f"/requests/{unrelated.request_id}/").values_list("pk", flat=True))
    assert kept
    for key, record, starts in [
        ("site_files", site, None),
        ("violations", report, "resolved"),
        ("consultations", question, "answered"),
    ]:
        started_long_ago(key, record, starts)
        schedule(west_hartford, key, admin, starts=starts)

    _dispose_what_is_due(west_hartford, officer, django_capture_on_commit_callbacks)

    assert _text_columns_holding(SECRET) == []
    assert set(Notification.objects.filter(pk__in=kept).values_list("pk", flat=True)) == kept


def test_a_disposed_review_takes_its_findings_notifications_and_leaves_its_sites(
    employee, supervisor, admin, officer, west_hartford, django_capture_on_commit_callbacks
):
    site = factories.active_site(requester=employee)
    (finding,) = factories.failed_review(site, supervisor, note=f"Anyone can join: {SECRET}")
    finding = site_services.finding_report_fixed(
        finding=finding, by=employee, note=f"Closed {SECRET}", expected_version=finding.version
    )
    site_services.finding_verify(finding=finding, by=supervisor, expected_version=finding.version)
    about_finding = Notification.objects.filter(link=f"/sites/{site.pk}/#finding-{finding.pk}")
    assert about_finding.count() == 2  # the finding opened, its fix reported: both quote what was written
    about_request = set(Notification.objects.filter(link=f"/requests/{site.request_id}/").values_list("pk", flat=True))
    assert about_request
    started_long_ago("reviews", finding.review)
    schedule(west_hartford, "reviews", admin)

    _dispose_what_is_due(west_hartford, officer, django_capture_on_commit_callbacks)

    assert _text_columns_holding(SECRET) == []
    assert not about_finding.exists()
    assert set(Notification.objects.filter(pk__in=about_request).values_list("pk", flat=True)) == about_request


def test_notifications_a_hold_covers_stay(employee, admin, officer, west_hartford, django_capture_on_commit_callbacks):
    site = factories.active_site(requester=employee, site_name=f"Club {SECRET}")
    site_services.site_retire(site=site, by=admin, reason="Merged", expected_version=site.version)
    for made in (site, site.request):  # made long ago: the hold below covers only the notifications, sent today
        type(made)._base_manager.filter(pk=made.pk).update(created_at=timezone.now() - LONG_AGO)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    LegalHold.objects.create(district=west_hartford, reason="Case", starts_on=yesterday, placed_by=officer)
    quoting = set(Notification.objects.filter(title__contains=SECRET).values_list("pk", flat=True))
    assert quoting
    started_long_ago("site_files", site)
    schedule(west_hartford, "site_files", admin)

    _dispose_what_is_due(west_hartford, officer, django_capture_on_commit_callbacks)

    assert set(Notification.objects.filter(title__contains=SECRET).values_list("pk", flat=True)) == quoting
