"""The site registry's kinds of record, for the records office (`policyportal.records.registry`)."""

from collections.abc import Iterable

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from policyportal.records.registry import RecordKind, StartEvent, kind, register_kind
from sites import rules
from sites.models import (
    Evidence,
    Finding,
    FindingStatus,
    MonitoringCheck,
    ReviewAnswer,
    Site,
    SiteReview,
    ViolationReport,
)


def _site(site) -> str:
    return f"Site {site.pk} ({site.get_platform_display()}, {site.get_status_display().lower()})"


def _review(review) -> str:
    return f"Review {review.pk} of site {review.site_id}"


def _check(check) -> str:
    return f"Monitoring check {check.pk} of site {check.site_id}"


def _violation(report) -> str:
    where = f"site {report.site_id}" if report.site_id else "a personal account"
    return f"Violation report {report.pk} about {where}"


def _review_pages(review) -> list[str]:
    """The review's page, and each of its findings' cards on the site's page (what their notifications quote)."""
    return [
        reverse("sites:review", args=[review.pk]),
        *(finding.get_absolute_url() for finding in review.findings.all()),
    ]


def dispose_site_files(sites: Iterable[Site]) -> None:
    """Empties site files: the site's name, address and the reasons it was suspended or retired, and the request
    that opened it with its decisions (the requests kind's own disposal, reached through the registry)."""
    sites = list(sites)
    Site._base_manager.filter(pk__in=[site.pk for site in sites]).update(
        name="", platform_other="", url="", status_reason="", disposed_at=timezone.now()
    )
    request_kind = kind("requests")
    request_kind.dispose(request_kind.model_class._base_manager.filter(pk__in=[site.request_id for site in sites]))


def dispose_reviews(reviews: Iterable[SiteReview]) -> None:
    """Empties reviews: each answer's note, reason and evidence link, the findings' notes, and the evidence files,
    whose rows go now and whose files leave storage once the disposal commits. The checklist wording each item
    was answered against is the district's policy, not the review's, and stays."""
    ids = [review.pk for review in reviews]
    evidence = Evidence.objects.filter(answer__review_id__in=ids)
    files = list(evidence.values_list("file", flat=True))
    evidence.delete()
    ReviewAnswer.objects.filter(review_id__in=ids).update(note="", reason="", evidence_link="")
    Finding.objects.filter(review_id__in=ids).update(note="", fix_note="", reopen_reason="")
    SiteReview._base_manager.filter(pk__in=ids).update(disposed_at=timezone.now())
    transaction.on_commit(lambda: _delete_files(files))


def _delete_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


def dispose_checks(checks: Iterable[MonitoringCheck]) -> None:
    MonitoringCheck._base_manager.filter(pk__in=[check.pk for check in checks]).update(
        looked_at=[], found="", disposed_at=timezone.now()
    )


def dispose_violations(reports: Iterable[ViolationReport]) -> None:
    ViolationReport._base_manager.filter(pk__in=[report.pk for report in reports]).update(
        account_name="", account_url="", what_happened="", links="", outcome_note="", disposed_at=timezone.now()
    )


def register() -> None:
    register_kind(
        RecordKind(
            key="site_files",
            label="Site files",
            model="groupsites.Site",
            starts={"retired": StartEvent("the site is retired", "retired_at")},
            made="created_at",
            site="pk",
            people=("owner", "supervisor", "transfer_to"),
            describe=_site,
            dispose=dispose_site_files,
            pages=lambda site: [reverse("sites:detail", args=[site.pk])],
            includes={"requests": "request_id"},
        )
    )
    register_kind(
        RecordKind(
            key="reviews",
            label="Reviews, their findings and evidence",
            model="groupsites.SiteReview",
            starts={"completed": StartEvent("the review is completed", "completed_at")},
            made="started_at",
            site="site",
            people=("reviewer", "findings__assignee", "findings__reviewer"),
            describe=_review,
            # A review whose findings are not yet resolved is still at work.
            kept_while=Q(findings__status__in=FindingStatus.unresolved()),
            dispose=dispose_reviews,
            pages=_review_pages,
            parts={
                "groupsites.ReviewAnswer": "review",
                "groupsites.Finding": "review",
                "groupsites.Evidence": "answer__review",
            },
        )
    )
    register_kind(
        RecordKind(
            key="monitoring",
            label="Monitoring logs",
            model="groupsites.MonitoringCheck",
            starts={"checked": StartEvent("the check", "checked_at")},
            made="checked_at",
            district="site__district",
            site="site",
            people=("checked_by",),
            describe=_check,
            dispose=dispose_checks,
        )
    )
    register_kind(
        RecordKind(
            key="violations",
            label="Violation reports",
            model="groupsites.ViolationReport",
            starts={
                "resolved": StartEvent("the report is handled", "resolved_at"),
                "reported": StartEvent("the report is made", "reported_at"),
            },
            made="reported_at",
            site="site",
            people=("reporter", "handler", "resolved_by"),
            # A report not yet resolved is still at work.
            kept_while=rules.open_violations(),
            describe=_violation,
            dispose=dispose_violations,
            pages=lambda report: [reverse("sites:violation", args=[report.pk])],
        )
    )
