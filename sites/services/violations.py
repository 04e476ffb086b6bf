"""Violation reports: the owner's supervisor is told at once (WH-D7), and records what was done."""

import uuid
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from audits.recorder import record
from audits.rules import date_problem
from policyportal.models import AppliesTo, ChecklistItem, User
from policyportal.notifications import notify
from policyportal.selectors import active_administrators, current_items
from policyportal.services.submissions import Stale, submission_claim, submission_done
from sites.models import Site, SiteStatus, ViolationReport
from sites.rules import may_change_handler, may_handle, may_record_outcome, may_resolve


def _handlers(report: ViolationReport) -> list[User]:
    """Who is told: the handler (the owner's supervisor), or every administrator when there is none."""
    if report.handler is not None:
        return [report.handler]
    return list(active_administrators(report.district_id))


def _handler_for(site: Site | None, reporter: User) -> User | None:
    """The owner's supervisor; if that is the reporter, the reporter's own supervisor; else administrators."""
    if site is None:
        return None
    if site.supervisor is not None and site.supervisor_id != reporter.pk:
        return site.supervisor if site.supervisor.acts_as_supervisor_of(reporter) else None
    above = reporter.supervisor
    return above if above and above.acts_as_supervisor_of(reporter) else None


def _current_item(district_id: int, applies_to: str, key: str) -> ChecklistItem | None:
    """The item of the district's current policy version with this code, if it has one."""
    return next((item for item in current_items(district_id, applies_to) if item.key == key), None)


@transaction.atomic
def violation_report(
    *,
    by: User,
    category: str,
    what_happened: str,
    occurred_on: date,
    site: Site | None = None,
    account_name: str = "",
    account_url: str = "",
    links: str = "",
    form_token: uuid.UUID | None = None,
) -> ViolationReport:
    """Any employee reports a violation on a district site, or on an unofficial account using the district's
    name, under the `category` (its code) of the district's current policy version. Notices go out at once, in the
    inbox and by email, never batched. The report form's `form_token` makes a second sending of it answer with
    this report (`AlreadySent`)."""
    submission = submission_claim(token=form_token, by=by, form="violation.report")
    filed_under = _current_item(by.member_district_id, AppliesTo.VIOLATION_CATEGORY, category)
    if filed_under is None:
        raise ValidationError({"category": "Choose what kind of violation it is, from your district's rules."})
    if site is not None and site.district_id != by.district_id:
        raise ValidationError({"site": "Choose a site of your district."})
    if site is not None and site.status == SiteStatus.RETIRED:
        raise ValidationError({"site": "That site is retired. Leave the site empty and name the account instead."})
    if site is None and not account_name.strip():
        raise ValidationError({"account_name": "Choose a district site, or name the account you are reporting."})
    if occurred_on > by.member_district.today():
        raise ValidationError({"occurred_on": "That date is in the future."})
    if problem := date_problem(occurred_on):
        raise ValidationError({"occurred_on": problem})
    report = ViolationReport.objects.create(
        district=by.member_district,
        site=site,
        account_name=account_name.strip(),
        account_url=account_url.strip(),
        reporter=by,
        handler=_handler_for(site, by),
        category=filed_under,
        what_happened=what_happened.strip(),
        occurred_on=occurred_on,
        links=links.strip(),
        reported_at=timezone.now(),
    )
    submission_done(submission, report)
    record(
        action="violation.reported",
        actor=by,
        target=report,
        payload={"category": category, "clause": filed_under.clause_id, "site": site and site.pk},
    )
    for handler in _handlers(report):
        if handler.pk != by.pk:
            notify(
                recipient=handler,
                kind="violation.reported",
                title=f"Violation reported: {filed_under.text} ({filed_under.clause_id}) on {report.target_label}",
                body=f"{by.display_name} reports: {report.what_happened}",
                link=reverse("sites:violation", args=[report.pk]),
                email=True,
            )
    return report


@transaction.atomic
def violation_resolve(*, report: ViolationReport, by: User, outcome: str, note: str) -> ViolationReport:
    """Record what was done: an `outcome` (its code) of the district's current policy version, and how."""
    report = ViolationReport.objects.select_for_update().get(pk=report.pk)
    if not may_resolve(report, by):
        raise PermissionDenied("Only the owner's supervisor or a district administrator records what was done.")
    if report.resolved_at is not None:  # from a tab opened before someone else recorded it
        raise Stale("What was done about this report is already recorded.")
    resolved_with = _current_item(report.district_id, AppliesTo.VIOLATION_OUTCOME, outcome)
    if resolved_with is None:
        raise ValidationError({"outcome": "Choose what was done, from your district's rules."})
    if not may_record_outcome(report, by, resolved_with):
        raise PermissionDenied(
            f"Only a district administrator records a referral for discipline ({resolved_with.clause_id}). "
            "Ask one to record it, or record what you did yourself."
        )
    if not note.strip():
        raise ValidationError({"note": "Describe what was done."})
    report.outcome, report.outcome_note = resolved_with, note.strip()
    report.resolved_by, report.resolved_at = by, timezone.now()
    report.save(update_fields=["outcome", "outcome_note", "resolved_by", "resolved_at"])
    record(
        action="violation.resolved",
        actor=by,
        target=report,
        payload={"outcome": outcome, "clause": resolved_with.clause_id},
    )
    notify(
        recipient=report.reporter,
        kind="violation.resolved",
        title=f"Your report about {report.target_label} was handled: {resolved_with.text} ({resolved_with.clause_id})",
        link=reverse("sites:violation", args=[report.pk]),
    )
    return report


@transaction.atomic
def violation_handler_change(*, report: ViolationReport, by: User | None, to: User) -> ViolationReport:
    """Hand an unresolved report to another handler, who is told at once. An administrator of its district
    does; the portal itself (`by=None`) as it closes the account of the handler it had."""
    report = (
        ViolationReport.objects.select_for_update(of=("self",))
        .select_related("handler", "district", "category")
        .get(pk=report.pk)
    )
    if not may_change_handler(report, by):
        if report.resolved_at is not None:
            raise ValidationError("What was done about this report is already recorded.")
        raise PermissionDenied("Only a district administrator hands a report to another handler.")
    if not may_handle(report, to):
        raise ValidationError(
            {"to": "Choose an active supervisor or administrator of the district other than the reporter."}
        )
    if to.pk == report.handler_id:
        raise ValidationError({"to": f"{to.display_name} handles this report already."})
    previous = report.handler_id
    report.handler = to
    report.save(update_fields=["handler"])
    record(
        action="violation.handler_changed",
        actor=by,
        district=report.district,
        target=report,
        payload={"from": previous, "to": to.pk},
    )
    category = report.category
    notify(
        recipient=to,
        kind="violation.reported",
        title=f"Violation report to handle: {category.text} ({category.clause_id}) on {report.target_label}",
        body=report.what_happened,
        link=reverse("sites:violation", args=[report.pk]),
        email=True,
    )
    return report
