"""What the sites app does for the regulations' clauses (policyportal.clause_support): its workflows, and the
live figures of reviews' checklist items and of violation categories and outcomes."""

from collections.abc import Sequence

from django.db.models import Count, Q, QuerySet

from policyportal.clause_support import Figure, Period, register_item_figures, register_workflow
from policyportal.models import AppliesTo, ChecklistItem
from sites import rules
from sites.models import Answer, MonitoringCheck, ReviewAnswer, Site, SiteStatus, ViolationReport


def monitoring_figures(period: Period) -> list[Figure]:
    active = Site.objects.filter(district=period.district, status=SiteStatus.ACTIVE)
    counted = active.aggregate(
        sites=Count("pk"), overdue=Count("pk", filter=rules.checks_overdue([period.district], period.now))
    )
    checks = MonitoringCheck.objects.filter(site__district=period.district, checked_at__gte=period.month_start)
    return [
        Figure("Active sites monitored on time", counted["sites"] - counted["overdue"], counted["sites"]),
        Figure("Monitoring checks logged this month", checks.count()),
    ]


def oversight_figures(period: Period) -> list[Figure]:
    active = Site.objects.filter(district=period.district, status=SiteStatus.ACTIVE).count()
    return [Figure("Active sites, each open to the administrators and the owner's supervisor", active)]


def review_figures(period: Period, items: Sequence[ChecklistItem]) -> dict[str, list[Figure]]:
    """Per clause of the site-review items: reviews completed this year that answered an item citing it, and
    those that failed it (the answers keep the clause they were given against)."""
    clause_ids = {item.clause_id for item in items}
    answered = (
        ReviewAnswer.objects.filter(
            review__district=period.district, review__completed_at__gte=period.year_start, clause_id__in=clause_ids
        )
        .exclude(answer="")
        .values("clause_id")
        .annotate(
            reviews=Count("review", distinct=True),
            failed=Count("review", distinct=True, filter=Q(answer=Answer.FAIL)),
        )
    )
    counted = {row["clause_id"]: row for row in answered}
    none = {"reviews": 0, "failed": 0}
    return {
        clause_id: [
            Figure("Reviews this year that checked it", counted.get(clause_id, none)["reviews"]),
            Figure("Reviews this year that failed it", counted.get(clause_id, none)["failed"]),
        ]
        for clause_id in clause_ids
    }


def _violations_by_clause(
    reports: QuerySet[ViolationReport], item_field: str, items: Sequence[ChecklistItem], label: str
) -> dict[str, list[Figure]]:
    """Per clause of `items`: the reports whose `item_field` (the category or outcome item they point at, of
    whichever version) cites it."""
    clause_ids = {item.clause_id for item in items}
    rows = reports.filter(**{f"{item_field}__clause_id__in": clause_ids}).values(f"{item_field}__clause_id")
    counted = {row[f"{item_field}__clause_id"]: row["n"] for row in rows.annotate(n=Count("pk"))}
    return {clause_id: [Figure(label, counted.get(clause_id, 0))] for clause_id in clause_ids}


def violation_category_figures(period: Period, items: Sequence[ChecklistItem]) -> dict[str, list[Figure]]:
    reported = ViolationReport.objects.filter(district=period.district, reported_at__gte=period.year_start)
    return _violations_by_clause(reported, "category", items, "Violations reported under it this year")


def violation_outcome_figures(period: Period, items: Sequence[ChecklistItem]) -> dict[str, list[Figure]]:
    resolved = ViolationReport.objects.filter(district=period.district, resolved_at__gte=period.year_start)
    return _violations_by_clause(resolved, "outcome", items, "Violations resolved with it this year")


def register() -> None:
    register_workflow(
        "monitoring",
        "the owner logs each check of the site; the portal reminds them when a check falls due and tells their "
        "supervisor, then the administrators, when it stays overdue.",
        ("WH-D7", "R14-D3f"),
        monitoring_figures,
    )
    register_workflow(
        "every site in view",
        "the district's administrators see every site with its requests, reviews, checks and reports; a "
        "supervisor sees the sites of the people they supervise.",
        ("WH-D8", "R14-D6", "R14-D3g"),
        oversight_figures,
    )
    register_item_figures(AppliesTo.SITE_REVIEW, review_figures)
    register_item_figures(AppliesTo.VIOLATION_CATEGORY, violation_category_figures)
    register_item_figures(AppliesTo.VIOLATION_OUTCOME, violation_outcome_figures)
