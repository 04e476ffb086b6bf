from django.db import models
from django.db.models import Q

from policyportal.records.kept import KeptManager
from sites.platforms import Platform


class SiteStatus(models.TextChoices):
    SETTING_UP = "setting_up", "Being set up"
    ACTIVE = "active", "Active"
    SUSPENDED = "suspended", "Suspended"
    RETIRED = "retired", "Retired"


class Compliance(models.TextChoices):
    """Derived by `sites.selectors.with_compliance` from the site's summary columns and today's date."""

    INACTIVE = "inactive", "Not in use (suspended or retired)"
    NEVER_REVIEWED = "never_reviewed", "Never reviewed"
    REVIEW_OVERDUE = "review_overdue", "Review overdue"
    REVIEW_DUE = "review_due", "Review due"
    FINDINGS_OPEN = "findings_open", "Findings open"
    COMPLIANT = "compliant", "Compliant"


class Site(models.Model):
    """A district-sponsored site. It exists only because a request was approved (WH-D1, R14-D2)."""

    district = models.ForeignKey("policyportal.District", on_delete=models.PROTECT, related_name="sites")
    school = models.ForeignKey("policyportal.School", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    owner = models.ForeignKey("policyportal.User", on_delete=models.PROTECT, related_name="owned_sites")
    supervisor = models.ForeignKey(
        "policyportal.User", on_delete=models.PROTECT, null=True, blank=True, related_name="supervised_sites"
    )
    request = models.OneToOneField("requests.SocialMediaRequest", on_delete=models.PROTECT, related_name="site")
    platform = models.CharField(max_length=32, choices=Platform.choices)
    platform_other = models.CharField(max_length=100, blank=True)
    name = models.CharField(max_length=200)
    url = models.URLField(max_length=500, blank=True)
    status = models.CharField(max_length=20, choices=SiteStatus.choices, default=SiteStatus.SETTING_UP)
    status_reason = models.TextField(blank=True)
    transfer_to = models.ForeignKey(
        "policyportal.User", on_delete=models.PROTECT, null=True, blank=True, related_name="site_transfers_offered"
    )
    activated_at = models.DateTimeField(null=True, blank=True)
    retired_at = models.DateTimeField(null=True, blank=True)  # where a site file's retention period starts
    next_review_due = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    # A summary of the site's reviews, findings and checks, kept by `sites.services.summary` whenever one of
    # them changes, so that registries and dashboards need not aggregate every record of a district.
    last_reviewed_at = models.DateTimeField(null=True, blank=True, editable=False)
    unresolved_findings = models.PositiveIntegerField(default=0, editable=False)
    last_checked_at = models.DateTimeField(null=True, blank=True, editable=False)
    disposed_at = models.DateTimeField(null=True, blank=True, editable=False)  # emptied by the records office

    objects = KeptManager()

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=SiteStatus.values), name="site_status_valid"),
            models.CheckConstraint(condition=~Q(transfer_to=models.F("owner")), name="site_transfer_to_other"),
        ]
        indexes = [
            models.Index(fields=["district", "status", "next_review_due"], name="site_registry_idx"),
            models.Index(fields=["district", "name", "id"], name="site_registry_order_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def trail_label(self) -> str:  # its name is typed text: the trail shows it from the row (audits.live_labels)
        return f"Site {self.pk}"

    @property
    def platform_label(self) -> str:
        return self.platform_other if self.platform == Platform.OTHER else self.get_platform_display()
