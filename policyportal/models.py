from datetime import date, datetime
from zoneinfo import ZoneInfo, available_timezones

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.utils import timezone

from policyportal import encryption
from policyportal.policy_templates import CLAUSE_ID


def validate_time_zone(value: str) -> None:
    if value not in available_timezones():
        raise ValidationError(f"{value!r} is not a known time zone (for example America/New_York).")


class ApprovalChain(models.TextChoices):
    SUPERVISOR = "supervisor", "The requester's supervisor"
    SUPERVISOR_THEN_DISTRICT = "supervisor_then_district", "The supervisor, then the district office"


class District(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    time_zone = models.CharField(max_length=64, default="America/New_York", validators=[validate_time_zone])
    monitoring_cadence_days = models.PositiveSmallIntegerField(
        default=7, help_text="How often a site owner must log a check of each active site."
    )
    review_cadence_days = models.PositiveSmallIntegerField(
        default=90, help_text="How often a supervisor reviews each site against the checklist."
    )
    decision_deadline_days = models.PositiveSmallIntegerField(
        default=5, help_text="How long a request may wait for a decision before the decider is reminded."
    )
    escalation_grace_days = models.PositiveSmallIntegerField(
        default=2, help_text="How long overdue work waits before it is escalated to the next person."
    )
    finding_due_days = models.PositiveSmallIntegerField(
        default=14, help_text="How long a site owner has to fix a finding of a checklist review."
    )
    staff_sync_leaver_limit_percent = models.PositiveSmallIntegerField(
        default=10,
        db_default=10,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="A directory sync that would close more than this share of the district's accounts stops and asks.",
    )
    acknowledgment_days = models.PositiveSmallIntegerField(
        default=30, help_text="How long employees have to acknowledge a newly published version of the rules."
    )
    approval_chain = models.CharField(max_length=32, choices=ApprovalChain.choices, default=ApprovalChain.SUPERVISOR)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(monitoring_cadence_days__gte=1)
                & Q(review_cadence_days__gte=1)
                & Q(decision_deadline_days__gte=1),
                name="district_cadences_positive",
            ),
            models.CheckConstraint(
                condition=Q(approval_chain__in=ApprovalChain.values), name="district_approval_chain_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def today(self, now: datetime | None = None) -> date:
        """The date it is in the district (at `now`, or now): due dates are kept in the district's dates."""
        return timezone.localdate(now or timezone.now(), ZoneInfo(self.time_zone))


class School(models.Model):
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="schools")
    name = models.CharField(max_length=200)
    # The organisation's stable id in the district's directory (OneRoster or School Data Sync `sourcedId`).
    directory_id = models.CharField(max_length=255, blank=True, default="", db_default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="school_name_unique_in_district"),
            models.UniqueConstraint(
                fields=["district", "directory_id"], condition=~Q(directory_id=""), name="school_directory_id_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    EMPLOYEE = "employee", "Employee"
    SUPERVISOR = "supervisor", "Supervisor"
    DISTRICT_ADMIN = "district_admin", "District administrator"

    @classmethod
    def supervising(cls) -> list[str]:
        """The roles that supervise people, decide requests and review sites."""
        return [cls.SUPERVISOR, cls.DISTRICT_ADMIN]


class User(AbstractUser):
    """A district employee. Supervisors and administrators are employees too and may file requests."""

    # None only for an installation operator (a superuser who creates districts and sees none of their records).
    district = models.ForeignKey(District, on_delete=models.PROTECT, null=True, blank=True, related_name="users")
    # The main school (lists and forms start from it); `schools` holds every school the person works at.
    school = models.ForeignKey(School, on_delete=models.PROTECT, null=True, blank=True, related_name="staff")
    schools = models.ManyToManyField(School, blank=True, related_name="people")
    title = models.CharField(max_length=120, blank=True)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.EMPLOYEE)
    supervisor = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="supervisees")
    # An administrator chose this supervisor: directory syncs keep it instead of the school's principal.
    supervisor_overridden = models.BooleanField(default=False, db_default=False)
    # The person's stable id in the district's directory (OneRoster or School Data Sync `sourcedId`).
    directory_id = models.CharField(max_length=255, blank=True, default="", db_default="")
    # Named by an administrator to manage the district's records: schedules, holds, disposal, records requests.
    is_records_officer = models.BooleanField("Records officer", default=False, db_default=False)

    objects = UserManager()
    REQUIRED_FIELDS = ["email"]

    class Meta:
        ordering = ["last_name", "first_name", "username"]
        constraints = [
            models.CheckConstraint(condition=Q(role__in=Role.values), name="user_role_valid"),
            models.CheckConstraint(condition=~Q(supervisor=F("id")), name="user_not_own_supervisor"),
            models.CheckConstraint(
                condition=Q(district__isnull=False) | Q(is_superuser=True), name="user_district_unless_operator"
            ),
            models.UniqueConstraint(
                fields=["district", "directory_id"], condition=~Q(directory_id=""), name="user_directory_id_unique"
            ),
            # Sign-in matches usernames ignoring case (iexact, UPPER on PostgreSQL): 'Ann' and 'ann' are one name.
            models.UniqueConstraint(Upper("username"), name="user_username_unique_ignoring_case"),
        ]
        indexes = [
            # The people page: a district's open accounts in name order, a page at a time, without sorting them all.
            models.Index(
                fields=["district", "last_name", "first_name", "username"],
                condition=Q(is_active=True),
                name="user_active_by_name_idx",
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    @property
    def member_district(self) -> District:
        """The district of a district member. Installation operators have none, and OperatorMiddleware keeps
        them on the operator pages, so district code never reaches them."""
        if self.district is None:
            raise PermissionDenied("Installation operators belong to no district.")
        return self.district

    @property
    def member_district_id(self) -> int:
        if self.district_id is None:
            raise PermissionDenied("Installation operators belong to no district.")
        return self.district_id

    @property
    def is_district_admin(self) -> bool:
        return self.role == Role.DISTRICT_ADMIN

    @property
    def can_supervise(self) -> bool:
        return self.role in Role.supervising()

    def acts_as_supervisor_of(self, person: "User") -> bool:
        """Whether this user can answer for `person` now: still active, in a supervising role, of their district."""
        return self.is_active and self.can_supervise and self.district_id == person.district_id and self.pk != person.pk


class PolicyVersion(models.Model):
    """One published version of a district's rules; items are never edited, a new version replaces them."""

    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="policy_versions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    source = models.CharField(max_length=200, help_text="The regulation this version encodes.")
    published_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["district", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["district", "number"], name="policy_version_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="policy_version_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (version {self.number})"


class AppliesTo(models.TextChoices):
    REQUEST_ATTESTATION = "request_attestation", "Request attestation"
    SITE_REVIEW = "site_review", "Site review"
    ACKNOWLEDGMENT = "acknowledgment", "Personal-use acknowledgment"
    POST_PRECHECK = "post_precheck", "Post pre-check"
    VIOLATION_CATEGORY = "violation_category", "Violation category"
    VIOLATION_OUTCOME = "violation_outcome", "Violation outcome"


# Items the portal acts on by a code rather than by showing them to be answered: the pre-check rule an item gives
# its clause to, a violation category's or outcome's code. Their `key` names that code; the others have none.
KEYED = (AppliesTo.POST_PRECHECK, AppliesTo.VIOLATION_CATEGORY, AppliesTo.VIOLATION_OUTCOME)


# A regulation's prefix, a dash, the clause: WH-D4, R14-D3b, or a district's own (LOCAL-D1, SPR-D2). The policy
# templates' loader holds files to the same pattern.
clause_id_validator = RegexValidator(
    CLAUSE_ID.pattern, "A clause id is the regulation's letters, a dash, then the clause: WH-D4, R14-D3b or LOCAL-D1."
)


class ChecklistItem(models.Model):
    policy_version = models.ForeignKey(PolicyVersion, on_delete=models.PROTECT, related_name="items")
    applies_to = models.CharField(max_length=32, choices=AppliesTo.choices)
    clause_id = models.CharField(max_length=16, validators=[clause_id_validator])
    key = models.SlugField(
        max_length=40,
        blank=True,
        help_text="For a pre-check rule, violation category or outcome: the code the portal knows it by, the same "
        "in every version, so reports count across versions.",
    )
    text = models.TextField()
    guidance = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["policy_version", "applies_to", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["policy_version", "applies_to", "position"], name="checklist_item_position_unique"
            ),
            models.CheckConstraint(condition=Q(applies_to__in=AppliesTo.values), name="checklist_item_applies_valid"),
            models.CheckConstraint(
                condition=Q(applies_to__in=KEYED) & ~Q(key="") | ~Q(applies_to__in=KEYED) & Q(key=""),
                name="checklist_item_key_where_keyed",
            ),
            models.UniqueConstraint(
                fields=["policy_version", "applies_to", "key", "clause_id"],
                condition=~Q(key=""),
                name="checklist_item_key_clause_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.clause_id}: {self.text}"


class EmailStatus(models.TextChoices):
    NONE = "none", "In the inbox only"
    PENDING = "pending", "Waiting to be mailed"
    DIGEST = "digest", "Waiting for the daily digest"
    SENT = "sent", "Mailed"
    FAILED = "failed", "Could not be mailed"  # the message itself is unsendable (an address no server takes)


class Notification(models.Model):
    """An in-app message, and the outbox row of its email: written in the state-changing transaction, mailed
    by Celery after commit, retried by a beat sweep until it goes out.

    `dedupe_key` makes a reminder once-only: (kind, target, due period, recipient) is unique in the database.
    """

    recipient = models.ForeignKey(User, on_delete=models.PROTECT, related_name="notifications")
    kind = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    link = models.CharField(max_length=300, blank=True, help_text="A path inside the portal.")
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    email_status = models.CharField(max_length=10, choices=EmailStatus.choices, default=EmailStatus.NONE)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_error = models.TextField(blank=True)
    email_next_attempt_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    dedupe_key = models.CharField(max_length=200, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at", "-created_at"], name="notification_inbox_idx"),
            models.Index(fields=["email_status", "email_next_attempt_at"], name="notification_outbox_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(email_status__in=EmailStatus.values), name="notification_email_ok")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def trail_label(self) -> str:  # its title quotes records' names: the trail shows it from the row (live_labels)
        return f"Notification {self.pk}"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class FormSubmission(models.Model):
    """A form that creates a record, sent once: its one-time token (the form's hidden field), who sent it and
    what it created. The same form sent again (a double click, a second tab, a retry) finds this row and is
    answered with that record: nothing new is created, recorded or sent."""

    token = models.UUIDField(primary_key=True)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    form = models.CharField(max_length=40)
    created_id = models.BigIntegerField(null=True)
    submitted_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.form} {self.token}"


class SignInFailureKind(models.TextChoices):
    UNKNOWN_USERNAME = "unknown_username", "A password sign-in for a name no account has"
    LOCKED_OUT = "locked_out", "An attempt while sign-in was paused for the name and address"
    NO_SIGN_IN_STARTED = "no_sign_in_started", "A provider's answer to a sign-in not started here"


class SignInFailureTally(models.Model):
    """Failed sign-ins anyone can cause without end, counted per client address and hour instead of one audit
    event each; services.sign_in_failures summarises each past hour in a few events and deletes its rows."""

    hour = models.DateTimeField()
    client_ip = models.CharField(max_length=45, blank=True)  # empty when the address is unknown
    kind = models.CharField(max_length=20, choices=SignInFailureKind.choices)
    count = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["hour", "client_ip", "kind"], name="sign_in_failure_tally_unique"),
            models.CheckConstraint(condition=Q(kind__in=SignInFailureKind.values), name="sign_in_failure_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.hour:%Y-%m-%d %H:00} {self.client_ip or 'unknown address'} {self.kind}: {self.count}"


class PasswordResetRequest(models.Model):
    """Someone asked for a password reset link for this address (as typed, lower-cased). Asking writes only this
    row, whatever the address, so neither the answer nor its time says whether an account has it; the delivery
    sweep turns it into the reset email of each account with the address, or into nothing, and deletes it."""

    email = models.TextField()  # lower-casing can lengthen a 254-character address ("İ" is two characters lower)
    requested_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["email", "requested_at"], name="password_reset_request_idx")]

    def __str__(self) -> str:
        return f"{self.email} at {self.requested_at:%Y-%m-%d %H:%M}"


class NotificationPreference(models.Model):
    """A person's choice, per kind of reminder, between mail at once and one daily digest."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notification_preferences")
    kind = models.CharField(max_length=40)
    daily_digest = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="preference_once_per_kind")]

    def __str__(self) -> str:
        return f"{self.user}: {self.kind} {'daily' if self.daily_digest else 'at once'}"


class StaffImportSource(models.TextChoices):
    UPLOAD = "upload", "Uploaded on the portal"
    COMMAND = "command", "manage.py staff_import"
    SCHEDULED = "scheduled", "The nightly sync"


class StaffImportFormat(models.TextChoices):
    PORTAL = "portal", "The portal's staff CSV"
    ONEROSTER_11 = "oneroster-1.1", "OneRoster 1.1 CSV"
    ONEROSTER_12 = "oneroster-1.2", "OneRoster 1.2 CSV"
    SDS_21 = "sds-2.1", "Microsoft School Data Sync v2.1 CSV"


class StaffImportStatus(models.TextChoices):
    PREVIEWED = "previewed", "Waiting for confirmation"
    APPLIED = "applied", "Applied"
    DISCARDED = "discarded", "Discarded"
    REFUSED = "refused", "Refused: the files have problems"


class StaffImport(models.Model):
    """Staff files from the district's directory, kept between their preview and its confirmation.

    `rows` holds the staff rows only (students, guardians and parents are counted, never kept), as
    `policyportal.directory` parsed them; `plan` is what applying them would change, computed against the
    district as it was then, and `plan_digest` its fingerprint: an import is applied only if the same plan,
    computed again in the applying transaction, has the same fingerprint."""

    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="staff_imports")
    # None for the nightly sync and the command line.
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    source = models.CharField(max_length=12, choices=StaffImportSource.choices)
    format = models.CharField(max_length=16, choices=StaffImportFormat.choices, blank=True)
    # A full sync lists every member of staff: the people it leaves out are leaving.
    full = models.BooleanField(default=True)
    files = models.JSONField(default=list, help_text="Each file's name, size and SHA-256.")
    files_digest = models.CharField(max_length=64, help_text="One SHA-256 over every file: a sync skips files it read.")
    rows = models.JSONField(default=dict, help_text="The staff rows and the directory's schools, nobody else.")
    plan = models.JSONField(default=dict)
    plan_digest = models.CharField(max_length=64, blank=True)
    counts = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=StaffImportStatus.choices, default=StaffImportStatus.PREVIEWED)
    applied_at = models.DateTimeField(null=True, blank=True)
    applied_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # The preview of what an applied import left for confirmation (its leavers), computed once it was applied.
    follows = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="follow_ups")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["district", "source", "-created_at"], name="staff_import_latest_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(source__in=StaffImportSource.values), name="staff_import_source_ok"),
            models.CheckConstraint(condition=Q(status__in=StaffImportStatus.values), name="staff_import_status_ok"),
            models.CheckConstraint(
                condition=Q(status=StaffImportStatus.APPLIED, applied_at__isnull=False)
                | (~Q(status=StaffImportStatus.APPLIED) & Q(applied_at__isnull=True)),
                name="staff_import_applied_when",
            ),
        ]

    def __str__(self) -> str:
        return f"Staff import {self.pk} ({self.get_format_display() or 'format not recognised'})"


class IdentityProvider(models.Model):
    """The district's own OpenID Connect provider (Google Workspace, Microsoft Entra ID, Clever, ClassLink...),
    set by its administrator. The client secret is kept to talk to the provider and never shown back."""

    district = models.OneToOneField(District, on_delete=models.CASCADE, related_name="identity_provider")
    enabled = models.BooleanField(default=False, help_text="Send the district's people to this provider to sign in.")
    issuer = models.URLField(max_length=400, help_text="The provider's issuer; its discovery document is read from it.")
    client_id = models.CharField(max_length=400)
    # Read and set through `client_secret`; the column holds it encrypted (policyportal.encryption).
    client_secret_encrypted = models.TextField(blank=True, editable=False)
    email_domains = models.CharField(
        max_length=1000, help_text="The email domains the provider serves, separated by spaces or commas."
    )
    stable_id_claim = models.CharField(
        max_length=100, default="sub", help_text="The claim holding the directory's stable id of the person."
    )
    passwords_enabled = models.BooleanField(
        default=True, help_text="The district's people may still sign in with the portal's own passwords."
    )
    break_glass_admin = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The one administrator who may still sign in with a password when passwords are off.",
    )
    jit_accounts = models.BooleanField(
        default=False, help_text="Create an employee account for a person of the provider the portal does not know."
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.district}: {self.issuer}"

    @property
    def client_secret(self) -> str:
        """The secret in clear, for the code exchange; SecretUnreadable when no configured key opens it."""
        if not self.client_secret_encrypted:
            return ""
        what = f"The OpenID client secret of district {self.district_id}"
        return encryption.decrypt(self.client_secret_encrypted, what=what)

    @client_secret.setter
    def client_secret(self, value: str) -> None:
        self.client_secret_encrypted = encryption.encrypt(value) if value else ""

    @property
    def has_client_secret(self) -> bool:
        return bool(self.client_secret_encrypted)

    @property
    def domains(self) -> list[str]:
        return [d.strip().lower().lstrip("@") for d in self.email_domains.replace(",", " ").split() if d.strip()]


from policyportal.records.models import (  # noqa: E402, F401  (the records office's models live in their own package)
    DisposalBatch,
    DisposalItem,
    LegalHold,
    RetentionSchedule,
    Tombstone,
)
from policyportal.records.package_models import RecordsPackage  # noqa: E402, F401
