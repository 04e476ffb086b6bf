"""Audit reports: the only module that reads across the other apps.

Every report is scoped by `Scope`: a district administrator sees the district, a supervisor the people they
supervise, an employee nothing. Figures are counted in the database over the same rows the report pages
list, so a figure and its report always agree.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from statistics import median

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from policyportal.models import District, Role, School, User
from policyportal.reminders import Due
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
from sites.reminders import finding_dues, monitoring_dues, review_dues
from sites.selectors import with_compliance

OVERDUE_KINDS = {"monitoring.due": "Monitoring check", "review.due": "Checklist review", "finding.due": "Finding"}


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
    today = timezone.localdate()
    grace = timedelta(days=scope.district.escalation_grace_days)
    violations = scope.violations().filter(scope.window("reported_at"))
    monitoring_overdue = len(_dues(scope, monitoring_dues))
    return {
        "requests_by_status": _counts(requests, "status", Status.choices[1:]),
        "median_days_to_decide": round(median(days_to_decide), 1) if days_to_decide else None,
        "sites_by_compliance": _counts(
            sites, "compliance", [c for c in Compliance.choices if c[0] != Compliance.INACTIVE]
        ),
        "active_sites": sites.count(),
        "monitoring": [("On time", sites.count() - monitoring_overdue), ("Overdue", monitoring_overdue)],
        "reviews_done": SiteReview.objects.filter(site__in=scope.sites()).filter(scope.window("completed_at")).count(),
        "reviews_overdue": sites.filter(next_review_due__lt=today - grace).count(),
        "findings_open": unresolved.count(),
        "findings_overdue": unresolved.filter(due_on__lt=today).count(),
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


def _dues(scope: Scope, sweep) -> list[Due]:
    """What a reminder sweep finds due now (its first stage only), limited to the scope's sites."""
    site_ids = set(scope.sites().values_list("pk", flat=True))
    finding_ids = set(Finding.objects.filter(site_id__in=site_ids).values_list("pk", flat=True))
    visible = {"site": site_ids, "finding": finding_ids}
    return [
        due
        for due in sweep(timezone.now())
        if due.kind in OVERDUE_KINDS and due.target_id in visible.get(due.target_type, set())
    ]


def overdue_work(scope: Scope) -> list[dict]:
    """Who owes what, since when: the same due work the reminder sweeps remind people of."""
    dues = _dues(scope, monitoring_dues) + _dues(scope, review_dues) + _dues(scope, finding_dues)
    names = {user.pk: user.display_name for user in User.objects.filter(pk__in={due.recipient_id for due in dues})}
    rows = [
        {
            "what": OVERDUE_KINDS[due.kind],
            "about": due.target_label,
            "link": due.link,
            "owed_by": names.get(due.recipient_id, ""),
            "since": date.fromisoformat(due.period),
        }
        for due in dues
    ]
    return sorted(rows, key=lambda row: (row["since"], row["about"]))


def violations(scope: Scope) -> QuerySet[ViolationReport]:
    return scope.violations().filter(scope.window("reported_at")).select_related("site").order_by("-reported_at")
