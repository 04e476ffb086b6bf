"""What the audit trail's pages call a notification: its title, read from its row (`audits.live_labels`), since
its events keep only "Notification 12" (`trail_label`): a title quotes the names of the records it is about."""

from audits.live_labels import register_live_label
from policyportal.models import Notification


def register() -> None:
    register_live_label("notification", Notification.objects.all, field="title")
