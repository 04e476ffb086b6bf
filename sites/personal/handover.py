"""A leaver's questions about posts still waiting for their answer (R14-D7, R14-P5), handed to another
supervisor as their account closes (`policyportal.handover`), by `consultation_reassign`."""

from django.urls import reverse

from policyportal.handover import Item, Leaver, item, people_choosable, register_open_work
from policyportal.models import Role, User
from sites.personal import rules
from sites.personal.models import Consultation
from sites.personal.services.consultations import consultation_reassign


def questions(leaver: Leaver) -> list[Item]:
    waiting = list(
        Consultation.objects.filter(rules.unanswered(), supervisor=leaver.person)
        .select_related("employee")
        .order_by("asked_at", "pk")
    )
    if not waiting:
        return []
    supervising = people_choosable(
        User.objects.filter(district_id=leaver.person.district_id, is_active=True, role__in=Role.supervising()),
        leaver.person,
    )
    items = []
    for consultation in waiting:

        def may_answer(person: User, consultation: Consultation = consultation) -> bool:
            return rules.may_be_asked(consultation, person)

        items.append(
            item(
                kind="personal.questions",
                pk=consultation.pk,
                label=f"{consultation.employee.display_name}'s question about a post to {consultation.destination}",
                link=reverse("sites:consultation", args=[consultation.pk]),
                people=[person for person in supervising if may_answer(person)],
                default=leaver.default(may_answer),
                note=f"Asked {consultation.asked_at:%B %-d}.",
            )
        )
    return items


def hand_on_question(pk: int, to: User | str, *, person: User, by: User | None) -> None:
    if not isinstance(to, User):
        raise ValueError(to)
    consultation = Consultation.objects.get(pk=pk, supervisor=person)
    consultation_reassign(consultation=consultation, by=by, to=to)


def register() -> None:
    register_open_work(
        "personal.questions",
        title="Questions about posts waiting for their answer",
        explanation="The person chosen here answers the question instead, and is told at once.",
        lister=questions,
        hander=hand_on_question,
        order=60,
        prompt="Who answers {} now",
    )
