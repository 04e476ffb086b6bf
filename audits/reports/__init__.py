"""Audit reports: the only module that reads across the other apps.

Every report is scoped by `Scope`: a district administrator sees the district, a supervisor the people they
supervise, an employee nothing. Figures are counted in the database over the same rows the report pages
list, so a figure and its report always agree.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from statistics import median
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from policyportal.models import District, Role, School, User
from requests.models import Decision, SocialMediaRequest, Status
from sites.models import (
    Compliance,
    Finding,
    FindingStatus,
    Site,
    SiteReview,
    SiteStatus,
    ViolationReport,
)
from sites.selectors import with_compliance
from sites.services.monitoring import next_check_due


@dataclass(frozen=True)
class Scope:
    """Whose records a report covers, over which dates, and for which school."""

    user: User
    start: date
    end: date
    school: School | None = None

    def __post_init__(self):
        if self.user.role not in (Role.SUPERVISOR, Role.DISTRICT_ADMIN):
            raise PermissionDenied("Reports are for supervisors and district administrators.")

    @property
    def district(self) -> District:
        return self.user.district

    @property
    def today(self) -> date:
        return timezone.localdate(timezone.now(), ZoneInfo(self.district.time_zone))

    @property
    def whole_district(self) -> bool:
        return self.user.is_district_admin

    def window(self, field: str) -> Q:
        """Rows whose `field` falls in the date range, read in the district's time zone."""
        zone = timezone.get_current_timezone()
        since = timezone.make_aware(datetime.combine(self.start, time.min), zone)
        until = timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min), zone)
        return Q(**{f"{field}__gte": since, f"{field}__lt": until})

    def sites(self) -> QuerySet[Site]:
        found = Site.objects.filter(district=self.district)
        if not self.whole_district:
            found = found.filter(Q(supervisor=self.user) | Q(owner__supervisor=self.user))
        return found.filter(school=self.school) if self.school else found

    def requests(self) -> QuerySet[SocialMediaRequest]:
        found = SocialMediaRequest.objects.filter(district=self.district, submitted_at__isnull=False)
        if not self.whole_district:
            found = found.filter(requester__supervisor=self.user)
        return found.filter(school=self.school) if self.school else found

    def violations(self) -> QuerySet[ViolationReport]:
        found = ViolationReport.objects.filter(district=self.district)
        if not self.whole_district:
            found = found.filter(Q(handler=self.user) | Q(site__in=self.sites()))
        return found.filter(site__school=self.school) if self.school else found


def default_range(today: date | None = None) -> tuple[date, date]:
    """The school year so far: from August 1 to today."""
    today = today or timezone.localdate()
    start_year = today.year if today.month >= 8 else today.year - 1
    return date(start_year, 8, 1), today


def _counts(rows, field: str, labels) -> list[tuple[str, int]]:
    """How many rows have each value of `field`, in the order of `labels`; one query."""
    counted = Counter(rows.values_list(field, flat=True))
    return [(label, counted.get(value, 0)) for value, label in labels]


def dashboard(scope: Scope) -> dict:
    sites = with_compliance(scope.sites().filter(status=SiteStatus.ACTIVE), scope.district)
    requests = scope.requests().filter(scope.window("submitted_at"))
    decided = list(requests.filter(decided_at__isnull=False).values_list("submitted_at", "decided_at"))
    days_to_decide = [(done - submitted).total_seconds() / 86400 for submitted, done in decided]
    findings = Finding.objects.filter(site__in=scope.sites())
    unresolved = findings.filter(status__in=[FindingStatus.OPEN, FindingStatus.FIXED])
    violations = scope.violations().filter(scope.window("reported_at"))
    monitoring_overdue = len(_monitoring_overdue(scope))
    compliance = _counts(sites, "compliance", [c for c in Compliance.choices if c[0] != Compliance.INACTIVE])
    return {
        "requests_by_status": _counts(requests, "status", Status.choices[1:]),
        "median_days_to_decide": round(median(days_to_decide), 1) if days_to_decide else None,
        "sites_by_compliance": _counts(
            sites, "compliance", [c for c in Compliance.choices if c[0] != Compliance.INACTIVE]
        ),
        "active_sites": sites.count(),
        "monitoring": [("On time", sites.count() - monitoring_overdue), ("Overdue", monitoring_overdue)],
        "reviews_done": SiteReview.objects.filter(site__in=scope.sites()).filter(scope.window("completed_at")).count(),
        "reviews_overdue": dict(compliance)[Compliance.REVIEW_OVERDUE.label],
        "findings_open": unresolved.count(),
        "findings_overdue": _findings_overdue(scope).count(),
        "violations_by_category": _counts(violations, "category", ViolationReport._meta.get_field("category").choices),
        "violations_by_outcome": [
            *_counts(violations.exclude(action=""), "action", ViolationReport._meta.get_field("action").choices),
            ("Waiting", violations.filter(action="").count()),
        ],
        "per_school": per_school(scope, sites, requests, unresolved, violations),
    }


def per_school(scope: Scope, sites, requests, unresolved, violations) -> list[dict]:
    def by_school(rows, field="school"):
        return dict(rows.values_list(field).annotate(n=Count("pk")).values_list(field, "n"))

    active, asked = by_school(sites), by_school(requests)
    findings, reports = by_school(unresolved, "site__school"), by_school(violations, "site__school")
    schools = School.objects.filter(district=scope.district)
    if scope.school:
        schools = schools.filter(pk=scope.school.pk)
    return [
        {
            "school": school.name,
            "active_sites": active.get(school.pk, 0),
            "requests": asked.get(school.pk, 0),
            "open_findings": findings.get(school.pk, 0),
            "violations": reports.get(school.pk, 0),
        }
        for school in schools
    ]


def site_compliance(scope: Scope) -> QuerySet[Site]:
    """One row per site: last review, open findings, last monitoring check."""
    return (
        with_compliance(scope.sites().exclude(status=SiteStatus.RETIRED), scope.district)
        .annotate(last_check=Max("monitoring_checks__checked_at"))
        .select_related("owner", "school")
        .order_by("name", "pk")
    )


def request_decisions(scope: Scope) -> QuerySet[Decision]:
    """Who decided what, when, and how long it waited for them (since submission or the previous step)."""
    return (
        Decision.objects.filter(request__in=scope.requests())
        .filter(scope.window("decided_at"))
        .select_related("request", "decider")
        .order_by("-decided_at", "-pk")
    )


def waited_days(decisions: list[Decision]) -> list[tuple[Decision, float | None]]:
    """Each decision with the days it waited, computed for one page of decisions in one query."""
    previous = {}
    for request_id, decided_at in (
        Decision.objects.filter(request_id__in={d.request_id for d in decisions})
        .order_by("decided_at")
        .values_list("request_id", "decided_at")
    ):
        previous.setdefault(request_id, []).append(decided_at)
    rows = []
    for decision in decisions:
        starts = [moment for moment in previous.get(decision.request_id, []) if moment < decision.decided_at]
        if decision.request.submitted_at < decision.decided_at:
            starts.append(decision.request.submitted_at)
        # A decision from before a resubmission started at a submission that was since replaced: unknown.
        waited = round((decision.decided_at - max(starts)).total_seconds() / 86400, 1) if starts else None
        rows.append((decision, waited))
    return rows


def _monitoring_overdue(scope: Scope) -> list[tuple[Site, datetime]]:
    """Active sites in the scope whose monitoring check is due now, by the rule the reminders use."""
    now = timezone.now()
    sites = (
        scope.sites()
        .filter(status=SiteStatus.ACTIVE)
        .select_related("district", "owner")
        .annotate(last_checked_at=Max("monitoring_checks__checked_at"))
    )
    due = ((site, next_check_due(site, site.last_checked_at)) for site in sites)
    return [(site, moment) for site, moment in due if moment is not None and moment <= now]


def _findings_overdue(scope: Scope) -> QuerySet[Finding]:
    """Findings whose fix is still owed after their due date, in the district's own date."""
    return Finding.objects.filter(
        site__in=scope.sites(), site__status=SiteStatus.ACTIVE, status=FindingStatus.OPEN, due_on__lt=scope.today
    )


def _reviews_overdue(scope: Scope) -> QuerySet[Site]:
    sites = with_compliance(scope.sites().filter(status=SiteStatus.ACTIVE), scope.district)
    return sites.filter(compliance=Compliance.REVIEW_OVERDUE)


def overdue_work(scope: Scope) -> list[dict]:
    """Who owes what, since when: one row per overdue check, review or finding, by the same rules the
    dashboard counts them with."""
    zone = ZoneInfo(scope.district.time_zone)
    rows = [
        {
            "what": "Monitoring check",
            "about": site.name,
            "owed_by": site.owner.display_name,
            "since": timezone.localdate(moment, zone),
        }
        for site, moment in _monitoring_overdue(scope)
    ]
    rows += [
        {
            "what": "Checklist review",
            "about": site.name,
            "owed_by": site.supervisor.display_name if site.supervisor else "The district administrators",
            "since": site.next_review_due,
        }
        for site in _reviews_overdue(scope).select_related("supervisor")
    ]
    rows += [
        {
            "what": "Finding",
            "about": f"{finding.clause_id} on {finding.site.name}",
            "owed_by": finding.assignee.display_name,
            "since": finding.due_on,
        }
        for finding in _findings_overdue(scope).select_related("site", "assignee")
    ]
    return sorted(rows, key=lambda row: (row["since"], row["about"]))


def violations(scope: Scope) -> QuerySet[ViolationReport]:
    return scope.violations().filter(scope.window("reported_at")).select_related("site").order_by("-reported_at")
