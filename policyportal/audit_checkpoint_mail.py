"""The administrators' daily copy of their district's latest signed audit checkpoint: kept in their mailboxes, out
of reach of whoever runs the database, it shows a rewrite of the trail even if the checkpoint folder were lost.

Each copy is an email of the outbox like every other: a broker or mail server that fails is retried by the sweep.
"""

from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from audits import checkpoints
from policyportal.models import District, Notification
from policyportal.notifications import notify
from policyportal.selectors import active_administrators

KIND = "audit.checkpoint"


def send_audit_checkpoints() -> int:
    """One email per open administrator account with an address. Returns how many were queued."""
    directory = Path(settings.AUDIT_CHECKPOINT_DIR) if settings.AUDIT_CHECKPOINT_DIR else None
    if directory is None or not directory.is_dir():
        return 0
    latest = checkpoints.latest_by_district(directory)
    queued = 0
    for district in District.objects.filter(pk__in=[pk for pk in latest if pk is not None]).order_by("pk"):
        checkpoint = latest[district.pk]
        sealed_on = f"{timezone.localtime(checkpoint.moment, ZoneInfo(district.time_zone)):%B %-d, %Y at %H:%M}"
        context = {"district": district, "checkpoint": checkpoint, "sealed_on": sealed_on}
        body = render_to_string("emails/audit_checkpoint.txt", context)
        with transaction.atomic():
            copies = [
                notify(
                    recipient=administrator,
                    kind=KIND,
                    title=f"Audit trail checkpoint of {district.name}: event {checkpoint.sequence}",
                    body=body,
                    link=reverse("audits:events"),
                    email=True,
                ).pk
                for administrator in active_administrators(district.pk).exclude(email="")
            ]
            # a copy to keep, not something to do: it waits in the mailbox, not among the unread
            Notification.objects.filter(pk__in=copies).update(read_at=timezone.now())
        queued += len(copies)
    return queued
