from django.apps import AppConfig


class RequestsConfig(AppConfig):
    """Social media request forms. This app is `requests`: never install the HTTP library of that name."""

    name = "requests"
    label = "requests"
    verbose_name = "Social media requests"

    def ready(self):
        from requests import clauses, handover, records, reminders, trail  # noqa: F401  (registers its reminder sweeps)

        clauses.register()  # what it does for each clause of the regulations
        handover.register()  # what a leaver's account hands on as it closes
        records.register()  # its kind of record, for retention and disposal
        trail.register()  # what the audit trail calls a draft its reader may not see
