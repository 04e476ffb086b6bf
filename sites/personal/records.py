"""Personal use's kinds of record, for the records office (`policyportal.records.registry`)."""

from collections.abc import Iterable

from django.urls import reverse
from django.utils import timezone

from policyportal.records.registry import RecordKind, StartEvent, register_kind
from sites.personal import rules
from sites.personal.models import Acknowledgment, Consultation, DirectoryObjection


def dispose_consultations(consultations: Iterable[Consultation]) -> None:
    """Empties questions about posts: the planned post, where it was to go, the question and the answer's note,
    and what the pre-check found in it (which may quote it). The answer given stays."""
    Consultation._base_manager.filter(pk__in=[consultation.pk for consultation in consultations]).update(
        destination="", text="", links="", findings=[], question="", answer_note="", disposed_at=timezone.now()
    )


def dispose_acknowledgments(acknowledgments: Iterable[Acknowledgment]) -> None:
    """An acknowledgment means nothing without its signature, and nothing points at it: it is deleted."""
    Acknowledgment.objects.filter(pk__in=[acknowledgment.pk for acknowledgment in acknowledgments]).delete()


def dispose_roster(objections: Iterable[DirectoryObjection]) -> None:
    """A roster entry is a student's name: it is deleted."""
    DirectoryObjection.objects.filter(pk__in=[objection.pk for objection in objections]).delete()


def register() -> None:
    register_kind(
        RecordKind(
            key="consultations",
            label="Questions about posts",
            model="groupsites.Consultation",
            starts={
                "answered": StartEvent("the question is answered", "answered_at"),
                "asked": StartEvent("the question is asked", "asked_at"),
            },
            made="asked_at",
            site="site",
            people=("employee", "supervisor", "answered_by"),
            # A question not yet answered is still at work.
            kept_while=rules.unanswered(),
            describe=lambda consultation: f"Question {consultation.pk} about a post",
            dispose=dispose_consultations,
            pages=lambda consultation: [reverse("sites:consultation", args=[consultation.pk])],
        )
    )
    register_kind(
        RecordKind(
            key="acknowledgments",
            label="Acknowledgments of the personal-use rules",
            model="groupsites.Acknowledgment",
            starts={"signed": StartEvent("it is signed", "acknowledged_at")},
            made="acknowledged_at",
            district="user__district",
            people=("user",),
            describe=lambda acknowledgment: (
                f"Acknowledgment {acknowledgment.pk} of policy version {acknowledgment.policy_version_id}"
            ),
            dispose=dispose_acknowledgments,
        )
    )
    register_kind(
        RecordKind(
            key="roster",
            label="Directory-objection roster (student names)",
            model="groupsites.DirectoryObjection",
            starts={"imported": StartEvent("it is imported", "imported_at")},
            made="imported_at",
            describe=lambda objection: f"Roster entry {objection.pk} of school {objection.school_id}",
            dispose=dispose_roster,
        )
    )
