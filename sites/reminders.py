"""What is due on sites: monitoring checks (WH-D7, R14-D3f), checklist reviews and findings.

Each sweep reads with a fixed number of queries, whatever the number of sites, and returns `Due` items;
`policyportal.reminders.send` decides which are new. Stages: at the due time the person who owes the work;
after the district's escalation grace their supervisor (or the reviewer); after twice the grace the
district administrators.
"""

from datetime import datetime, timedelta

from django.db.models import Max
from django.urls import reverse

from policyportal.reminders import Due, administrators_by_district
from sites.models import Consultation, Finding, FindingStatus, Site, SiteStatus
from sites.services.monitoring import next_check_due


def _site_due(site: Site, kind: str, recipient_id: int, period: str, title: str) -> Due:
    return Due(
        kind=kind,
        district_id=site.district_id,
        recipient_id=recipient_id,
        target_type="site",
        target_id=site.pk,
        target_label=site.name,
        period=period,
        title=title,
        link=reverse("sites:detail", args=[site.pk]),
    )


def monitoring_dues(now: datetime) -> list[Due]:
    admins = administrators_by_district()
    sites = (
        Site.objects.filter(status=SiteStatus.ACTIVE)
        .select_related("district", "owner")
        .annotate(last_checked_at=Max("monitoring_checks__checked_at"))
    )
    dues = []
    for site in sites:
        due = next_check_due(site, site.last_checked_at)
        if due is None or now < due:
            continue
        grace, period = timedelta(days=site.district.escalation_grace_days), due.date().isoformat()
        dues.append(_site_due(site, "monitoring.due", site.owner_id, period, f"Check {site.name}: a check is due"))
        if now >= due + grace and site.supervisor_id:
            title = f"{site.owner.display_name} has not checked {site.name} since it fell due on {due:%B %-d}"
            dues.append(_site_due(site, "monitoring.escalated", site.supervisor_id, period, title))
        if now >= due + 2 * grace:
            title = f"Monitoring of {site.name} is overdue since {due:%B %-d} (owner {site.owner.display_name})"
            dues += [
                _site_due(site, "monitoring.escalated_admin", pk, period, title) for pk in admins[site.district_id]
            ]
    return dues


def review_dues(now: datetime) -> list[Due]:
    admins = administrators_by_district()
    today = now.date()
    sites = Site.objects.filter(status=SiteStatus.ACTIVE, next_review_due__lte=today).select_related("district")
    dues = []
    for site in sites:
        grace, period = timedelta(days=site.district.escalation_grace_days), site.next_review_due.isoformat()
        reviewers = [site.supervisor_id] if site.supervisor_id else admins[site.district_id]
        title = f"Review {site.name}: its checklist review was due on {site.next_review_due:%B %-d}"
        dues += [_site_due(site, "review.due", pk, period, title) for pk in reviewers]
        if today >= site.next_review_due + grace:
            title = f"The checklist review of {site.name} is overdue since {site.next_review_due:%B %-d}"
            dues += [_site_due(site, "review.escalated", pk, period, title) for pk in admins[site.district_id]]
    return dues


def finding_dues(now: datetime) -> list[Due]:
    today = now.date()
    findings = Finding.objects.filter(status=FindingStatus.OPEN, due_on__lte=today).select_related(
        "site__district", "assignee"
    )
    dues = []
    for finding in findings:
        site, period = finding.site, finding.due_on.isoformat()

        def due(kind: str, recipient_id: int, title: str, finding=finding, site=site, period=period) -> Due:
            return Due(
                kind=kind,
                district_id=site.district_id,
                recipient_id=recipient_id,
                target_type="finding",
                target_id=finding.pk,
                target_label=f"{finding.clause_id} on {site.name}",
                period=period,
                title=title,
                link=reverse("sites:detail", args=[site.pk]),
            )

        dues.append(due("finding.due", finding.assignee_id, f"Fix {finding.clause_id} on {site.name}: it is due"))
        if today >= finding.due_on + timedelta(days=site.district.escalation_grace_days):
            owner, due_on = finding.assignee.display_name, f"{finding.due_on:%B %-d}"
            title = f"{owner} has not fixed {finding.clause_id} on {site.name}, due {due_on}"
            dues.append(due("finding.escalated", finding.reviewer_id, title))
    return dues


def consultation_dues(now: datetime) -> list[Due]:
    """A question about a post unanswered past the district's decision deadline: the supervisor, then the
    district administrators."""
    admins = administrators_by_district()
    waiting = Consultation.objects.filter(answered_at__isnull=True).select_related("district", "employee")
    dues = []
    for consultation in waiting:
        deadline = consultation.asked_at + timedelta(days=consultation.district.decision_deadline_days)
        if now < deadline:
            continue

        def due(kind: str, recipient_id: int, title: str, consultation=consultation) -> Due:
            return Due(
                kind=kind,
                district_id=consultation.district_id,
                recipient_id=recipient_id,
                target_type="consultation",
                target_id=consultation.pk,
                target_label=f"Question from {consultation.employee.display_name}",
                period=consultation.asked_at.date().isoformat(),
                title=title,
                link=reverse("sites:consultation", args=[consultation.pk]),
            )

        who = consultation.employee.display_name
        dues.append(
            due("consultation.due", consultation.supervisor_id, f"{who} is waiting for your answer about a post")
        )
        if now >= deadline + timedelta(days=consultation.district.escalation_grace_days):
            title = f"{who}'s question about a post has waited since {consultation.asked_at:%B %-d}"
            dues += [due("consultation.escalated", pk, title) for pk in admins[consultation.district_id]]
    return dues
