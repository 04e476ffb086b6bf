"""Keeps each site's summary columns (last review, unresolved findings, last check) true to its records.

The summary is recomputed from the records rather than counted up and down. Every service that completes a
review, changes a finding or logs a check locks the site first (`site_lock`), before its records, and
refreshes the summary in the same transaction: one lock order for every writer, and whoever refreshes last
has waited for the others to commit, so their records are in its count.
"""

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from sites.models import Finding, FindingStatus, MonitoringCheck, Site, SiteReview


def site_lock(pk: int) -> Site:
    """The site, locked (its district read with it, not locked)."""
    return Site.objects.select_for_update(of=("self",)).select_related("district").get(pk=pk)


def summary_refresh(sites: QuerySet[Site]) -> int:
    latest_review = SiteReview.objects.filter(site=OuterRef("pk"), completed_at__isnull=False)
    unresolved = (
        Finding.objects.filter(site=OuterRef("pk"), status__in=FindingStatus.unresolved())
        .order_by()
        .values("site")
        .annotate(count=Count("pk"))
    )
    latest_check = MonitoringCheck.objects.filter(site=OuterRef("pk"))
    return sites.update(
        last_reviewed_at=Subquery(latest_review.order_by("-completed_at").values("completed_at")[:1]),
        unresolved_findings=Coalesce(Subquery(unresolved.values("count")), 0),
        last_checked_at=Subquery(latest_check.order_by("-checked_at").values("checked_at")[:1]),
    )
