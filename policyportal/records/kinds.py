"""The core's own kind of record, for the records office: the notifications it sent."""

from policyportal.records.registry import RecordKind, StartEvent, register_kind


def register() -> None:
    register_kind(
        RecordKind(
            key="notifications",
            label="Notifications and the emails sent for them",
            model="policyportal.Notification",
            starts={"sent": StartEvent("it is sent", "created_at")},
            made="created_at",
            district="recipient__district",
            people=("recipient",),
            describe=lambda notification: f"Notification {notification.pk} ({notification.kind})",
        )
    )
