"""Personal use's kinds of record, for the records office (`policyportal.records.registry`)."""

from policyportal.records.registry import RecordKind, StartEvent, register_kind


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
            people=("employee", "supervisor"),
            describe=lambda consultation: f"Question {consultation.pk} about a post",
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
        )
    )
