from django.db import models
from django.db.models import Q

from policyportal.records.kept import KeptManager
from sites.models.site import Site


class ViolationReport(models.Model):
    """A reported violation (WH-D7: reported to a supervisor at once), about a district site or an
    unofficial account that uses the district's name.

    Its category and outcome are items of the district's policy version (violation categories and outcomes,
    each citing its clause). A policy item is never edited or deleted once published, so pointing at it keeps
    the exact wording the report was filed and resolved under; its `key` counts reports across versions."""

    district = models.ForeignKey("policyportal.District", on_delete=models.PROTECT, related_name="+")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, null=True, blank=True, related_name="violations")
    account_name = models.CharField("Account or page name", max_length=200, blank=True)
    account_url = models.URLField("Its address", max_length=500, blank=True)
    reporter = models.ForeignKey("policyportal.User", on_delete=models.PROTECT, related_name="+")
    handler = models.ForeignKey(
        "policyportal.User", on_delete=models.PROTECT, null=True, blank=True, related_name="violations_to_handle"
    )
    category = models.ForeignKey(
        "policyportal.ChecklistItem",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"applies_to": "violation_category"},
    )
    what_happened = models.TextField(max_length=5000)
    occurred_on = models.DateField("When it happened")
    links = models.TextField("Links to the posts", blank=True, max_length=2000)
    reported_at = models.DateTimeField()
    outcome = models.ForeignKey(
        "policyportal.ChecklistItem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"applies_to": "violation_outcome"},
    )
    outcome_note = models.TextField(blank=True)
    resolved_by = models.ForeignKey(
        "policyportal.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    disposed_at = models.DateTimeField(null=True, blank=True, editable=False)  # emptied by the records office

    objects = KeptManager()

    class Meta:
        ordering = ["-reported_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(site__isnull=False) | ~Q(account_name="") | Q(disposed_at__isnull=False),
                name="violation_names_target",
            ),
            models.CheckConstraint(
                condition=Q(resolved_at__isnull=True, outcome__isnull=True)
                | Q(resolved_at__isnull=False, outcome__isnull=False),
                name="violation_resolution_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category} on {self.site or self.account_name}"

    @property
    def trail_label(self) -> str:  # without the site's or account's name, typed text (audits.recorder.trail_label)
        return f"Violation report {self.pk}"

    @property
    def target_label(self) -> str:
        return self.site.name if self.site_id else f"{self.account_name} (not a district site)"
