import uuid
from pathlib import PurePosixPath

from django.db import models
from django.db.models import Q
from django.urls import reverse

from policyportal.records.kept import KeptManager
from sites.models.site import Site, SiteStatus


class ReviewOutcome(models.TextChoices):
    PASSED = "passed", "Passed"
    FINDINGS = "findings", "Completed: items failed, findings opened"


class SiteReview(models.Model):
    """A supervisor's review of a site against the checklist of one policy version."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="reviews")
    # The site's, copied when the review starts, so that a district's reviews are counted without its sites.
    district = models.ForeignKey(
        "policyportal.District", on_delete=models.PROTECT, related_name="+", editable=False, db_index=False
    )
    reviewer = models.ForeignKey("policyportal.User", on_delete=models.PROTECT, related_name="+")
    policy_version = models.ForeignKey("policyportal.PolicyVersion", on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=ReviewOutcome.choices, blank=True)
    disposed_at = models.DateTimeField(null=True, blank=True, editable=False)  # emptied by the records office

    objects = KeptManager()

    class Meta:
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["site"], condition=Q(completed_at__isnull=True), name="one_open_review_per_site"
            ),
            models.CheckConstraint(
                condition=Q(completed_at__isnull=True, outcome="") | Q(completed_at__isnull=False) & ~Q(outcome=""),
                name="review_outcome_when_complete",
            ),
        ]
        indexes = [models.Index(fields=["district", "completed_at"], name="review_district_completed_idx")]

    def __str__(self) -> str:
        return f"Review of {self.site} started {self.started_at:%Y-%m-%d}"

    @property
    def trail_label(self) -> str:  # without the site's name, typed text (audits.recorder.trail_label)
        return f"Review {self.pk} of site {self.site_id}"

    @property
    def is_open(self) -> bool:
        return self.completed_at is None

    @property
    def outcome_words(self) -> str:
        """A completed review's outcome with its count of failed items (`failed_items`, annotated by the selectors)."""
        if self.outcome != ReviewOutcome.FINDINGS:
            return self.get_outcome_display().lower()
        items = "1 item" if self.failed_items == 1 else f"{self.failed_items} items"
        return f"completed: {items} failed, {'a finding' if self.failed_items == 1 else 'findings'} opened"

    @property
    def takes_answers(self) -> bool:
        """Open, on a site that is active: a suspended or retired site is never active again, so its open
        review is closed unfinished."""
        return self.is_open and self.site.status == SiteStatus.ACTIVE


class Answer(models.TextChoices):
    PASS = "pass", "Pass"
    FAIL = "fail", "Fail"
    NOT_APPLICABLE = "na", "Not applicable"


class ReviewAnswer(models.Model):
    """One checklist item of a review, keeping the exact wording it was answered against."""

    review = models.ForeignKey(SiteReview, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey("policyportal.ChecklistItem", on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()
    clause_id = models.CharField(max_length=16)
    text = models.TextField()
    answer = models.CharField(max_length=4, choices=Answer.choices, blank=True)
    note = models.TextField(blank=True, help_text="What is wrong (required for a fail).")
    reason = models.TextField(blank=True, help_text="Why it does not apply (required for not applicable).")
    evidence_link = models.URLField(max_length=500, blank=True)

    class Meta:
        ordering = ["review", "position"]
        constraints = [
            models.UniqueConstraint(fields=["review", "item"], name="answer_once_per_item"),
            models.CheckConstraint(condition=Q(answer__in=[*Answer.values, ""]), name="answer_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.clause_id}: {self.get_answer_display() or 'unanswered'}"


def evidence_path(instance: "Evidence", filename: str) -> str:
    """A name the uploader cannot choose: a random id and the extension of the type that was detected."""
    return str(PurePosixPath("evidence") / f"{uuid.uuid4().hex}{instance.extension}")


class Evidence(models.Model):
    answer = models.ForeignKey(ReviewAnswer, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=evidence_path)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey("policyportal.User", on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    EXTENSIONS = {"image/png": ".png", "image/jpeg": ".jpg", "application/pdf": ".pdf"}

    def __str__(self) -> str:
        return f"Evidence for {self.answer}"

    @property
    def extension(self) -> str:
        return self.EXTENSIONS[self.content_type]


class FindingStatus(models.TextChoices):
    OPEN = "open", "Open"
    FIXED = "fixed", "Fix reported"
    CLOSED = "closed", "Verified and closed"

    @classmethod
    def unresolved(cls) -> list[str]:
        """A finding still owes something until its fix is verified."""
        return [cls.OPEN, cls.FIXED]


class FindingManager(models.Manager):
    """A finding is disposed of with its review (whose findings were all resolved by then): it leaves every list."""

    def get_queryset(self) -> models.QuerySet:
        return super().get_queryset().filter(review__disposed_at__isnull=True)


class Finding(models.Model):
    """A failed checklist item, assigned to the site's owner until the reviewer verifies the fix."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="findings")
    review = models.ForeignKey(SiteReview, on_delete=models.PROTECT, related_name="findings")
    answer = models.OneToOneField(ReviewAnswer, on_delete=models.PROTECT, related_name="finding")
    clause_id = models.CharField(max_length=16)
    text = models.TextField()
    note = models.TextField()
    assignee = models.ForeignKey("policyportal.User", on_delete=models.PROTECT, related_name="findings_assigned")
    reviewer = models.ForeignKey("policyportal.User", on_delete=models.PROTECT, related_name="findings_reviewed")
    due_on = models.DateField()
    status = models.CharField(max_length=10, choices=FindingStatus.choices, default=FindingStatus.OPEN)
    fix_note = models.TextField(blank=True)
    reopen_reason = models.TextField(blank=True)
    opened_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = FindingManager()

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [models.CheckConstraint(condition=Q(status__in=FindingStatus.values), name="finding_status_ok")]
        indexes = [models.Index(fields=["site", "status", "due_on"], name="finding_site_status_idx")]

    def __str__(self) -> str:
        return f"{self.clause_id} on {self.site}"

    def get_absolute_url(self) -> str:
        """Its card on its site's page, where it is worked on: what a notification about it links to."""
        return f"{reverse('sites:detail', args=[self.site_id])}#finding-{self.pk}"

    @property
    def trail_label(self) -> str:  # without the site's name, typed text (audits.recorder.trail_label)
        return f"Finding {self.pk} ({self.clause_id}) of site {self.site_id}"

    @property
    def is_open(self) -> bool:
        return self.status == FindingStatus.OPEN

    @property
    def is_closed(self) -> bool:
        return self.status == FindingStatus.CLOSED
