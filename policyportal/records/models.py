"""The records office's own rows: schedules, holds, disposal lists and the tombstones disposal leaves."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class RetentionSchedule(models.Model):
    """How long a district keeps one kind of record: `years` and `months` counted from the event `starts` names
    (one of the kind's start events, `registry.RecordKind.starts`). A kind without a schedule is never disposed."""

    district = models.ForeignKey("policyportal.District", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=40)
    starts = models.CharField(max_length=40)
    years = models.PositiveSmallIntegerField(default=0)
    months = models.PositiveSmallIntegerField(default=0)
    authority = models.CharField(
        "Authority",
        max_length=200,
        blank=True,
        help_text="The state schedule and item this follows, e.g. “CT M1 item 10-030”.",
    )
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["district", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["district", "kind"], name="retention_one_schedule_per_kind"),
            models.CheckConstraint(condition=Q(months__lte=11), name="retention_months_under_a_year"),
            models.CheckConstraint(condition=Q(years__gt=0) | Q(months__gt=0), name="retention_period_not_empty"),
        ]

    def __str__(self) -> str:
        return f"Retention schedule for {self.kind}"

    @property
    def total_months(self) -> int:
        return self.years * 12 + self.months


class LegalHold(models.Model):
    """Records that may not be destroyed while the hold stands (a litigation hold, an open records request).

    A hold names a site, a person, a date range, or several of these; it covers the records that match every scope
    it names (see `records.rules.held_q`). It stands until `lifted_at` is set."""

    district = models.ForeignKey("policyportal.District", on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(help_text="Why the records must be kept, e.g. the case or the records request.")
    site = models.ForeignKey("groupsites.Site", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    starts_on = models.DateField("From", null=True, blank=True)
    ends_on = models.DateField("Until", null=True, blank=True)
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    placed_at = models.DateTimeField(default=timezone.now)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lifted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-placed_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(site__isnull=False) | Q(person__isnull=False) | Q(starts_on__isnull=False),
                name="hold_names_a_scope",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(starts_on__isnull=False) & Q(ends_on__gte=models.F("starts_on")),
                name="hold_range_in_order",
            ),
        ]

    def __str__(self) -> str:  # the audit trail's label: never the reason, which is free text
        return f"Legal hold {self.pk}"

    @property
    def is_standing(self) -> bool:
        return self.lifted_at is None


class DisposalStatus(models.TextChoices):
    LISTED = "listed", "Waiting for approval"
    APPROVED = "approved", "Approved, being disposed"
    DONE = "done", "Disposed"


class DisposalBatch(models.Model):
    """What the nightly sweep found past its period and not held: the records officer reviews and approves it.
    A district has at most one batch waiting for approval; the sweep adds what has come due since."""

    district = models.ForeignKey("policyportal.District", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=DisposalStatus.choices, default=DisposalStatus.LISTED)
    listed_at = models.DateTimeField(default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-listed_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=DisposalStatus.values), name="disposal_status_ok"),
            models.UniqueConstraint(
                fields=["district"], condition=Q(status="listed"), name="disposal_one_waiting_list_per_district"
            ),
        ]

    def __str__(self) -> str:
        return f"Disposal list {self.pk}"


class DisposalItemStatus(models.TextChoices):
    LISTED = "listed", "Listed"
    DISPOSED = "disposed", "Disposed"
    KEPT = "kept", "Kept (held or no longer due)"


class KeptBecause(models.TextChoices):
    HELD = "held", "A legal hold covers it"
    NOT_DUE = "not_due", "No longer due under the current schedule"
    GONE = "gone", "No longer there to dispose of"


class DisposalItem(models.Model):
    """One record on a disposal list: its kind (`registry`), its id, and the day its period ended. A record
    found held or no longer due when its disposal came is kept, and says why."""

    batch = models.ForeignKey(DisposalBatch, on_delete=models.PROTECT, related_name="items")
    kind = models.CharField(max_length=40)
    record_id = models.PositiveBigIntegerField()
    due_on = models.DateField()
    status = models.CharField(max_length=10, choices=DisposalItemStatus.choices, default=DisposalItemStatus.LISTED)
    kept_because = models.CharField(max_length=10, choices=KeptBecause.choices, blank=True)

    class Meta:
        ordering = ["kind", "due_on", "record_id"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "kind", "record_id"], name="disposal_item_once_per_batch"),
            models.CheckConstraint(condition=Q(status__in=DisposalItemStatus.values), name="disposal_item_status_ok"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.record_id}"


class Tombstone(models.Model):
    """What a disposed record was, once its contents and files are gone: its kind and id, a description without
    free text (`RecordKind.describe`), its dates, the schedule it was kept under, and who approved its disposal."""

    district = models.ForeignKey("policyportal.District", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=40)
    record_id = models.PositiveBigIntegerField()
    description = models.CharField(max_length=300)
    record_date = models.DateTimeField(help_text="When the record was made.")
    period_started = models.DateTimeField(help_text="The event its retention period was counted from.")
    schedule = models.CharField(max_length=300, help_text="The schedule in words, as it stood at disposal.")
    batch = models.ForeignKey(DisposalBatch, on_delete=models.PROTECT, related_name="tombstones")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    disposed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-disposed_at", "kind", "record_id"]
        constraints = [models.UniqueConstraint(fields=["district", "kind", "record_id"], name="tombstone_once")]

    def __str__(self) -> str:
        return self.description
