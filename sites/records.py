"""The site registry's kinds of record, for the records office (`policyportal.records.registry`)."""

from policyportal.records.registry import RecordKind, StartEvent, register_kind


def _site(site) -> str:
    return f"Site {site.pk} ({site.get_platform_display()}, {site.get_status_display().lower()})"


def _review(review) -> str:
    return f"Review {review.pk} of site {review.site_id}"


def _check(check) -> str:
    return f"Monitoring check {check.pk} of site {check.site_id}"


def _violation(report) -> str:
    where = f"site {report.site_id}" if report.site_id else "a personal account"
    return f"Violation report {report.pk} about {where}"


def register() -> None:
    register_kind(
        RecordKind(
            key="site_files",
            label="Site files",
            model="groupsites.Site",
            starts={"retired": StartEvent("the site is retired", "retired_at")},
            made="created_at",
            site="pk",
            people=("owner", "supervisor"),
            describe=_site,
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
            people=("reviewer",),
            describe=_review,
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
            people=("reporter", "handler"),
            describe=_violation,
        )
    )
