"""What is due in personal use: answers to questions about posts, acknowledgments of the rules.

Each sweep returns `Due` items; `policyportal.reminders.send` decides which are new.
"""

from datetime import datetime

from django.urls import reverse

from policyportal.models import AppliesTo, PolicyVersion
from policyportal.reminders import Due, administrators_by_district, dues_about, overdue_words, register_sweep
from policyportal.todo import local_date
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
            period=consultation.asked_at.date().isoformat(),
            link=reverse("sites:consultation", args=[consultation.pk]),
        )

        who = consultation.employee.display_name
        due_on = local_date(rules.consultation_due_at(consultation), consultation.district)
        late = overdue_words(due_on, consultation.district.today(now))
        stand_ins = rules.stand_ins(consultation, admins[consultation.district_id])
        if not rules.supervisor_answers(consultation):  # the administrators stand in: theirs from the deadline on
            gone = consultation.supervisor.display_name
            title = f"{who} asked {gone}, who can no longer answer, about a post: the answer is {late}"
            dues += [due("consultation.due", pk, title) for pk in stand_ins]
            continue
        title = f"{who} waits for your answer about a post: it is {late}"
        dues.append(due("consultation.due", consultation.supervisor_id, title))
        if rules.consultation_escalated(consultation, now):
            title = f"{who}'s question about a post waits for {consultation.supervisor.display_name}: it is {late}"
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
        due_on = local_date(rules.acknowledgment_due_at(version), version.district)
        late = overdue_words(due_on, version.district.today(now))
        if rules.acknowledgment_overdue(version, now):
            title = f"Acknowledge {version.title}: it is {late}"
        else:
            title = f"Acknowledge {version.title} by {due_on:%B %-d}"
        escalated = rules.acknowledgment_escalated(version, now)
        link, district_id = reverse("acknowledge"), version.district_id
        remind = dues_about(version, district_id=district_id, period=f"v{version.number}", link=link)
        for person in selectors.acknowledgments_missing(version):
            dues.append(remind(stage, person.pk, title))
            if escalated and person.supervisor_id:  # once per person: a supervisor hears of each of their people
                told = f"{person.display_name} has not acknowledged {version.title}: it is {late}"
                period = f"v{version.number}-{person.pk}"
                about_person = dues_about(version, district_id=district_id, period=period, link=link)
                dues.append(about_person("acknowledgment.escalated", person.supervisor_id, told))
    return dues
