from django.db import transaction

from policyportal.models import Notification


def notify(*, recipient, kind: str, title: str, body: str = "", link: str = "", email: bool = False) -> Notification:
    """Create an in-app notification inside the caller's transaction; the email goes out after commit."""
    notification = Notification.objects.create(
        recipient=recipient, kind=kind, title=title, body=body, link=link, email_requested=email
    )
    if email:
        from policyportal.tasks import deliver_notification_email

        transaction.on_commit(lambda: deliver_notification_email.delay(notification.pk))
    return notification
