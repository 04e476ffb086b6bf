"""What is due on sites: monitoring checks (WH-D7, R14-D3f), checklist reviews and findings.

When each falls due, who owes it and who answers above them are `sites.rules`; how far past due it is,
`policyportal.rules.stage`. Each sweep reads with a fixed number of queries, whatever the number of sites,
and returns `Due` items; `policyportal.reminders.send` decides which are new.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone

from policyportal.models import District
from policyportal.reminders import Due, administrators_by_district, dues_about, overdue_words, register_sweep
from policyportal.rules import Stage, stage
from policyportal.todo import local_date
from sites import rules
from sites.models import Finding, Site


def _about_site(site: Site, period: str):
    return dues_about(site, district_id=site.district_id, period=period, link=reverse("sites:detail", args=[site.pk]))


@register_sweep
def monitoring_dues(now: datetime) -> list[Due]:
    """A check is due one cadence after the last check (or activation); the period is named after that start,
    so changing the cadence moves the due time without sending the same period's reminders again."""
    admins = administrators_by_district()
    sites = Site.objects.filter(rules.checks_overdue(District.objects.all(), now)).select_related(
        "district", "owner", "supervisor"
    )
    dues = []
    for site in sites:
        due = rules.next_check_due(site)
        start = site.last_checked_at or site.activated_at
        reached = stage(due, now, timedelta(days=site.district.escalation_grace_days))
        period = f"since-{timezone.localtime(start, ZoneInfo(site.district.time_zone)):%Y-%m-%dT%H:%M}"
        remind = _about_site(site, period)
        late = overdue_words(local_date(due, site.district), site.district.today(now))
        dues.append(remind("monitoring.due", site.owner_id, f"Check {site.name}: the check is {late}"))
        if reached >= Stage.ESCALATED:
            title = f"{site.owner.display_name} has not checked {site.name}: the check is {late}"
            dues += [
                remind("monitoring.escalated", pk, title) for pk in rules.reviewers_of(site, admins[site.district_id])
            ]
        if reached >= Stage.ESCALATED_TO_ADMINISTRATORS:
            title = f"The check of {site.name} (owner {site.owner.display_name}) is {late}"
            dues += [
                remind("monitoring.escalated_admin", pk, title)
                for pk in rules.administrators_over(site, admins[site.district_id])
            ]
    return dues


@register_sweep
def review_dues(now: datetime) -> list[Due]:
    """The reviewer from the due date; the administrators once the review is overdue (`rules.is_review_overdue`)."""
    admins = administrators_by_district()
    # A date east of UTC may be a day ahead; each site is then judged by its own district's date.
    sites = Site.objects.filter(rules.reviews_due(now.date() + timedelta(days=1))).select_related(
        "district", "supervisor"
    )
    dues = []
    for site in sites:
        today = site.district.today(now)
        if not rules.is_review_due(site, today):
            continue
        remind = _about_site(site, site.next_review_due.isoformat())
        late = overdue_words(site.next_review_due, today)
        title = f"Review {site.name}: its checklist review is {late}"
        dues += [remind("review.due", pk, title) for pk in rules.reviewers_of(site, admins[site.district_id])]
        if rules.is_review_overdue(site, today):
            title = f"The checklist review of {site.name} is {late}"
            dues += [
                remind("review.escalated", pk, title)
                for pk in rules.administrators_over(site, admins[site.district_id])
            ]
    return dues


@register_sweep
def finding_dues(now: datetime) -> list[Due]:
    """Whoever owes an unresolved finding from its due date: the owner while it is open, whoever verifies it
    once a fix is reported. After the grace, the person above them: the verifier for an open finding, the
    administrators for a fix nobody has checked."""
    admins = administrators_by_district()
    # A date east of UTC may be a day ahead; each finding is then judged by its own district's date.
    findings = Finding.objects.filter(rules.findings_due(now.date() + timedelta(days=1))).select_related(
        "site__district", "site__supervisor", "assignee", "reviewer"
    )
    dues = []
    for finding in findings:
        site, today = finding.site, finding.site.district.today(now)
        if not rules.is_finding_due(finding, today):
            continue
        reached = stage(finding.due_on, today, timedelta(days=site.district.escalation_grace_days))
        link = reverse("sites:detail", args=[site.pk])
        due = dues_about(finding, district_id=site.district_id, period=finding.due_on.isoformat(), link=link)
        verifiers = rules.verifiers_of(finding, admins[site.district_id])
        late = overdue_words(finding.due_on, today)
        if rules.finding_owed_by_verifier(finding):
            title = f"Check the reported fix of {finding.clause_id} on {site.name}: the finding is {late}"
            dues += [due("finding.verify_due", pk, title) for pk in verifiers]
            if reached >= Stage.ESCALATED:
                title = f"Nobody has checked the reported fix of {finding.clause_id} on {site.name}: it is {late}"
                dues += [
                    due("finding.verify_escalated", pk, title)
                    for pk in rules.administrators_over(site, admins[site.district_id])
                ]
            continue
        dues.append(due("finding.due", finding.assignee_id, f"Fix {finding.clause_id} on {site.name}: it is {late}"))
        if reached >= Stage.ESCALATED:
            title = f"{finding.assignee.display_name} has not fixed {finding.clause_id} on {site.name}: it is {late}"
            dues += [due("finding.escalated", pk, title) for pk in verifiers]
    return dues
