from django.db import models
from django.db.models import Q


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
