"""The owner's log of monitoring checks (when the next one is due: `sites.rules.next_check_due`)."""

import uuid
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from audits.recorder import record
from policyportal.models import User
from policyportal.services.submissions import Stale, submission_claim, submission_done
from sites.models import LookedAt, MonitoringCheck, Site, ViolationReport
from sites.rules import may_log_check
from sites.services.summary import site_lock, summary_refresh


@transaction.atomic
def monitoring_log(
    *,
    site: Site,
    by: User,
    checked_at: datetime,
    looked_at: list[str],
    found: str,
    violation: ViolationReport | None = None,
    form_token: uuid.UUID | None = None,
) -> MonitoringCheck:
    """Log a check of the owner's active site; the form's `form_token` logs it once however often it is sent."""
    site = site_lock(site.pk)
    submission = submission_claim(token=form_token, by=by, form="monitoring.check")
    if not may_log_check(site, by):
        if site.owner_id != by.pk:
            raise PermissionDenied("Only the site's owner logs its monitoring checks.")
        raise Stale("Only an active site is monitored.")  # suspended or retired since the page was opened
    if checked_at > timezone.now():
        raise ValidationError({"checked_at": "That time is in the future."})
    if site.activated_at and checked_at < site.activated_at.replace(second=0, microsecond=0):  # forms give minutes
        raise ValidationError({"checked_at": "The site was not live yet then."})
    if not looked_at or any(value not in LookedAt.values for value in looked_at):
        raise ValidationError({"looked_at": "Say what you looked at."})
    if violation is not None and (violation.site_id != site.pk or violation.reporter_id != by.pk):
        raise ValidationError({"violation": "Link a violation report you filed about this site."})
    check = MonitoringCheck.objects.create(
        site=site, checked_by=by, checked_at=checked_at, looked_at=looked_at, found=found.strip(), violation=violation
    )
    submission_done(submission, check)
    summary_refresh(Site.objects.filter(pk=site.pk))
    record(
        action="monitoring.logged",
        actor=by,
        target=site,
        payload={
            "check": check.pk,
            "checked_at": checked_at,
            "looked_at": looked_at,
            "violation": violation and violation.pk,
        },
    )
    return check
