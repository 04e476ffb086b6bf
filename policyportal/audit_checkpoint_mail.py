"""The administrators' daily copy of their district's latest signed audit checkpoint: kept in their mailboxes, out
of reach of whoever runs the database, it shows a rewrite of the trail even if the checkpoint folder were lost."""

import logging
from pathlib import Path

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from audits import checkpoints
from policyportal.models import District
from policyportal.selectors import active_administrators

logger = logging.getLogger(__name__)


def send_audit_checkpoints() -> int:
    """One email per open administrator account with an address. Returns how many were sent."""
    directory = Path(settings.AUDIT_CHECKPOINT_DIR) if settings.AUDIT_CHECKPOINT_DIR else None
    if directory is None or not directory.is_dir():
        return 0
    latest = checkpoints.latest_by_district(directory)
    sent = 0
    for district in District.objects.filter(pk__in=[pk for pk in latest if pk is not None]).order_by("pk"):
        checkpoint = latest[district.pk]
        context = {"district": district, "checkpoint": checkpoint}
        for administrator in active_administrators(district.pk).exclude(email=""):
            message = EmailMultiAlternatives(
                subject=f"[Policy Portal] Audit trail checkpoint of {district.name}: event {checkpoint.sequence}",
                body=render_to_string("emails/audit_checkpoint.txt", {**context, "recipient": administrator}),
                to=[administrator.email],
            )
            message.attach_alternative(
                render_to_string("emails/audit_checkpoint.html", {**context, "recipient": administrator}), "text/html"
            )
            try:
                message.send()
            except Exception as error:  # one refused address must not keep the checkpoint from the others
                logger.warning("Audit checkpoint email to user %s failed: %s", administrator.pk, error)
                continue
            sent += 1
    return sent
