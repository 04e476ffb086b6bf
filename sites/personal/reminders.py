"""What is due in personal use: answers to questions about posts, acknowledgments of the rules.

Each sweep returns `Due` items; `policyportal.reminders.send` decides which are new.
"""

from datetime import datetime

from django.urls import reverse

from policyportal.models import AppliesTo, PolicyVersion
from policyportal.reminders import Due, administrators_by_district, dues_about, register_sweep
from sites.personal import rules, selectors
from sites.personal.models import Consultation


@register_sweep
def consultation_dues(now: datetime) -> list[Due]:
    """A question about a post unanswered past the district's decision deadline: the supervisor, then the
    district administrators."""
    admins = administrators_by_district()
    waiting = Consultation.objects.filter(answered_at__isnull=True).select_related("district", "employee", "supervisor")
    dues = []
    for consultation in waiting:
        if not rules.consultation_due(consultation, now):
            continue
        due = dues_about(
            consultation,
            district_id=consultation.district_id,
            label=f"Question from {consultation.employee.display_name}",
            period=consultation.asked_at.date().isoformat(),
            link=reverse("sites:consultation", args=[consultation.pk]),
        )

        who = consultation.employee.display_name
        stand_ins = rules.stand_ins(consultation, admins[consultation.district_id])
        if not rules.supervisor_answers(consultation):  # the administrators stand in: theirs from the deadline on
            title = f"{who} asked {consultation.supervisor.display_name}, who can no longer answer, about a post"
            dues += [due("consultation.due", pk, title) for pk in stand_ins]
            continue
        dues.append(
            due("consultation.due", consultation.supervisor_id, f"{who} is waiting for your answer about a post")
        )
        if rules.consultation_escalated(consultation, now):
            title = f"{who}'s question about a post has waited since {consultation.asked_at:%B %-d}"
            dues += [due("consultation.escalated", pk, title) for pk in stand_ins]
    return dues


@register_sweep
def acknowledgment_dues(now: datetime) -> list[Due]:
    """For each person who has not acknowledged their district's current rules: the latest reminder
    reached (`rules.acknowledgment_reminder`), and once it is escalated, word to their supervisor."""
    dues = []
    versions = PolicyVersion.objects.filter(items__applies_to=AppliesTo.ACKNOWLEDGMENT).select_related("district")
    current = {}
    for version in versions.order_by("district_id", "-number").distinct():
        current.setdefault(version.district_id, version)
    for version in current.values():
        stage = rules.acknowledgment_reminder(version, now)
        if stage is None:
            continue
        deadline = rules.acknowledgment_due_at(version)
        escalated = rules.acknowledgment_escalated(version, now)
        remind = dues_about(
            version,
            district_id=version.district_id,
            label=str(version),
            period=f"v{version.number}",
            link=reverse("acknowledge"),
        )
        for person in selectors.acknowledgments_missing(version):
            dues.append(remind(stage, person.pk, f"Acknowledge {version.title} by {deadline:%B %-d}"))
            if escalated and person.supervisor_id:
                title = f"{person.display_name} has not acknowledged {version.title}, due {deadline:%B %-d}"
                dues.append(remind("acknowledgment.escalated", person.supervisor_id, title))
    return dues
