"""Email delivery for notifications: once per row, retried with backoff, never lost.

A notification's email is written as a PENDING row in the state-changing transaction. After commit a task
tries to mail it; if the broker is down the row simply waits for the beat sweep (and the process leaves the
broker alone for a while, so nobody waits on it twice), and if the mail server fails the error is recorded and
the sweep tries again later. A row is locked while it is mailed, so two workers never mail the same row.
"""

import logging
import time
from datetime import timedelta

from celery import signature
from celery.exceptions import CeleryError
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from kombu.exceptions import KombuError

from policyportal import invitations, password_reset
from policyportal.models import EmailStatus, Notification, NotificationPreference
from policyportal.text import single_line

logger = logging.getLogger(__name__)

# Reminder kinds a person may take as one daily digest; escalations and violation reports always go at once.
DIGESTIBLE = {
    "monitoring.due": "A site of yours is due for its monitoring check",
    "review.due": "A site you supervise is due for its checklist review",
    "finding.due": "A finding assigned to you is due",
    "finding.verify_due": "A reported fix you are to check has reached its finding's due date",
    "request.decision_due": "A request has waited for your decision past the district's deadline",
}
BACKOFF_MINUTES = (1, 5, 15, 60, 180, 360)
SUBJECT_LENGTH = 250  # "[Policy Portal] " and a notification's longest title
# Kinds whose email has templates of its own (emails/<name>.txt, .html and _subject.txt); the rest use notification.
EMAIL_TEMPLATES = {invitations.KIND: "invitation", password_reset.KIND: "password_reset"}


def email_status_for(recipient, kind: str) -> str:
    if kind in DIGESTIBLE and NotificationPreference.objects.filter(user=recipient, kind=kind, daily_digest=True):
        return EmailStatus.DIGEST
    return EmailStatus.PENDING


# The tasks that mail, asked for by name as beat asks for them: they call this module, so it does not import
# them back. Every process knows them by name (PolicyPortalConfig.ready imports the tasks), so under
# CELERY_TASK_ALWAYS_EAGER they run in-process like any other task.
DELIVER_ONE = "policyportal.tasks.deliver_notification_email"
DELIVER_PENDING = "policyportal.tasks.deliver_pending_emails"
# After a failed publish this process leaves emails to the sweep for this long instead of trying the broker again,
# so a request that queues five emails waits on one failed attempt, not five. It outlasts any request (gunicorn's
# worker timeout is 30 s) and is short beside the sweep's minute.
BROKER_PAUSE_SECONDS = 30.0
_broker_paused_until = 0.0


def _publish(task_name: str, *args) -> bool:
    """Ask a worker to run the task now; False if the broker is unreachable, or was a moment ago."""
    global _broker_paused_until
    if time.monotonic() < _broker_paused_until:
        return False
    try:
        signature(task_name, args=args).apply_async(retry=False)
    except (KombuError, CeleryError, OSError):
        _broker_paused_until = time.monotonic() + BROKER_PAUSE_SECONDS
        return False
    return True


def enqueue(notification_id: int) -> None:
    """Ask a worker to mail it now. If the broker is unreachable, the beat sweep will deliver it later."""
    if not _publish(DELIVER_ONE, notification_id):
        logger.warning("Broker unreachable: notification %s waits for the delivery sweep", notification_id)


def enqueue_sweep() -> None:
    """Ask a worker to mail everything pending now (after a batch of reminders, or a password reset request)."""
    if not _publish(DELIVER_PENDING):
        logger.warning("Broker unreachable: pending notifications wait for the delivery sweep")


def _message(recipient, subject: str, template: str, context: dict) -> EmailMultiAlternatives:
    context = {**context, "recipient": recipient, "base_url": settings.PORTAL_BASE_URL}
    message = EmailMultiAlternatives(
        subject=subject, body=render_to_string(f"emails/{template}.txt", context), to=[recipient.email]
    )
    message.attach_alternative(render_to_string(f"emails/{template}.html", context), "text/html")
    return message


def _link(notification: Notification) -> str:
    """Where the email leads. A reset or invitation link is made now, so the database never holds one that works."""
    if notification.kind == password_reset.KIND:
        return password_reset.link_path(notification.recipient)
    if notification.kind == invitations.KIND:
        return invitations.link_path(notification.recipient)
    return notification.link or "/"


def deliver(notification_id: int) -> bool:
    """Mail one pending notification. Returns True if it was mailed now."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient__district")
            .filter(pk=notification_id, email_status=EmailStatus.PENDING)
            .first()
        )
        if notification is None:
            return False
        now = timezone.now()
        try:
            template = EMAIL_TEMPLATES.get(notification.kind, "notification")
            subject = render_to_string(f"emails/{template}_subject.txt", {"notification": notification})
            url = f"{settings.PORTAL_BASE_URL}{_link(notification)}"
            context = {"notification": notification, "url": url}
            message = _message(notification.recipient, single_line(subject, SUBJECT_LENGTH), template, context)
            message.send()
        except ValueError as error:  # BadHeaderError, or an address no server takes: no retry would change it
            notification.email_status, notification.email_next_attempt_at = EmailStatus.FAILED, None
            notification.email_attempts += 1
            notification.email_error = f"{type(error).__name__}: {error}"[:1000]
            notification.save(update_fields=["email_status", "email_next_attempt_at", "email_attempts", "email_error"])
            logger.error("Notification %s can never be mailed: %s", notification.pk, error)
            return False
        except Exception as error:  # any other mail failure is recorded on the row and retried, never lost
            notification.email_attempts += 1
            notification.email_error = f"{type(error).__name__}: {error}"[:1000]
            wait = BACKOFF_MINUTES[min(notification.email_attempts, len(BACKOFF_MINUTES)) - 1]
            notification.email_next_attempt_at = now + timedelta(minutes=wait)
            notification.save(update_fields=["email_attempts", "email_error", "email_next_attempt_at"])
            logger.warning(
                "Mail of notification %s failed (attempt %s): %s", notification.pk, notification.email_attempts, error
            )
            return False
        notification.email_status, notification.emailed_at = EmailStatus.SENT, now
        notification.email_attempts += 1
        notification.email_error = ""
        notification.save(update_fields=["email_status", "emailed_at", "email_attempts", "email_error"])
        return True


def deliver_due(limit: int = 500) -> int:
    """The sweep: mail every pending notification whose next attempt has come. Returns how many went out."""
    due = Q(email_next_attempt_at__isnull=True) | Q(email_next_attempt_at__lte=timezone.now())
    ids = list(
        Notification.objects.filter(due, email_status=EmailStatus.PENDING)
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(deliver(pk) for pk in ids)


def send_digests() -> int:
    """One email per person with every reminder they chose to take as a daily digest. Returns emails sent."""
    recipients = (
        Notification.objects.filter(email_status=EmailStatus.DIGEST).values_list("recipient", flat=True).distinct()
    )
    sent = 0
    for recipient_id in list(recipients):
        with transaction.atomic():
            rows = list(
                Notification.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("recipient__district")
                .filter(recipient_id=recipient_id, email_status=EmailStatus.DIGEST)
                .order_by("created_at")
            )
            if not rows:
                continue
            recipient = rows[0].recipient
            subject = f"[Policy Portal] Your daily summary: {len(rows)} reminder{'s' if len(rows) != 1 else ''}"
            batch = Notification.objects.filter(pk__in=[row.pk for row in rows])
            try:
                _message(recipient, subject, "digest", {"notifications": rows}).send()
            except Exception as error:  # one refused address must not hold back everyone else's digest
                batch.update(email_error=f"{type(error).__name__}: {error}"[:1000])
                logger.warning("Digest for user %s failed, kept for the next run: %s", recipient_id, error)
                continue
            batch.update(email_status=EmailStatus.SENT, emailed_at=timezone.now(), email_error="")
            sent += 1
    return sent
