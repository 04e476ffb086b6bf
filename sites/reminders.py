"""What is due on sites: monitoring checks (WH-D7, R14-D3f), checklist reviews and findings.

Each sweep reads with a fixed number of queries, whatever the number of sites, and returns `Due` items;
`policyportal.reminders.send` decides which are new. Stages: at the due time the person who owes the work;
after the district's escalation grace their supervisor (or the reviewer); after twice the grace the
district administrators.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone

from policyportal.models import District
from policyportal.reminders import Due, administrators_by_district, dues_about, register_sweep
from sites.models import Finding, FindingStatus, Site, SiteStatus
from sites.selectors import monitoring_due
from sites.services.monitoring import next_check_due
from sites.services.reviews import administrators_over, reviewers_of


def _about_site(site: Site, period: str):
    return dues_about(
        site, district_id=site.district_id, label=site.name, period=period, link=reverse("sites:detail", args=[site.pk])
    )


def local_today(now: datetime, district) -> date:
    """The date it is in the district, which is the date due dates are kept in."""
    return timezone.localdate(now, ZoneInfo(district.time_zone))


@register_sweep
def monitoring_dues(now: datetime) -> list[Due]:
    """A check is due one cadence after the last check (or activation); the period is named after that start,
    so changing the cadence moves the due time without sending the same period's reminders again."""
    admins = administrators_by_district()
    sites = Site.objects.filter(monitoring_due(District.objects.all(), now)).select_related(
        "district", "owner", "supervisor"
    )
    dues = []
    for site in sites:
        due = next_check_due(site)
        start = site.last_checked_at or site.activated_at
        grace = timedelta(days=site.district.escalation_grace_days)
        period = f"since-{timezone.localtime(start, ZoneInfo(site.district.time_zone)):%Y-%m-%dT%H:%M}"
        remind = _about_site(site, period)
        dues.append(remind("monitoring.due", site.owner_id, f"Check {site.name}: a check is due"))
        above = reviewers_of(site, admins[site.district_id])
        if now >= due + grace:
            title = f"{site.owner.display_name} has not checked {site.name} since it fell due on {due:%B %-d}"
            dues += [remind("monitoring.escalated", pk, title) for pk in above]
        if now >= due + 2 * grace:
            title = f"Monitoring of {site.name} is overdue since {due:%B %-d} (owner {site.owner.display_name})"
            dues += [
                remind("monitoring.escalated_admin", pk, title)
                for pk in administrators_over(site, admins[site.district_id])
            ]
    return dues


@register_sweep
def review_dues(now: datetime) -> list[Due]:
    admins = administrators_by_district()
    # A date east of UTC may be a day ahead; each site is then judged by its own district's date.
    sites = Site.objects.filter(
        status=SiteStatus.ACTIVE, next_review_due__lte=now.date() + timedelta(days=1)
    ).select_related("district", "supervisor")
    dues = []
    for site in sites:
        today = local_today(now, site.district)
        if site.next_review_due > today:
            continue
        grace, period = timedelta(days=site.district.escalation_grace_days), site.next_review_due.isoformat()
        reviewers = reviewers_of(site, admins[site.district_id])
        remind = _about_site(site, period)
        title = f"Review {site.name}: its checklist review was due on {site.next_review_due:%B %-d}"
        dues += [remind("review.due", pk, title) for pk in reviewers]
        if today >= site.next_review_due + grace:
            title = f"The checklist review of {site.name} is overdue since {site.next_review_due:%B %-d}"
            dues += [
                remind("review.escalated", pk, title) for pk in administrators_over(site, admins[site.district_id])
            ]
    return dues


@register_sweep
def finding_dues(now: datetime) -> list[Due]:
    admins = administrators_by_district()
    findings = Finding.objects.filter(
        status=FindingStatus.OPEN, site__status=SiteStatus.ACTIVE, due_on__lte=now.date() + timedelta(days=1)
    ).select_related("site__district", "site__supervisor", "assignee", "reviewer")
    dues = []
    for finding in findings:
        site, period = finding.site, finding.due_on.isoformat()
        today = local_today(now, site.district)
        if finding.due_on > today:
            continue

        label, link = f"{finding.clause_id} on {site.name}", reverse("sites:detail", args=[site.pk])
        due = dues_about(finding, district_id=site.district_id, label=label, period=period, link=link)

        dues.append(due("finding.due", finding.assignee_id, f"Fix {finding.clause_id} on {site.name}: it is due"))
        if today >= finding.due_on + timedelta(days=site.district.escalation_grace_days):
            owner, due_on = finding.assignee.display_name, f"{finding.due_on:%B %-d}"
            title = f"{owner} has not fixed {finding.clause_id} on {site.name}, due {due_on}"
            dues += [
                due("finding.escalated", pk, title)
                for pk in reviewers_of(site, admins[site.district_id], finding.reviewer)
            ]
    return dues
