"""What a person owes on sites, for the home page's to-do list: checks to log, sites to take live, findings to
fix or verify, reviews due, violation reports to handle.

Who owes each and when it is due and overdue are `sites.rules`, as the reminder sweeps (`sites.reminders`) ask
them. Each kind reads with one query, whatever the number of sites.
"""

from datetime import datetime

from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse

from policyportal import todo
from policyportal.models import User
from sites import rules
from sites.models import Finding, FindingStatus, Site, SiteReview, SiteStatus, ViolationReport


def owed_by(user: User, now: datetime) -> list[todo.ToDo]:
    return [
        *_checks(user, now),
        *_sites_to_take_live(user, now),
        *_fixes(user, now),
        *_fixes_to_verify(user, now),
        *_reviews(user, now),
        *_violation_reports(user, now),
    ]


def _site_link(site: Site, part: str) -> str:
    return f"{reverse('sites:detail', args=[site.pk])}#{part}"


def _administrators_among(user: User) -> list[int]:
    """The district's administrators, as far as asking whether `user` is one of those a rule names: no query."""
    return [user.pk] if user.is_district_admin else []


def _checks(user: User, now: datetime) -> list[todo.ToDo]:
    district = user.member_district
    sites = Site.objects.filter(Q(owner=user) & rules.checks_overdue([district], now)).order_by("pk")
    items = []
    for site in sites:
        site.district = district
        if (due := rules.next_check_due(site)) is None:
            continue
        items.append(
            todo.due(
                what=f"Check {site.name}",
                step="Log a check",
                link=_site_link(site, "monitoring-heading"),
                deadline=todo.local_date(due, district),
                today=district.today(now),
                overdue=rules.is_check_overdue(site, now),
            )
        )
    return items


def _sites_to_take_live(user: User, now: datetime) -> list[todo.ToDo]:
    district = user.member_district
    return [
        todo.waiting(
            what=f"Take {site.name} live",
            step="Record its address",
            link=_site_link(site, "activate-heading"),
            since=todo.local_date(site.created_at, district),
            today=district.today(now),
            detail="Approved: set it up as promised, then record its address.",
        )
        for site in Site.objects.filter(rules.activatable_by(user)).order_by("pk")
    ]


def _fixes(user: User, now: datetime) -> list[todo.ToDo]:
    today = user.member_district.today(now)
    findings = Finding.objects.filter(rules.fixes_owed_by(user)).select_related("site").order_by("pk")
    return [
        todo.due(
            what=f"Fix {finding.clause_id} on {finding.site.name}",
            step="Report the fix",
            link=_site_link(finding.site, "findings-heading"),
            deadline=finding.due_on,
            today=today,
            overdue=rules.is_finding_overdue(finding, today),
            detail=finding.note,
        )
        for finding in findings
    ]


def _fixes_to_verify(user: User, now: datetime) -> list[todo.ToDo]:
    district, today = user.member_district, user.member_district.today(now)
    candidates = Finding.objects.filter(
        status=FindingStatus.FIXED, site__status=SiteStatus.ACTIVE, site__district_id=district.pk
    )
    if not user.is_district_admin:
        candidates = candidates.filter(Q(site__supervisor=user) | Q(reviewer=user))
    findings = candidates.select_related("site__supervisor", "reviewer", "assignee").order_by("pk")
    return [
        todo.due(
            what=f"Check the fix of {finding.clause_id} on {finding.site.name}",
            step="Verify or reopen",
            link=_site_link(finding.site, "findings-heading"),
            deadline=finding.due_on,
            today=today,
            overdue=rules.is_finding_overdue(finding, today),
            detail=f"{finding.assignee.display_name} reported it fixed.",
        )
        for finding in findings
        if user.pk in rules.verifiers_of(finding, _administrators_among(user))
    ]


def _reviews(user: User, now: datetime) -> list[todo.ToDo]:
    district, today = user.member_district, user.member_district.today(now)
    candidates = Site.objects.filter(rules.reviews_due(today), district_id=district.pk)
    if not user.is_district_admin:
        candidates = candidates.filter(supervisor=user)
    open_review = SiteReview.objects.filter(site=OuterRef("pk"), completed_at__isnull=True).values("pk")[:1]
    sites = candidates.select_related("supervisor").annotate(open_review=Subquery(open_review)).order_by("pk")
    items = []
    for site in sites:
        site.district = district
        overdue_from = rules.review_overdue_from(site)
        if overdue_from is None or user.pk not in rules.reviewers_of(site, _administrators_among(user)):
            continue
        if site.open_review:
            step, link = "Continue the review", reverse("sites:review", args=[site.open_review])
        else:
            step, link = "Start the review", _site_link(site, "reviews-heading")
        items.append(
            todo.due(
                what=f"Review {site.name}",
                step=step,
                link=link,
                deadline=overdue_from,
                today=today,
                overdue=rules.is_review_overdue(site, today),
            )
        )
    return items


def _violation_reports(user: User, now: datetime) -> list[todo.ToDo]:
    district = user.member_district
    reports = ViolationReport.objects.filter(rules.handling(user)).select_related("site", "category").order_by("pk")
    return [
        todo.waiting(
            what=f"Handle a report about {report.target_label}",
            step="Record what was done",
            link=reverse("sites:violation", args=[report.pk]),
            since=todo.local_date(report.reported_at, district),
            today=district.today(now),
            detail=str(report.category),
        )
        for report in reports
    ]
