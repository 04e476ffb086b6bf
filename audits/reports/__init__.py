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
from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, QuerySet
from django.utils import timezone

from audits.rules import may_read_reports
from policyportal import rules as people_rules
from policyportal.models import AppliesTo, ChecklistItem, District, School, User
from policyportal.rules import administers
from policyportal.selectors import current_policy
from requests import rules as request_rules
from requests.models import Decision, SocialMediaRequest, Status
from sites import rules as site_rules
from sites.models import Compliance, Finding, FindingStatus, Site, SiteReview, SiteStatus, ViolationReport


@dataclass(frozen=True)
class Scope:
    """Whose records a report covers, over which dates, and for which school."""

    user: User
    start: date
    end: date
    school: School | None = None

    def __post_init__(self):
        if not may_read_reports(self.user):
            raise PermissionDenied("Reports are for supervisors and district administrators.")

    @property
    def district(self) -> District:
        return self.user.district

    @property
    def today(self) -> date:
        return self.district.today()

    @property
    def whole_district(self) -> bool:
        return administers(self.user)

    def window(self, field: str) -> Q:
        """Rows whose `field` falls in the date range, read in the district's time zone."""
        zone = timezone.get_current_timezone()
        since = timezone.make_aware(datetime.combine(self.start, time.min), zone)
        until = timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min), zone)
        return Q(**{f"{field}__gte": since, f"{field}__lt": until})

    def sites(self) -> QuerySet[Site]:
        """The sites the user answers for (`sites.rules.answers_for`), in the chosen school."""
        found = Site.objects.filter(site_rules.answered_for_by(self.user))
        return found.filter(school=self.school) if self.school else found

    def requests(self) -> QuerySet[SocialMediaRequest]:
        """The submitted requests the user answers for (`requests.rules.answered_for_by`), in the chosen school."""
        found = SocialMediaRequest.objects.filter(request_rules.answered_for_by(self.user))
        return found.filter(school=self.school) if self.school else found

    def reviews(self) -> QuerySet[SiteReview]:
        found = SiteReview.objects.filter(district=self.district)
        if not self.whole_district:
            found = found.filter(site__in=self.sites())
        return found.filter(site__school=self.school) if self.school else found

    def violations(self) -> QuerySet[ViolationReport]:
        found = ViolationReport.objects.filter(district=self.district)
        if not self.whole_district:
            found = found.filter(Q(handler=self.user) | Q(site__in=self.sites()))
        return found.filter(site__school=self.school) if self.school else found


def default_range(today: date) -> tuple[date, date]:
    """The school year so far, in the district's dates: from August 1 to today."""
    start_year = today.year if today.month >= 8 else today.year - 1
    return date(start_year, 8, 1), today


def _tally(rows, *keys: str) -> dict[str, Counter]:
    """Sums grouped counts (`rows` of dicts holding `n`) by each of `keys`: one query gives several tallies."""
    tallies = {key: Counter() for key in keys}
    for row in rows:
        for key in keys:
            tallies[key][row[key]] += row["n"]
    return tallies


def _labelled(counted: Counter, labels) -> list[tuple[str, int]]:
    return [(label, counted.get(value, 0)) for value, label in labels]


_VIOLATION_ITEMS = [f"{kind}__{field}" for kind in ("category", "outcome") for field in ("key", "clause_id", "text")]


def _violation_items(district: District) -> tuple[list[ChecklistItem], list[ChecklistItem]]:
    """The violation categories and outcomes of the district's current policy version."""
    policy = current_policy(district.pk)
    if policy is None:
        return [], []
    items = list(policy.items.filter(applies_to__in=[AppliesTo.VIOLATION_CATEGORY, AppliesTo.VIOLATION_OUTCOME]))
    categories = [item for item in items if item.applies_to == AppliesTo.VIOLATION_CATEGORY]
    return categories, [item for item in items if item.applies_to == AppliesTo.VIOLATION_OUTCOME]


def _by_item(rows, kind: str, current: list[ChecklistItem]) -> list[tuple[str, int]]:
    """Reports counted by their category's or outcome's code across policy versions, each labelled with its
    clause and wording in the current version; a code the current version no longer has keeps the wording its
    reports were filed under."""
    labels = {item.key: str(item) for item in current}
    counted: Counter = Counter()
    for row in rows:
        key = row[f"{kind}__key"]
        if key is not None:
            counted[key] += row["n"]
            labels.setdefault(key, f"{row[f'{kind}__clause_id']}: {row[f'{kind}__text']}")
    return [(label, counted[key]) for key, label in labels.items()]


_DECISION_WAIT = ExpressionWrapper(F("decided_at") - F("submitted_at"), output_field=DurationField())


def dashboard(scope: Scope) -> dict:
    """The headline figures, each counted in the database; rows are grouped so one query feeds several."""
    sites = site_rules.with_compliance(scope.sites().filter(status=SiteStatus.ACTIVE), scope.district, scope.today)
    monitoring_overdue = Count("pk", filter=site_rules.checks_overdue([scope.district], timezone.now()))
    site_rows = list(
        sites.values("compliance", "school").annotate(n=Count("pk"), monitoring_overdue=monitoring_overdue)
    )
    by_site = _tally(site_rows, "compliance", "school")
    requests = scope.requests().filter(scope.window("submitted_at"))
    by_request = _tally(requests.values("status", "school").annotate(n=Count("*")), "status", "school")
    waits = requests.filter(decided_at__isnull=False).order_by().values_list(_DECISION_WAIT, flat=True)
    days_to_decide = [wait.total_seconds() / 86400 for wait in waits]
    finding_rows = list(
        Finding.objects.filter(site__in=scope.sites(), status__in=FindingStatus.unresolved())
        .values("site__school")
        .annotate(n=Count("pk"), overdue=Count("pk", filter=site_rules.findings_overdue(scope.today)))
    )
    by_finding = _tally(finding_rows, "site__school")
    violations = scope.violations().filter(scope.window("reported_at"))
    violation_rows = list(violations.values(*_VIOLATION_ITEMS, "site__school").annotate(n=Count("pk")))
    by_violation = _tally(violation_rows, "site__school")
    categories, outcomes = _violation_items(scope.district)
    compliance = _labelled(by_site["compliance"], [c for c in Compliance.choices if c[0] != Compliance.INACTIVE])
    active_sites, overdue_checks = sum(by_site["school"].values()), sum(row["monitoring_overdue"] for row in site_rows)
    return {
        "requests_by_status": _labelled(by_request["status"], Status.choices[1:]),
        "median_days_to_decide": round(median(days_to_decide), 1) if days_to_decide else None,
        "sites_by_compliance": compliance,
        "active_sites": active_sites,
        "monitoring": [("On time", active_sites - overdue_checks), ("Overdue", overdue_checks)],
        "reviews_done": scope.reviews().filter(scope.window("completed_at")).count(),
        "reviews_overdue": dict(compliance)[Compliance.REVIEW_OVERDUE.label],
        "findings_open": sum(row["n"] for row in finding_rows),
        "findings_overdue": sum(row["overdue"] for row in finding_rows),
        "decisions_overdue": _decisions_overdue(scope).count(),
        "violations_by_category": _by_item(violation_rows, "category", categories),
        "violations_by_outcome": [
            *_by_item(violation_rows, "outcome", outcomes),
            ("Waiting", sum(row["n"] for row in violation_rows if row["outcome__key"] is None)),
        ],
        "people_problems": people_problems(scope),
        "per_school": [
            {
                "school": school.name,
                "active_sites": by_site["school"][school.pk],
                "requests": by_request["school"][school.pk],
                "open_findings": by_finding["site__school"][school.pk],
                "violations": by_violation["site__school"][school.pk],
            }
            for school in _schools(scope)
        ],
    }


def people_problems(scope: Scope) -> dict[str, int] | None:
    """The district's problems to fix (`policyportal.rules`), counted for its administrators (None for anyone
    else): people without an active supervisor, supervisors who supervise nobody, schools without an active
    supervisor; in the chosen school, the people who work there. Three queries, whatever the district's size."""
    if not scope.whole_district:
        return None
    people = User.objects.filter(district=scope.district)
    if scope.school:
        people = people.filter(schools=scope.school)
    return {  # a count each: as filters, each rule is an anti-join the database does at once
        "without_supervisor": people.filter(people_rules.lacking_supervisor()).count(),
        "supervising_nobody": people.filter(people_rules.supervising_nobody()).count(),
        "schools_unsupervised": _schools(scope).filter(people_rules.schools_unsupervised()).count(),
    }


def _schools(scope: Scope) -> QuerySet[School]:
    schools = School.objects.filter(district=scope.district)
    return schools.filter(pk=scope.school.pk) if scope.school else schools


def site_compliance(scope: Scope) -> QuerySet[Site]:
    """One row per site: last review, open findings, last monitoring check."""
    return (
        site_rules.with_compliance(scope.sites().exclude(status=SiteStatus.RETIRED), scope.district, scope.today)
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


def _monitoring_overdue(scope: Scope) -> QuerySet[Site]:
    return scope.sites().filter(site_rules.checks_overdue([scope.district], timezone.now()))


def _reviews_overdue(scope: Scope) -> QuerySet[Site]:
    return scope.sites().filter(site_rules.reviews_overdue([scope.district], scope.today))


def _findings_overdue(scope: Scope) -> QuerySet[Finding]:
    return Finding.objects.filter(site_rules.findings_overdue(scope.today), site__in=scope.sites())


def _decisions_overdue(scope: Scope) -> QuerySet[SocialMediaRequest]:
    return scope.requests().filter(request_rules.decisions_overdue([scope.district], timezone.now()))


ADMINISTRATORS = "The district administrators"


def _name(person: User | None) -> str:
    return person.display_name if person else ADMINISTRATORS


def overdue_work(scope: Scope) -> list[dict]:
    """Who owes what, since when: one row per overdue check, review, finding or decision, by the rules the
    dashboard counts them with and the reminders chase them by, owed by whom the reminders chase."""
    zone = ZoneInfo(scope.district.time_zone)
    rows = [
        {
            "what": "Monitoring check",
            "about": site.name,
            "owed_by": site.owner.display_name,
            "since": timezone.localdate(site_rules.next_check_due(site), zone),
        }
        for site in _monitoring_overdue(scope).select_related("district", "owner")
    ]
    rows += [
        {
            "what": "Checklist review",
            "about": site.name,
            "owed_by": _name(site_rules.reviewer_above(site)),
            "since": site.next_review_due,
        }
        for site in _reviews_overdue(scope).select_related("district", "supervisor")
    ]
    for finding in _findings_overdue(scope).select_related(
        "site__district", "site__supervisor", "assignee", "reviewer"
    ):
        checking = site_rules.finding_owed_by_verifier(finding)
        rows.append(
            {
                "what": "Finding: check the reported fix" if checking else "Finding",
                "about": f"{finding.clause_id} on {finding.site.name}",
                "owed_by": _name(site_rules.reviewer_above(finding.site, finding.reviewer))
                if checking
                else finding.assignee.display_name,
                "since": finding.due_on,
            }
        )
    rows += [
        {
            "what": "Decision on a request",
            "about": request.site_name,
            "owed_by": request.current_decider.display_name
            if request_rules.decider_answers(request)
            else ADMINISTRATORS,
            "since": timezone.localdate(request_rules.decision_due_at(request), zone),
        }
        for request in _decisions_overdue(scope).select_related("district", "current_decider")
    ]
    return sorted(rows, key=lambda row: (row["since"], row["about"]))


def violations(scope: Scope) -> QuerySet[ViolationReport]:
    return (
        scope.violations()
        .filter(scope.window("reported_at"))
        .select_related("site", "category", "outcome")
        .order_by("-reported_at")
    )
