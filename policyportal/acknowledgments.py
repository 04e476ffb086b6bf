"""The annual acknowledgment of the personal-use rules: each published policy version asks everyone again."""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone

from audits import context
from audits.recorder import record
from policyportal.models import Acknowledgment, AppliesTo, PolicyVersion, User
from policyportal.reminders import dues_about, register_sweep
from policyportal.selectors import current_policy


def due_at(version: PolicyVersion) -> datetime:
    return version.published_at + timedelta(days=version.district.acknowledgment_days)


def status(user: User) -> tuple[PolicyVersion | None, Acknowledgment | None]:
    version = current_policy(user.district_id)
    if version is None:
        return None, None
    return version, Acknowledgment.objects.filter(user=user, policy_version=version).first()


@transaction.atomic
def acknowledgment_record(*, user: User, typed_name: str) -> Acknowledgment:
    """The employee signs the current version's personal-use rules by typing their full name."""
    User.objects.select_for_update().filter(pk=user.pk).first()  # a second tab's submission waits, then is refused
    version, existing = status(user)
    if version is None or not any(item.applies_to == AppliesTo.ACKNOWLEDGMENT for item in version.items.all()):
        raise ValidationError("Your district has no personal-use rules to acknowledge yet.")
    if existing is not None:
        raise ValidationError(f"You acknowledged version {version.number} already.")
    if " ".join(typed_name.split()).casefold() != user.get_full_name().casefold():
        raise ValidationError({"typed_name": f"Type your full name as the portal knows it: {user.get_full_name()}."})
    acknowledgment = Acknowledgment.objects.create(
        user=user,
        policy_version=version,
        typed_name=" ".join(typed_name.split()),
        acknowledged_at=timezone.now(),
        client_ip=context.client_ip.get(),
    )
    record(action="acknowledgment.signed", actor=user, target=version, payload={"version": version.number})
    return acknowledgment


def missing(version: PolicyVersion) -> QuerySet[User]:
    """Active people of the district who have not acknowledged `version`."""
    signed = Acknowledgment.objects.filter(user=OuterRef("pk"), policy_version=version)
    return (
        User.objects.filter(district_id=version.district_id, is_active=True)
        .exclude(Exists(signed))
        .select_related("school", "supervisor")
        .order_by("school__name", "last_name", "first_name")
    )


def completion_by_school(version: PolicyVersion) -> list[dict]:
    people = User.objects.filter(district_id=version.district_id, is_active=True).annotate(
        signed=Exists(Acknowledgment.objects.filter(user=OuterRef("pk"), policy_version=version))
    )
    rows: dict[str, dict] = {}
    for school, signed in people.values_list("school__name", "signed"):
        row = rows.setdefault(school or "District office", {"school": school or "District office", "done": 0, "all": 0})
        row["all"] += 1
        row["done"] += int(signed)
    return sorted(rows.values(), key=lambda row: row["school"])


STAGES = [  # (kind, how long before the due date it is sent), latest first
    ("acknowledgment.due", timedelta(0)),
    ("acknowledgment.due_in_1_day", timedelta(days=1)),
    ("acknowledgment.due_in_7_days", timedelta(days=7)),
]


@register_sweep
def acknowledgment_dues(now: datetime) -> list:
    """For each person who has not acknowledged their district's current rules: the latest reminder
    reached (when the campaign opens, 7 days and 1 day before it is due, on the due date), and after the
    escalation grace, word to their supervisor."""
    dues = []
    versions = PolicyVersion.objects.filter(items__applies_to=AppliesTo.ACKNOWLEDGMENT).select_related("district")
    current = {}
    for version in versions.order_by("district_id", "-number").distinct():
        current.setdefault(version.district_id, version)
    for version in current.values():
        if now < version.published_at:
            continue
        deadline = due_at(version)
        stage = next((kind for kind, before in STAGES if now >= deadline - before), "acknowledgment.opened")
        remind = dues_about(
            version,
            district_id=version.district_id,
            label=str(version),
            period=f"v{version.number}",
            link=reverse("acknowledge"),
        )
        for person in missing(version):
            dues.append(remind(stage, person.pk, f"Acknowledge {version.title} by {deadline:%B %-d}"))
            overdue = now >= deadline + timedelta(days=version.district.escalation_grace_days)
            if overdue and person.supervisor_id:
                title = f"{person.display_name} has not acknowledged {version.title}, due {deadline:%B %-d}"
                dues.append(remind("acknowledgment.escalated", person.supervisor_id, title))
    return dues
