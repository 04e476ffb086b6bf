from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q

from audits.labels import action_label, target_type_label


class AppendOnlyError(Exception):
    """Raised when code tries to change or remove an audit event."""


def _refuse(*args, **kwargs):
    raise AppendOnlyError("Audit events are append-only: they cannot be changed or deleted.")


class AuditEventQuerySet(models.QuerySet):
    update = _refuse
    delete = _refuse
    _raw_delete = _refuse
    bulk_update = _refuse


class AuditEvent(models.Model):
    """One entry of a district's hash chain. `district` is empty for the installation's own chain
    (for example a failed login naming an account that does not exist)."""

    district = models.ForeignKey(
        "policyportal.District", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sequence = models.PositiveBigIntegerField()
    occurred_at = models.DateTimeField()
    actor = models.ForeignKey("policyportal.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    actor_name = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=64)
    target_type = models.CharField(max_length=40, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(max_length=300, blank=True)
    payload = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    client_ip = models.GenericIPAddressField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["district", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["district", "sequence"], name="audit_sequence_unique_in_district"),
            models.UniqueConstraint(
                fields=["sequence"], condition=Q(district__isnull=True), name="audit_sequence_unique_installation"
            ),
            models.CheckConstraint(condition=Q(sequence__gte=1), name="audit_sequence_positive"),
        ]
        indexes = [
            models.Index(fields=["district", "-occurred_at"], name="audit_district_time_idx"),
            models.Index(fields=["district", "action", "sequence"], name="audit_district_action_seq_idx"),
            models.Index(fields=["district", "target_type", "target_id"], name="audit_district_target_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            _refuse()
        super().save(*args, **kwargs)

    delete = _refuse

    @property
    def action_label(self) -> str:
        return action_label(self.action)

    @property
    def target_type_label(self) -> str:
        return target_type_label(self.target_type)
