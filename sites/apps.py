from django.apps import AppConfig


class GroupSitesConfig(AppConfig):
    """District-sponsored sites. Labelled `groupsites`: `sites` belongs to django.contrib.sites."""

    name = "sites"
    label = "groupsites"
    verbose_name = "District-sponsored sites"

    def ready(self):
        from sites import clauses, handover, records, reminders, trail  # noqa: F401  (registers its reminder sweeps)
        from sites.personal import clauses as personal_clauses
        from sites.personal import handover as personal_handover
        from sites.personal import records as personal_records
        from sites.personal import reminders as personal_reminders  # noqa: F401  (and personal use's)

        handover.register()  # what a leaver's account hands on as it closes
        personal_handover.register()
        clauses.register()  # what it does for each clause of the regulations
        personal_clauses.register()
        records.register()  # its kinds of record, for retention and disposal
        personal_records.register()
        trail.register()  # what the audit trail's pages call its records
