from django.core.validators import URLValidator
from django.db import models
from django.db.models import F, Q

from policyportal.records.kept import KeptManager
from sites.platforms import Platform

https_only = URLValidator(schemes=["https"], message="Enter the site's full https:// address.", code="https_required")


class Serves(models.TextChoices):
    CLUB = "club", "A club"
    ACTIVITY = "activity", "An activity"
    ORGANIZATION = "organization", "An organization"
    TEAM = "team", "A team"
    SCHOOL_INFO = "school_info", "The school's information"
    DISTRICT_INFO = "district_info", "The district's information"


class Audience(models.TextChoices):
    STUDENTS = "students", "Students"
    PARENTS = "parents", "Parents"
    STAFF = "staff", "Staff"
    COMMUNITY = "community", "Community"


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    PENDING = "pending", "Waiting for a decision"
    RETURNED = "returned", "Returned for changes"
    APPROVED = "approved", "Approved"
    DENIED = "denied", "Denied"
    WITHDRAWN = "withdrawn", "Withdrawn"


EDITABLE = (Status.DRAFT, Status.RETURNED)
WITHDRAWABLE = (Status.DRAFT, Status.PENDING, Status.RETURNED)
DESCRIPTION_MIN, DESCRIPTION_MAX = 100, 5000
FORM_FIELDS = (
    "site_name",
    "site_url",
    "platform",
    "platform_other",
    "serves",
    "serves_name",
    "school",
    "audience",
    "description",
    "admission",
)


class SocialMediaRequest(models.Model):
    """The social media request form (R14-D2) asking for a district-sponsored site (WH-D1)."""

    district = models.ForeignKey("policyportal.District", on_delete=models.PROTECT, related_name="+")
    requester = models.ForeignKey("policyportal.User", on_delete=models.PROTECT, related_name="requests_filed")
    school = models.ForeignKey("policyportal.School", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    site_name = models.CharField(max_length=200, blank=True)
    site_url = models.URLField(
        "The site's address, if it exists already", max_length=500, blank=True, validators=[https_only]
    )
    platform = models.CharField(max_length=32, choices=Platform.choices, blank=True)
    platform_other = models.CharField("Other platform", max_length=100, blank=True)
    serves = models.CharField(max_length=32, choices=Serves.choices, blank=True)
    serves_name = models.CharField("Name of the club, activity, organization or team", max_length=200, blank=True)
    audience = models.JSONField(default=list, blank=True)
    description = models.TextField("Description of the proposed use", max_length=DESCRIPTION_MAX, blank=True)
    admission = models.TextField("How members will be admitted", max_length=2000, blank=True)

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    steps_total = models.PositiveSmallIntegerField(default=1)
    current_step = models.PositiveSmallIntegerField(default=0)
    current_decider = models.ForeignKey(
        "policyportal.User", on_delete=models.PROTECT, null=True, blank=True, related_name="requests_to_decide"
    )
    # Bumped by every state change; a form carries the version it was shown, so a stale or replayed POST is refused.
    version = models.PositiveIntegerField(default=1)
    # Sent with the blank form, so that replaying the POST that created a request cannot create it twice.
    form_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    snapshot = models.JSONField(default=dict, blank=True)
    snapshot_hash = models.CharField(max_length=64, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    step_started_at = models.DateTimeField(
        null=True, blank=True, help_text="When the current step reached its decider."
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    disposed_at = models.DateTimeField(null=True, blank=True, editable=False)  # emptied by the records office

    objects = KeptManager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=Status.values), name="request_status_valid"),
            models.CheckConstraint(condition=~Q(current_decider=F("requester")), name="request_not_own_decider"),
            models.CheckConstraint(
                condition=~Q(status=Status.PENDING) | (Q(current_step__gte=1) & Q(current_step__lte=F("steps_total"))),
                name="request_pending_has_step",
            ),
        ]
        indexes = [
            models.Index(fields=["district", "status", "submitted_at"], name="request_district_status_idx"),
            models.Index(fields=["current_decider", "status", "submitted_at"], name="request_decider_queue_idx"),
            # Report figures over a date range read this index alone (on PostgreSQL, which has `include`).
            models.Index(
                fields=["district", "submitted_at"],
                include=["status", "school", "decided_at"],
                name="request_submitted_window_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.site_name or f"Untitled request #{self.pk}"

    @property
    def trail_label(self) -> str:  # its site's name is typed text: the trail shows it from the row (audits.live_labels)
        return f"Request {self.pk}"

    @property
    def platform_label(self) -> str:
        return self.platform_other if self.platform == Platform.OTHER else self.get_platform_display()

    @property
    def audience_labels(self) -> list[str]:
        return [Audience(value).label for value in self.audience if value in Audience.values]

    @property
    def is_pending(self) -> bool:
        return self.status == Status.PENDING

    @property
    def is_returned(self) -> bool:
        return self.status == Status.RETURNED

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE

    @property
    def is_withdrawable(self) -> bool:
        return self.status in WITHDRAWABLE


class RequestAttestation(models.Model):
    """One setup promise the requester confirmed, against the policy item (and its clause) it answers."""

    request = models.ForeignKey(SocialMediaRequest, on_delete=models.CASCADE, related_name="attestations")
    item = models.ForeignKey("policyportal.ChecklistItem", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["request", "item"], name="attestation_once_per_item")]

    def __str__(self) -> str:
        return f"{self.request} confirms {self.item}"


class Outcome(models.TextChoices):
    APPROVED = "approved", "Approve"
    RETURNED = "returned", "Return for changes"
    DENIED = "denied", "Deny"


class Decision(models.Model):
    """One step's written decision, bound to the snapshot hash of exactly what was reviewed."""

    request = models.ForeignKey(SocialMediaRequest, on_delete=models.PROTECT, related_name="decisions")
    requester = models.ForeignKey("policyportal.User", on_delete=models.PROTECT, related_name="+")
    step = models.PositiveSmallIntegerField()
    decider = models.ForeignKey("policyportal.User", on_delete=models.PROTECT, related_name="decisions_made")
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    reason = models.TextField(blank=True)
    snapshot_hash = models.CharField(max_length=64)
    decided_at = models.DateTimeField()

    class Meta:
        ordering = ["decided_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(decider=F("requester")), name="decision_not_by_requester"),
            models.CheckConstraint(condition=Q(outcome__in=Outcome.values), name="decision_outcome_valid"),
            models.CheckConstraint(
                condition=Q(outcome=Outcome.APPROVED) | ~Q(reason=""), name="decision_refusal_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"Step {self.step}: {self.outcome_label} by {self.decider}"

    @property
    def outcome_label(self) -> str:
        """The decision as a record reads it, "Approved" (the form's choice reads "Approve")."""
        return Status(self.outcome).label
