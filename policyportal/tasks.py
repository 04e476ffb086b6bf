import logging

from celery import shared_task

from audits import checkpoints
from policyportal import audit_checkpoint_mail, outbox, reminders
from policyportal.directory import sync as directory_sync
from policyportal.services import password_reset, sign_in_failures, submissions

logger = logging.getLogger(__name__)


@shared_task
def deliver_notification_email(notification_id: int) -> bool:
    return outbox.deliver(notification_id)


@shared_task
def deliver_pending_emails() -> int:
    """The delivery sweep: password reset requests become their emails, then every pending email is mailed."""
    password_reset.password_reset_requests_answer()
    return outbox.deliver_due()


@shared_task
def send_daily_digests() -> int:
    return outbox.send_digests() + audit_checkpoint_mail.send_audit_checkpoints()


@shared_task
def write_audit_checkpoints() -> int:
    """Hourly: sign each chain's head. A chain that disagrees with itself is logged, never signed."""
    results = checkpoints.sign_heads()
    for label, _, problem in results:
        if problem:
            logger.error("Audit chain of %s not signed: %s", label, problem)
    return sum(checkpoint is not None for _, checkpoint, _ in results)


@shared_task
def run_reminder_sweeps() -> int:
    return len(reminders.sweep())


@shared_task
def summarise_sign_in_failures() -> int:
    return sign_in_failures.summarise_sign_in_failures()


@shared_task
def forget_old_form_submissions() -> int:
    return submissions.submissions_forget_old()


@shared_task
def sync_staff_from_directories() -> int:
    """The nightly staff sync: one task per district with a folder under STAFF_SYNC_DIR."""
    district_ids = directory_sync.districts_to_sync()
    for district_id in district_ids:
        sync_district_staff.delay(district_id)
    return len(district_ids)


@shared_task
def sync_district_staff(district_id: int) -> str:
    return directory_sync.staff_sync(district_id=district_id)
