from django.db import models
from django.db.models import Q

from sites.models.site import Site


class ViolationCategory(models.TextChoices):
    HARASSMENT = "harassment", "Harassment, threats or abusive statements"
    CONFIDENTIAL = "confidential", "Confidential student information"
    DIRECTORY_OBJECTION = "directory_objection", "Directory information of a student whose parent objected"
    PROFANITY = "profanity", "Profanity or obscene content"
    PERSONAL_SITE_LINKED = "personal_link", "A personal site linked"
    COMMERCIAL_POLITICAL = "commercial_political", "Commercial, political or solicitation use"
    PARENT_DENIED = "parent_denied", "A parent denied access"
    OTHER = "other", "Something else"


class ViolationAction(models.TextChoices):
    CONTENT_REMOVED = "content_removed", "Content removed"
    DISCUSSED = "discussed", "Discussed with the employee"
    REFERRED_HR = "referred_hr", "Referred to human resources"
    NO_VIOLATION = "no_violation", "No violation found"


class ViolationReport(models.Model):
    """A reported violation (WH-D7: reported to a supervisor at once), about a district site or an
    unofficial account that uses the district's name."""

    district = models.ForeignKey("policyportal.District", on_delete=models.PROTECT, related_name="+")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, null=True, blank=True, related_name="violations")
    account_name = models.CharField("Account or page name", max_length=200, blank=True)
    account_url = models.URLField("Its address", max_length=500, blank=True)
    reporter = models.ForeignKey("policyportal.User", on_delete=models.PROTECT, related_name="+")
    handler = models.ForeignKey(
        "policyportal.User", on_delete=models.PROTECT, null=True, blank=True, related_name="violations_to_handle"
    )
    category = models.CharField(max_length=30, choices=ViolationCategory.choices)
    what_happened = models.TextField(max_length=5000)
    occurred_on = models.DateField("When it happened")
    links = models.TextField("Links to the posts", blank=True, max_length=2000)
    reported_at = models.DateTimeField()
    action = models.CharField(max_length=20, choices=ViolationAction.choices, blank=True)
    action_note = models.TextField(blank=True)
    resolved_by = models.ForeignKey(
        "policyportal.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-reported_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(category__in=ViolationCategory.values), name="violation_category_ok"),
            models.CheckConstraint(
                condition=Q(site__isnull=False) | ~Q(account_name=""), name="violation_names_target"
            ),
            models.CheckConstraint(
                condition=Q(resolved_at__isnull=True, action="") | Q(resolved_at__isnull=False) & ~Q(action=""),
                name="violation_resolution_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} on {self.site or self.account_name}"

    @property
    def target_label(self) -> str:
        return self.site.name if self.site_id else f"{self.account_name} (not a district site)"
