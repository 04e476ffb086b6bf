from django.apps import AppConfig


class PolicyPortalConfig(AppConfig):
    name = "policyportal"
    verbose_name = "Policy Portal"

    def ready(self):
        from policyportal import auth_events  # noqa: F401  (login audit receivers)
