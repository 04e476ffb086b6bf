from django.apps import AppConfig
from django.core import checks


class PolicyPortalConfig(AppConfig):
    name = "policyportal"
    verbose_name = "Policy Portal"

    def ready(self):
        import policyportal.tasks  # noqa: F401  (the outbox enqueues them by name: every process must know them)
        from policyportal import auth_events  # noqa: F401  (login audit receivers)
        from policyportal import trail as trail_labels
        from policyportal.encryption import keys_check
        from policyportal.records import kinds as record_kinds
        from policyportal.records import tasks as record_tasks  # noqa: F401  (approval enqueues the disposal by name)

        record_kinds.register()  # the notifications, for retention and disposal
        trail_labels.register()  # what the audit trail's pages call a notification
        checks.register(keys_check, checks.Tags.security, deploy=True)
