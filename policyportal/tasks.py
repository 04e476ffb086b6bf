from celery import shared_task
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from policyportal import outbox, reminders
from policyportal.directory import sync as directory_sync
from policyportal.models import User


@shared_task
def deliver_notification_email(notification_id: int) -> bool:
    return outbox.deliver(notification_id)


@shared_task
def deliver_pending_emails() -> int:
    return outbox.deliver_due()


@shared_task
def send_daily_digests() -> int:
    return outbox.send_digests()


@shared_task
def run_reminder_sweeps() -> int:
    return len(reminders.sweep())


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


@shared_task
def send_password_reset_email(user_id: int) -> bool:
    user = User.objects.filter(pk=user_id, is_active=True).exclude(email="").first()
    if user is None or not user.has_usable_password():
        return False
    context = {
        "user": user,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
        "portal_base_url": settings.PORTAL_BASE_URL,
    }
    message = EmailMultiAlternatives(
        subject=render_to_string("emails/password_reset_subject.txt", context).strip(),
        body=render_to_string("emails/password_reset.txt", context),
        to=[user.email],
    )
    message.attach_alternative(render_to_string("emails/password_reset.html", context), "text/html")
    message.send()
    return True
