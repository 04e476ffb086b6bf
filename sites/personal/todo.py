"""What a person owes in personal use, and what they wait for, for the home page's to-do list: questions
about posts to answer (and one's own waiting for an answer), the acknowledgment of the district's rules.

When each is due and overdue is `sites.personal.rules`, as the reminder sweeps (`sites.personal.reminders`)
ask it.
"""

from datetime import datetime

from django.urls import reverse

from policyportal import todo
from policyportal.models import User
from sites.personal import rules, selectors
from sites.personal.models import Consultation


def owed_by(user: User, now: datetime) -> list[todo.ToDo]:
    district, today = user.member_district, user.member_district.today(now)
    items = []
    for consultation in selectors.consultations_waiting_for(user).select_related("employee").order_by("pk"):
        consultation.district = district
        items.append(
            todo.due(
                what=f"Answer {consultation.employee.display_name}'s question about a post",
                step="Answer",
                link=reverse("sites:consultation", args=[consultation.pk]),
                deadline=todo.local_date(rules.consultation_due_at(consultation), district),
                today=today,
                overdue=rules.consultation_due(consultation, now),
            )
        )
    version, signed = selectors.acknowledgment_status(user)
    if version is not None and signed is None:
        version.district = district
        items.append(
            todo.due(
                what=f"Acknowledge {version.title}",
                step="Read and acknowledge",
                link=reverse("acknowledge"),
                deadline=todo.local_date(rules.acknowledgment_due_at(version), district),
                today=today,
                overdue=rules.acknowledgment_overdue(version, now),
            )
        )
    return items


def owed_to(user: User, now: datetime) -> list[todo.ToDo]:
    district, today = user.member_district, user.member_district.today(now)
    waiting = Consultation.objects.filter(employee=user, answered_at__isnull=True).select_related("supervisor")
    items = []
    for consultation in waiting.order_by("pk"):
        consultation.district = district
        items.append(
            todo.due(
                what="Your question about a post",
                step="See your question",
                link=reverse("sites:consultation", args=[consultation.pk]),
                deadline=todo.local_date(rules.consultation_due_at(consultation), district),
                today=today,
                overdue=rules.consultation_due(consultation, now),
                detail=f"Waiting for {consultation.supervisor.display_name}'s answer.",
            )
        )
    return items
