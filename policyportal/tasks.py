from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from policyportal.models import Notification


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
