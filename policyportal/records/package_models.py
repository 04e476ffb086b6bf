"""A records-request package: what a records officer asked for (a date range, sites and people), and the ZIP a
Celery task builds from it (`audits.reports.records_package`), kept until it expires."""

import secrets
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone


class PackageStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to be built"
    BUILDING = "building", "Being built"
    READY = "ready", "Ready to download"
    FAILED = "failed", "Could not be built"
    EXPIRED = "expired", "Expired, its file deleted"


def package_path(instance: "RecordsPackage", filename: str) -> str:
    """A name nobody can guess: the file is only ever sent by the download view, never from a public address."""
    return str(PurePosixPath("records-packages") / f"{secrets.token_urlsafe(32)}.zip")


class RecordsPackage(models.Model):
    district = models.ForeignKey("policyportal.District", on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    starts_on = models.DateField("From")
    ends_on = models.DateField("Until")
    sites = models.ManyToManyField("groupsites.Site", blank=True, related_name="+")
    people = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    status = models.CharField(max_length=10, choices=PackageStatus.choices, default=PackageStatus.QUEUED)
    files_done = models.PositiveIntegerField(default=0)
    files_total = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    built_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    file = models.FileField(upload_to=package_path, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    failure = models.CharField(max_length=300, blank=True, help_text="Why it could not be built, in words.")

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=PackageStatus.values), name="package_status_ok"),
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="package_range_in_order"),
            models.CheckConstraint(condition=Q(files_done__lte=F("files_total")), name="package_progress_ok"),
            models.CheckConstraint(
                condition=~Q(status=PackageStatus.READY) | Q(expires_at__isnull=False) & ~Q(file=""),
                name="package_ready_has_file_and_expiry",
            ),
        ]

    def __str__(self) -> str:
        return f"Records-request package {self.pk}"

    @property
    def percent_done(self) -> int:
        return self.files_done * 100 // self.files_total if self.files_total else 0

    @property
    def is_finished(self) -> bool:
        return self.status not in (PackageStatus.QUEUED, PackageStatus.BUILDING)
