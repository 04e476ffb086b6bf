"""The only code that reads sites, reviews, findings and violation reports for a user."""

from collections import Counter
from datetime import timedelta

from django.db.models import Case, Count, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from policyportal.models import District, Role, User
from sites.models import (
    Compliance,
    Finding,
    FindingStatus,
    MonitoringCheck,
    ReviewAnswer,
    Site,
    SiteReview,
    SiteStatus,
    ViolationReport,
)


def sites_visible_to(user: User) -> QuerySet[Site]:
    """Owners see their sites, supervisors their people's, administrators the district's (WH-D8, R14-D6)."""
    in_district = Site.objects.filter(district_id=user.district_id)
    if user.is_district_admin:
        return in_district
    mine = Q(owner=user) | Q(transfer_to=user)
    if user.role == Role.SUPERVISOR:
        mine |= Q(supervisor=user) | Q(owner__supervisor=user)
    return in_district.filter(mine)


def with_compliance(sites: QuerySet[Site], district: District) -> QuerySet[Site]:
    """Annotates each site's compliance state, derived from its summary columns, so it can be filtered.
    A review is due from its date, and overdue once the district's escalation grace has passed too."""
    today = timezone.localdate()
    overdue_before = today - timedelta(days=district.escalation_grace_days)
    overdue = (
        Finding.objects.filter(site=OuterRef("pk"), status__in=FindingStatus.unresolved(), due_on__lt=today)
        .order_by()
        .values("site")
        .annotate(count=Count("pk"))
    )
    return sites.annotate(
        overdue_findings=Coalesce(Subquery(overdue.values("count")), 0),
        compliance=Case(
            When(status__in=[SiteStatus.SUSPENDED, SiteStatus.RETIRED], then=Value(Compliance.INACTIVE)),
            When(last_reviewed_at__isnull=True, then=Value(Compliance.NEVER_REVIEWED)),
            When(next_review_due__lt=overdue_before, then=Value(Compliance.REVIEW_OVERDUE)),
            When(next_review_due__lte=today, then=Value(Compliance.REVIEW_DUE)),
            When(unresolved_findings__gt=0, then=Value(Compliance.FINDINGS_OPEN)),
            default=Value(Compliance.COMPLIANT),
        ),
    )


def monitoring_due(districts, now) -> Q:
    """Active sites whose monitoring check is due at `now` in one of `districts`: the rule of
    `sites.services.next_check_due` (a cadence after the last check, or after activation), as a filter."""
    due = Q(pk__in=[])
    for district in districts:
        started_before = now - timedelta(days=district.monitoring_cadence_days)
        due |= Q(district_id=district.pk) & (
            Q(last_checked_at__lte=started_before) | Q(last_checked_at__isnull=True, activated_at__lte=started_before)
        )
    return Q(status=SiteStatus.ACTIVE) & due


def registry(user: User, *, status: str = "", compliance: str = "", school=None, q: str = "") -> QuerySet[Site]:
    found = with_compliance(sites_visible_to(user), user.district).select_related("owner", "supervisor", "school")
    if status:
        found = found.filter(status=status)
    if compliance:
        found = found.filter(compliance=compliance)
    if school is not None:
        found = found.filter(school=school)
    if q:
        found = found.filter(Q(name__icontains=q) | Q(owner__last_name__icontains=q) | Q(url__icontains=q))
    return found.order_by("name", "pk")


def site_get_for_user(user: User, pk: int) -> Site:
    found = (
        with_compliance(sites_visible_to(user), user.district)
        .select_related("owner", "supervisor", "school", "request", "transfer_to")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404("No such site.")
    # Loaded with the user (auth_backends.py); joining it again cost more to plan than to run.
    found.district = user.district
    return found


def site_findings(site: Site) -> QuerySet[Finding]:
    return site.findings.select_related("assignee", "reviewer").order_by("status", "due_on", "pk")


def site_reviews(site: Site) -> QuerySet[SiteReview]:
    return site.reviews.select_related("reviewer")


def review_get_for_user(user: User, pk: int) -> SiteReview:
    answers = ReviewAnswer.objects.prefetch_related("evidence").order_by("position")
    found = (
        SiteReview.objects.filter(site__in=sites_visible_to(user))
        .select_related("site", "reviewer", "policy_version")
        .prefetch_related(Prefetch("answers", queryset=answers))
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404("No such review.")
    return found


def previous_answers(review: SiteReview) -> dict[tuple[str, int], ReviewAnswer]:
    """The last completed review's answers, keyed by (clause id, its n-th item of that clause): the baseline
    a new review starts from, which still matches after a new policy version republishes the items."""
    previous = (
        SiteReview.objects.filter(site_id=review.site_id, completed_at__isnull=False, started_at__lt=review.started_at)
        .order_by("-completed_at")
        .first()
    )
    if previous is None:
        return {}
    return clause_keyed(previous.answers.order_by("position"))


def clause_keyed(answers) -> dict[tuple[str, int], ReviewAnswer]:
    keyed, seen = {}, Counter()
    for answer in answers:
        seen[answer.clause_id] += 1
        keyed[(answer.clause_id, seen[answer.clause_id])] = answer
    return keyed


def finding_get_for_user(user: User, pk: int) -> Finding:
    found = Finding.objects.filter(site__in=sites_visible_to(user)).select_related("site").filter(pk=pk).first()
    if found is None:
        raise Http404("No such finding.")
    return found


def violations_visible_to(user: User) -> QuerySet[ViolationReport]:
    """Reporters see their reports; supervisors those they handle; administrators the district's."""
    in_district = ViolationReport.objects.filter(district_id=user.district_id)
    if not user.is_district_admin:
        in_district = in_district.filter(Q(reporter=user) | Q(handler=user))
    return in_district.select_related("site", "reporter", "handler", "resolved_by")


def violation_get_for_user(user: User, pk: int) -> ViolationReport:
    found = violations_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise Http404("No such report.")
    return found


def reportable_sites(user: User) -> QuerySet[Site]:
    """Any employee may report about any live site of the district: they name it, they need not own it."""
    return Site.objects.filter(district_id=user.district_id).exclude(status=SiteStatus.RETIRED).order_by("name")


def site_monitoring(site: Site, limit: int = 10) -> list[MonitoringCheck]:
    return list(site.monitoring_checks.select_related("checked_by", "violation")[:limit])
