"""What the audit trail's pages call a site, a finding and a violation report: their current names, read from
their rows (`audits.live_labels`), since the events keep only neutral labels such as "Site 12" (`trail_label`)."""

from django.db.models import Case, CharField, Q, QuerySet, Value, When
from django.db.models.functions import Concat

from audits.live_labels import register_live_label
from sites.models import Finding, Site, ViolationReport

_NAMED_SITE = Q(site__isnull=False) & ~Q(site__name="")


def _findings() -> QuerySet[Finding]:
    """Named like "WH-D4 on Varsity Soccer Updates" while the site keeps its name."""
    on_site = Concat("clause_id", Value(" on "), "site__name", output_field=CharField())
    return Finding.objects.annotate(title=Case(When(_NAMED_SITE, then=on_site), output_field=CharField()))


def _violation_reports() -> QuerySet[ViolationReport]:
    """Named like "R14-S3: Harassment on Varsity Soccer Updates", or on the unofficial account the report names."""
    category = Concat("category__clause_id", Value(": "), "category__text", Value(" on "), output_field=CharField())
    on_site = Concat(category, "site__name", output_field=CharField())
    on_account = Concat(category, "account_name", Value(" (not a district site)"), output_field=CharField())
    return ViolationReport.objects.annotate(
        title=Case(
            When(_NAMED_SITE, then=on_site), When(~Q(account_name=""), then=on_account), output_field=CharField()
        )
    )


def register() -> None:
    register_live_label("site", Site.objects.all, field="name")
    register_live_label("finding", _findings, field="title")
    register_live_label("violationreport", _violation_reports, field="title")
