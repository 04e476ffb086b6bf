from django.db import models

from policyportal.records.kept import KeptManager
from sites.models.site import Site


class LookedAt(models.TextChoices):
    NEW_POSTS = "new_posts", "New posts"
    COMMENTS = "comments", "Comments"
    MEMBERS = "members", "The member list"
    SETTINGS = "settings", "The group's settings"


class MonitoringCheck(models.Model):
    """One check of a site by its owner (WH-D7, R14-D3f: the responsible employee monitors it regularly)."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="monitoring_checks")
    checked_by = models.ForeignKey("policyportal.User", on_delete=models.PROTECT, related_name="+")
    checked_at = models.DateTimeField()
    looked_at = models.JSONField(default=list)
    found = models.TextField(blank=True)
    violation = models.ForeignKey(
        "groupsites.ViolationReport", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    disposed_at = models.DateTimeField(null=True, blank=True, editable=False)  # emptied by the records office

    objects = KeptManager()

    class Meta:
        ordering = ["-checked_at", "-pk"]
        indexes = [models.Index(fields=["site", "-checked_at"], name="monitoring_site_time_idx")]

    def __str__(self) -> str:
        return f"Check of {self.site} on {self.checked_at:%Y-%m-%d}"

    @property
    def trail_label(self) -> str:  # without the site's name, typed text (audits.recorder.trail_label)
        return f"Monitoring check {self.pk} of site {self.site_id}"

    @property
    def looked_at_labels(self) -> list[str]:
        return [LookedAt(value).label for value in self.looked_at if value in LookedAt.values]
