"""The only code that reads sites, reviews, findings and violation reports for a user."""

from collections import Counter

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from policyportal.models import AppliesTo, ChecklistItem, User
from policyportal.selectors import current_items
from sites import rules
from sites.models import (
    Answer,
    Finding,
    MonitoringCheck,
    ReviewAnswer,
    Site,
    SiteReview,
    SiteStatus,
    ViolationReport,
)


def sites_visible_to(user: User) -> QuerySet[Site]:
    return Site.objects.filter(rules.visible_sites(user))


def registry(user: User, *, status: str = "", compliance: str = "", school=None, q: str = "") -> QuerySet[Site]:
    district = user.member_district
    found = rules.with_compliance(sites_visible_to(user), district, district.today())
    found = found.select_related("owner", "supervisor", "school")
    if status:
        found = found.filter(status=status)
    if compliance:
        found = found.filter(compliance=compliance)  # type: ignore[misc]  # annotated by rules.with_compliance
    if school is not None:
        found = found.filter(school=school)
    if q:
        found = found.filter(Q(name__icontains=q) | Q(owner__last_name__icontains=q) | Q(url__icontains=q))
    return found.order_by("name", "pk")


def site_get_for_user(user: User, pk: int) -> Site:
    found = (
        sites_visible_to(user)
        .select_related("owner", "supervisor", "school", "request", "transfer_to")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404("No such site.")
    # Loaded with the user (auth_backends.py); joining it again cost more to plan than to run.
    found.district = user.member_district
    return found


def site_findings(site: Site) -> QuerySet[Finding]:
    return site.findings.select_related("assignee", "reviewer").order_by("status", "due_on", "pk")


# Each review's number of items answered Fail, which its outcome is said with (`SiteReview.outcome_words`).
FAILED_ITEMS = Count("answers", filter=Q(answers__answer=Answer.FAIL))


def site_reviews(site: Site) -> QuerySet[SiteReview]:
    return site.reviews.select_related("reviewer").annotate(failed_items=FAILED_ITEMS)


def review_get_for_user(user: User, pk: int) -> SiteReview:
    answers = ReviewAnswer.objects.prefetch_related("evidence").order_by("position")
    found = (
        SiteReview.objects.filter(site__in=sites_visible_to(user))
        .select_related("site", "reviewer", "policy_version")
        .prefetch_related(Prefetch("answers", queryset=answers))
        .annotate(failed_items=FAILED_ITEMS)
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
    keyed: dict[tuple[str, int], ReviewAnswer] = {}
    seen: Counter[str] = Counter()
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
    return ViolationReport.objects.filter(rules.visible_violations(user)).select_related(
        "site", "reporter", "handler", "resolved_by", "category", "outcome"
    )


def violation_categories(user: User) -> list[ChecklistItem]:
    """What a violation is reported under: the categories of the user's district's current policy version."""
    return current_items(user.member_district_id, AppliesTo.VIOLATION_CATEGORY)


def violation_outcomes(report: ViolationReport, user: User) -> tuple[list[ChecklistItem], list[ChecklistItem]]:
    """The outcomes of the district's current policy version the user may record for the report, and those
    they may not (a referral for discipline, for anyone but an administrator)."""
    outcomes = current_items(report.district_id, AppliesTo.VIOLATION_OUTCOME)
    allowed = [item for item in outcomes if rules.may_record_outcome(report, user, item)]
    return allowed, [item for item in outcomes if item not in allowed]


def violation_get_for_user(user: User, pk: int) -> ViolationReport:
    found = violations_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise Http404("No such report.")
    return found


def reportable_sites(user: User) -> QuerySet[Site]:
    """Any employee may report about any live site of the district: they name it, they need not own it."""
    return Site.objects.filter(district_id=user.member_district_id).exclude(status=SiteStatus.RETIRED).order_by("name")


def site_monitoring(site: Site, limit: int = 10) -> list[MonitoringCheck]:
    return list(site.monitoring_checks.select_related("checked_by", "violation")[:limit])
