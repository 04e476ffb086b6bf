"""Who may act on a site, and when a site's work is due, escalated and overdue: each rule once.

A rule has its Python form, for the one row in hand, and where lists, reports and sweeps filter by it, its
`Q` form beside it (`answers_for` / `answered_for_by`). Services, selectors, reminder sweeps, reports, views
and templates (through flags the views compute) all ask these; a test holds each pair to the same rows.

When work is overdue. Work falls due at a moment, and whoever owes it is reminded then; once the district's
escalation grace has passed as well, the person above them is told (`policyportal.rules.stage`). Work is
*overdue* (the registry's badges, the dashboard's overdue figures and the Overdue report all count it so):
- a monitoring check from the moment it falls due, a cadence after the last check: it has no window;
- a finding from the day after its due date, which is the last day of its fix period. Until the fix is
  verified it is still owed: by the owner while it is open, by whoever verifies it once a fix is reported
  (a fix nobody has checked is the reviewer's overdue work, not the owner's);
- a checklist review from its due date plus the escalation grace. The due date opens the review ("Review
  due"); a review is days of work, and the grace is its window. It is overdue the day the administrators
  are told so.
Nothing is owed on a site that is not active.
"""

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.db.models import Case, Count, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce

from policyportal.models import ChecklistItem, District, Role, User
from policyportal.rules import NOTHING, administers, per_district
from sites.models import Compliance, Finding, FindingStatus, Site, SiteStatus, ViolationReport

# Who sees a site, and who answers for it


def visible_sites(user: User) -> Q:
    """Owners (and whoever is offered the site) see it, supervisors their people's, administrators the
    district's (WH-D8, R14-D6)."""
    in_district = Q(district_id=user.district_id)
    if user.is_district_admin:
        return in_district
    mine = Q(owner=user) | Q(transfer_to=user)
    if user.role == Role.SUPERVISOR:
        mine |= Q(supervisor=user) | Q(owner__supervisor=user)
    return in_district & mine


def answers_for(site: Site, user: User) -> bool:
    """Whether the user answers for the site above its owner: in reports, and with its full file for a records
    request. Administrators for every site of their district; a supervisor for the sites they supervise or
    whose owner they supervise, never one they own. Being offered a site is not answering for it."""
    if site.district_id != user.district_id:
        return False
    if user.is_district_admin:
        return True
    supervises = user.pk in (site.supervisor_id, site.owner.supervisor_id)
    return user.role == Role.SUPERVISOR and supervises and site.owner_id != user.pk


def answered_for_by(user: User, via: str = "") -> Q:
    """`answers_for` as a filter; `via` reaches the site from another model (`"site__"`)."""
    if user.is_district_admin:
        return Q(**{f"{via}district_id": user.district_id})
    if user.role != Role.SUPERVISOR:
        return NOTHING
    supervises = Q(**{f"{via}supervisor": user}) | Q(**{f"{via}owner__supervisor": user})
    return Q(**{f"{via}district_id": user.district_id}) & supervises & ~Q(**{f"{via}owner": user})


def may_see_site(site: Site, user: User) -> bool:
    """`visible_sites` for the site in hand: its owner, whoever it is offered to, and whoever answers for it."""
    return user.pk in (site.owner_id, site.transfer_to_id) or answers_for(site, user)


may_see_site_file = answers_for


# Acting on a site


def may_activate(site: Site, user: User) -> bool:
    return site.owner_id == user.pk and site.status == SiteStatus.SETTING_UP


def activatable_by(user: User) -> Q:
    return Q(owner=user, status=SiteStatus.SETTING_UP)


def owner_left(site: Site) -> bool:
    """The owner's account is closed: the district's administrators hand the site on, or suspend it."""
    return not site.owner.is_active


def may_offer(site: Site, user: User | None) -> bool:
    """The owner hands the site on, until it is retired. Once the owner's account is closed, an administrator
    of its district does, or the portal itself as it closes the account (`user=None`)."""
    if site.status == SiteStatus.RETIRED:
        return False
    if user is None:
        return owner_left(site)
    return site.owner_id == user.pk or (_administers(site, user) and owner_left(site))


def may_receive(site: Site, person: User) -> bool:
    """Whom the owner may hand the site on to: another open account of the site's district."""
    return person.pk != site.owner_id and person.district_id == site.district_id and person.is_active


def receivable_by(site: Site) -> Q:
    return Q(district_id=site.district_id, is_active=True) & ~Q(pk=site.owner_id)


def may_accept(site: Site, user: User) -> bool:
    """Whoever it is offered to (retiring a site withdraws its offer)."""
    return site.transfer_to_id is not None and site.transfer_to_id == user.pk


def may_log_check(site: Site, user: User) -> bool:
    return site.owner_id == user.pk and site.status == SiteStatus.ACTIVE


def _administers(site: Site, user: User) -> bool:
    return administers(user, district_id=site.district_id)


SUSPENDABLE = (SiteStatus.SETTING_UP, SiteStatus.ACTIVE)
RETIRABLE = (SiteStatus.SETTING_UP, SiteStatus.ACTIVE, SiteStatus.SUSPENDED)


def may_suspend(site: Site, user: User | None) -> bool:
    """An administrator of its district, while it is being set up or active; the portal itself
    (`user=None`) only as it closes the owner's account."""
    if site.status not in SUSPENDABLE:
        return False
    return owner_left(site) if user is None else _administers(site, user)


def may_retire(site: Site, user: User) -> bool:
    return _administers(site, user) and site.status in RETIRABLE


def may_withdraw_offer(site: Site, user: User | None) -> bool:
    """An offer still waiting is withdrawn by the owner, or an administrator of the district; by the portal
    itself (`user=None`) only as it closes the account of the colleague it was offered to."""
    if site.transfer_to is None:
        return False
    if user is None:
        return not site.transfer_to.is_active
    return site.owner_id == user.pk or _administers(site, user)


def may_supervise_site(site: Site, person: User) -> bool:
    """Who may be a site's supervisor (review it, verify its fixes, answer for it): an open account in a
    supervising role of its district, never its owner."""
    in_district = person.district_id == site.district_id
    return person.is_active and person.can_supervise and in_district and person.pk != site.owner_id


def site_supervisors_for(site: Site) -> Q:
    """`may_supervise_site` as a filter on people."""
    return Q(district_id=site.district_id, is_active=True, role__in=Role.supervising()) & ~Q(pk=site.owner_id)


def may_change_supervisor(site: Site, user: User | None) -> bool:
    """An administrator of its district gives a site that is not retired another supervisor; the portal itself
    (`user=None`) only as it closes the account of the one it had."""
    if site.status == SiteStatus.RETIRED:
        return False
    if user is None:
        return site.supervisor is not None and not site.supervisor.is_active
    return _administers(site, user)


# Reviews and findings


def may_review(site: Site, user: User) -> bool:
    """The site's supervisor, while in a supervising role, or an administrator of its district; never its
    owner."""
    if site.district_id != user.district_id or site.owner_id == user.pk:
        return False
    return user.is_district_admin or (site.supervisor_id == user.pk and user.can_supervise)


def may_start_review(site: Site, user: User, *, review_open: bool) -> bool:
    """Only an active site is reviewed, one review at a time."""
    return may_review(site, user) and site.status == SiteStatus.ACTIVE and not review_open


def administrators_over(site: Site, administrator_ids: Iterable[int]) -> list[int]:
    """The district's administrators but the site's owner: nobody reviews or is chased about their own site."""
    return [pk for pk in administrator_ids if pk != site.owner_id]


def reviewer_above(site: Site, *also: User | None) -> User | None:
    """Who answers for the site above its owner: its supervisor, else the first of `also` (a finding's
    reviewer), whoever is still active and may review it. None means the district's administrators."""
    for person in (site.supervisor, *also):
        if person is not None and person.is_active and may_review(site, person):
            return person
    return None


def reviewers_of(site: Site, administrator_ids: Iterable[int], *also: User | None) -> list[int]:
    """`reviewer_above`, or else the district's administrators but the owner. `administrator_ids` is read
    only in that last case, so it may be a lazy queryset."""
    person = reviewer_above(site, *also)
    return [person.pk] if person else administrators_over(site, administrator_ids)


def may_report_fixed(finding: Finding, user: User) -> bool:
    return finding.assignee_id == user.pk and finding.status == FindingStatus.OPEN


def fixes_owed_by(user: User) -> Q:
    """The findings `user` may report fixed (`may_report_fixed`) that they owe: those on an active site."""
    return Q(assignee=user, status=FindingStatus.OPEN, site__status=SiteStatus.ACTIVE)


def may_verify(finding: Finding, user: User) -> bool:
    """Whoever may review the site verifies (or reopens) a reported fix."""
    return finding.status == FindingStatus.FIXED and may_review(finding.site, user)


def may_change_verifier(finding: Finding, user: User | None) -> bool:
    """Who names another reviewer for an unresolved finding (the one who checks its fix when the site has no
    supervisor who can): an administrator of its district; the portal itself (`user=None`) only as it
    closes the account of the reviewer it had."""
    if finding.status not in FindingStatus.unresolved():
        return False
    if user is None:
        return not finding.reviewer.is_active
    return _administers(finding.site, user)


def verifiers_of(finding: Finding, administrator_ids: Iterable[int]) -> list[int]:
    """Who is asked to check a reported fix: its reviewer or the site's supervisor, else the administrators."""
    return reviewers_of(finding.site, administrator_ids, finding.reviewer)


# When work is due and overdue


def review_due_after(district: District, today: date) -> date:
    """A site's next checklist review falls due one review cadence after activation or its last review."""
    return today + timedelta(days=district.review_cadence_days)


def finding_due_after(district: District, today: date) -> date:
    """A finding's fix is due one finding period after the review that opened it: its last day."""
    return today + timedelta(days=district.finding_due_days)


def next_check_due(site: Site) -> datetime | None:
    """When the next monitoring check is due: a cadence after the last check, or after activation (WH-D7,
    R14-D3f). None for a site that is not active."""
    start = site.last_checked_at or site.activated_at
    if site.status != SiteStatus.ACTIVE or start is None:
        return None
    return start + timedelta(days=site.district.monitoring_cadence_days)


def is_check_overdue(site: Site, now: datetime) -> bool:
    due = next_check_due(site)
    return due is not None and now >= due


def checks_overdue(districts: Iterable[District], now: datetime) -> Q:
    """Active sites whose monitoring check is overdue at `now`, in any of `districts`."""

    def started_before(district: District) -> Q:
        since = now - timedelta(days=district.monitoring_cadence_days)
        return Q(last_checked_at__lte=since) | Q(last_checked_at__isnull=True, activated_at__lte=since)

    return Q(status=SiteStatus.ACTIVE) & per_district(districts, started_before)


def is_review_due(site: Site, today: date) -> bool:
    return site.status == SiteStatus.ACTIVE and site.next_review_due is not None and site.next_review_due <= today


def reviews_due(today: date) -> Q:
    return Q(status=SiteStatus.ACTIVE, next_review_due__lte=today)


def review_overdue_from(site: Site) -> date | None:
    if site.next_review_due is None:
        return None
    return site.next_review_due + timedelta(days=site.district.escalation_grace_days)


def is_review_overdue(site: Site, today: date) -> bool:
    overdue_from = review_overdue_from(site)
    return site.status == SiteStatus.ACTIVE and overdue_from is not None and today >= overdue_from


def reviews_overdue(districts: Iterable[District], today: date) -> Q:
    def due_before(district: District) -> Q:
        return Q(next_review_due__lte=today - timedelta(days=district.escalation_grace_days))

    return Q(status=SiteStatus.ACTIVE) & per_district(districts, due_before)


def is_finding_due(finding: Finding, today: date) -> bool:
    """Unresolved on an active site, its due date reached: whoever owes it is reminded from that day."""
    unresolved = finding.status in FindingStatus.unresolved()
    return unresolved and finding.site.status == SiteStatus.ACTIVE and finding.due_on <= today


def findings_due(today: date) -> Q:
    return Q(status__in=FindingStatus.unresolved(), site__status=SiteStatus.ACTIVE, due_on__lte=today)


def is_finding_overdue(finding: Finding, today: date) -> bool:
    """Due, and its due date (the last day of its fix period) is over."""
    return is_finding_due(finding, today) and finding.due_on < today


def findings_overdue(today: date) -> Q:
    return Q(site__status=SiteStatus.ACTIVE) & _past_due(today)


def _past_due(today: date) -> Q:
    """`findings_overdue` less the site's status, for counting a site's own findings without joining it again."""
    return Q(status__in=FindingStatus.unresolved(), due_on__lt=today)


def finding_owed_by_verifier(finding: Finding) -> bool:
    """An open finding is the owner's to fix; a reported fix is the verifier's to check."""
    return finding.status == FindingStatus.FIXED


# Compliance


def compliance_of(site: Site, today: date) -> Compliance:
    """A site's compliance state, from its summary columns. Overdue work comes first: a never-reviewed site
    whose first review is overdue is "Review overdue"."""
    if site.status in (SiteStatus.SUSPENDED, SiteStatus.RETIRED):
        return Compliance.INACTIVE
    if is_review_overdue(site, today):
        return Compliance.REVIEW_OVERDUE
    if is_review_due(site, today):
        return Compliance.REVIEW_DUE
    if site.last_reviewed_at is None:
        return Compliance.NEVER_REVIEWED
    if site.unresolved_findings:
        return Compliance.FINDINGS_OPEN
    return Compliance.COMPLIANT


def with_compliance(sites: QuerySet[Site], district: District, today: date) -> QuerySet[Site]:
    """`compliance_of` as an annotation that lists can filter by, with each site's count of overdue findings."""
    overdue = (
        Finding.objects.filter(_past_due(today), site=OuterRef("pk"))
        .order_by()
        .values("site")
        .annotate(count=Count("pk"))
    )
    return sites.annotate(
        overdue_findings=Case(
            When(status=SiteStatus.ACTIVE, then=Coalesce(Subquery(overdue.values("count")), 0)), default=Value(0)
        ),
        compliance=Case(
            When(status__in=[SiteStatus.SUSPENDED, SiteStatus.RETIRED], then=Value(Compliance.INACTIVE)),
            When(reviews_overdue([district], today), then=Value(Compliance.REVIEW_OVERDUE)),
            When(reviews_due(today), then=Value(Compliance.REVIEW_DUE)),
            When(last_reviewed_at__isnull=True, then=Value(Compliance.NEVER_REVIEWED)),
            When(unresolved_findings__gt=0, then=Value(Compliance.FINDINGS_OPEN)),
            default=Value(Compliance.COMPLIANT),
        ),
    )


# Violation reports


def may_see_violation(report: ViolationReport, user: User) -> bool:
    """Reporters see their reports, handlers those they handle, administrators the district's."""
    if report.district_id != user.district_id:
        return False
    return user.is_district_admin or user.pk in (report.reporter_id, report.handler_id)


def may_report_about(site: Site) -> bool:
    """Any employee reports a violation on any site of their district that is not retired."""
    return site.status != SiteStatus.RETIRED


def visible_violations(user: User) -> Q:
    in_district = Q(district_id=user.district_id)
    return in_district if user.is_district_admin else in_district & (Q(reporter=user) | Q(handler=user))


def is_violation_open(report: ViolationReport) -> bool:
    """Not yet resolved: its handler (or the administrators) still owe it an outcome."""
    return report.resolved_at is None


def open_violations() -> Q:
    """`is_violation_open`, for the records office's sweeps."""
    return Q(resolved_at__isnull=True)


def may_handle(report: ViolationReport, person: User) -> bool:
    """Who may handle a violation report: an open account in a supervising role of its district, never its
    reporter."""
    in_district = person.district_id == report.district_id
    return person.is_active and person.can_supervise and in_district and person.pk != report.reporter_id


def handlers_for(report: ViolationReport) -> Q:
    """`may_handle` as a filter on people."""
    return Q(district_id=report.district_id, is_active=True, role__in=Role.supervising()) & ~Q(pk=report.reporter_id)


def may_change_handler(report: ViolationReport, user: User | None) -> bool:
    """An administrator of its district hands an unresolved report to another handler; the portal itself
    (`user=None`) only as it closes the account of the handler it had."""
    if report.resolved_at is not None:
        return False
    if user is None:
        return report.handler is not None and not report.handler.is_active
    return administers(user, district_id=report.district_id)


def may_resolve(report: ViolationReport, user: User) -> bool:
    """The handler or a district administrator, never the reporter."""
    if report.district_id != user.district_id or report.reporter_id == user.pk:
        return False
    return user.is_district_admin or report.handler_id == user.pk


# The outcome whose decision is the district's: discipline up to termination of employment (WH-X1, R14-X1).
REFERRED_FOR_DISCIPLINE = "referred_for_discipline"


def owes_handling(report: ViolationReport, user: User) -> bool:
    """Whose work an unresolved report is: its handler's, or when it has none, each administrator's of its
    district but the reporter (those the report was sent to)."""
    if report.resolved_at is not None or report.district_id != user.district_id or report.reporter_id == user.pk:
        return False
    return report.handler_id == user.pk if report.handler_id else user.is_district_admin


def handling(user: User) -> Q:
    """`owes_handling` as a filter."""
    mine = Q(handler=user)
    if user.is_district_admin:
        mine |= Q(handler__isnull=True)
    return Q(district_id=user.district_id, resolved_at__isnull=True) & mine & ~Q(reporter=user)


def may_record_outcome(report: ViolationReport, user: User, outcome: ChecklistItem) -> bool:
    """Whoever may resolve the report records what was done; a referral for discipline only a district
    administrator, because discipline is a decision about employment the district makes, not the building."""
    if not may_resolve(report, user):
        return False
    return outcome.key != REFERRED_FOR_DISCIPLINE or user.is_district_admin
