"""The core's own kind of record, for the records office: the notifications it sent."""

from collections.abc import Iterable

from policyportal.models import Notification
from policyportal.records.registry import RecordKind, StartEvent, register_kind

NOTIFICATIONS = "notifications"  # this kind's key


def dispose_notifications(notifications: Iterable[Notification]) -> None:
    """A notification read long ago means nothing once emptied, and nothing points at it: it is deleted."""
    Notification.objects.filter(pk__in=[notification.pk for notification in notifications]).delete()


def register() -> None:
    register_kind(
        RecordKind(
            key=NOTIFICATIONS,
            label="Notifications and the emails sent for them",
            model="policyportal.Notification",
            starts={"sent": StartEvent("it is sent", "created_at")},
            made="created_at",
            district="recipient__district",
            people=("recipient",),
            describe=lambda notification: f"Notification {notification.pk} ({notification.kind})",
            dispose=dispose_notifications,
        )
    )
