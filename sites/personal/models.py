"""Personal use's records: questions about posts, the directory-objection roster, and acknowledgments.

Models of the `groupsites` app (`sites.models` imports them). `Acknowledgment` came from `policyportal`
and keeps its table, `policyportal_acknowledgment`.
"""

from django.db import models
from django.db.models import Q

from policyportal.records.kept import KeptManager


class ConsultationAnswer(models.TextChoices):
    FINE = "fine", "Fine to post"
    CHANGES = "changes", "Post with changes"
    DO_NOT = "do_not", "Do not post"


class Consultation(models.Model):
    """ "Ask my supervisor" (R14-D7, R14-P5): a planned post the employee chose to send, and the answer."""

    district = models.ForeignKey("policyportal.District", on_delete=models.PROTECT, related_name="+")
    employee = models.ForeignKey("policyportal.User", on_delete=models.PROTECT, related_name="consultations")
    supervisor = models.ForeignKey(
        "policyportal.User", on_delete=models.PROTECT, related_name="consultations_to_answer"
    )
    site = models.ForeignKey("groupsites.Site", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    destination = models.CharField(max_length=200)
    text = models.TextField(max_length=5000)
    links = models.TextField(blank=True, max_length=2000)
    findings = models.JSONField(default=list)
    question = models.TextField(blank=True, max_length=2000)
    asked_at = models.DateTimeField()
    answer = models.CharField(max_length=10, choices=ConsultationAnswer.choices, blank=True)
    answer_note = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    # The supervisor asked, or a district administrator once that supervisor's account is closed.
    answered_by = models.ForeignKey(
        "policyportal.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    disposed_at = models.DateTimeField(null=True, blank=True, editable=False)  # emptied by the records office

    objects = KeptManager()

    class Meta:
        ordering = ["-asked_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(supervisor=models.F("employee")), name="consultation_not_self"),
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True, answer="") | Q(answered_at__isnull=False) & ~Q(answer=""),
                name="consultation_answer_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee} asks {self.supervisor} ({self.asked_at:%Y-%m-%d})"


class DirectoryObjection(models.Model):
    """A student whose parent or guardian objected to the release of directory information (R14-D7;
    policies 5125 and 5145.15). Imported from the student information system's export."""

    district = models.ForeignKey("policyportal.District", on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey("policyportal.School", on_delete=models.PROTECT, related_name="directory_objections")
    student_id = models.CharField(max_length=32)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    grade = models.CharField(max_length=8, blank=True)
    imported_at = models.DateTimeField()

    class Meta:
        ordering = ["school", "last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(fields=["district", "student_id"], name="objection_student_once_per_district")
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name} ({self.student_id})"

    @property
    def trail_label(self) -> str:  # never a student's name (audits.recorder.trail_label)
        return f"Student record {self.pk}"


class Acknowledgment(models.Model):
    """An employee's signed acknowledgment of one policy version's personal-use rules."""

    user = models.ForeignKey("policyportal.User", on_delete=models.PROTECT, related_name="acknowledgments")
    policy_version = models.ForeignKey(
        "policyportal.PolicyVersion", on_delete=models.PROTECT, related_name="acknowledgments"
    )
    typed_name = models.CharField(max_length=200)
    acknowledged_at = models.DateTimeField()
    client_ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        db_table = "policyportal_acknowledgment"  # moved here from policyportal with its data
        ordering = ["-acknowledged_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "policy_version"], name="acknowledgment_once_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.user} acknowledged {self.policy_version}"
