from celery import shared_task
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from policyportal.models import Notification, User


@shared_task
def deliver_notification_email(notification_id: int) -> bool:
    """Mail one notification. The row lock and `emailed_at` make a retried or duplicated task a no-op."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .select_related("recipient__district")
            .filter(pk=notification_id, email_requested=True, emailed_at__isnull=True)
            .first()
        )
        if notification is None or not notification.recipient.email:
            return False
        context = {
            "notification": notification,
            "recipient": notification.recipient,
            "url": f"{settings.PORTAL_BASE_URL}{notification.link or '/'}",
        }
        message = EmailMultiAlternatives(
            subject=render_to_string("emails/notification_subject.txt", context).strip(),
            body=render_to_string("emails/notification.txt", context),
            to=[notification.recipient.email],
        )
        message.attach_alternative(render_to_string("emails/notification.html", context), "text/html")
        message.send()
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
    return True


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
