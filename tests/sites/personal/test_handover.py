"""Questions about posts waiting for a leaver's answer (R14-D7, R14-P5) go to another supervisor as their
account closes, who answers them as the one asked."""

import pytest

from audits.models import AuditEvent
from policyportal.models import Notification, Role
from policyportal.services import people
from sites.personal import rules
from sites.personal.services import consultations
from tests import factories
from tests.handover import open_work_of


@pytest.fixture
def other_supervisor(west_hartford, admin):
    return factories.user(district=west_hartford, role=Role.SUPERVISOR, username="othersup", supervisor=admin)


def ask(employee):
    return consultations.consultation_ask(by=employee, text="Our game is on Friday!", links="", site=None, findings=[])


def test_a_question_waiting_for_their_answer_goes_to_their_supervisor_who_answers_it(employee, supervisor, admin):
    asked = ask(employee)
    people.person_deactivate(person=supervisor, by=admin)
    asked.refresh_from_db()
    assert asked.supervisor == admin
    event = AuditEvent.objects.get(action="consultation.reassigned", target_id=str(asked.pk))
    assert (event.actor, event.payload) == (admin, {"from": supervisor.pk, "to": admin.pk})
    assert Notification.objects.filter(recipient=admin, kind="consultation.asked").exists()
    assert rules.may_answer(asked, admin)
    consultations.consultation_answer(consultation=asked, by=admin, answer="fine", note="")
    assert open_work_of(supervisor) == []


def test_a_question_goes_to_the_supervisor_chosen(employee, supervisor, other_supervisor, admin):
    asked = ask(employee)
    people.person_deactivate(person=supervisor, by=admin, handover={f"personal.questions:{asked.pk}": other_supervisor})
    asked.refresh_from_db()
    assert asked.supervisor == other_supervisor
    assert rules.may_answer(asked, other_supervisor)
    assert not rules.may_answer(asked, admin)


def test_a_question_is_never_handed_to_its_asker(west_hartford, supervisor, admin):
    asker = factories.user(district=west_hartford, role=Role.SUPERVISOR, username="asker", supervisor=supervisor)
    asked = ask(asker)
    plan = people.person_deactivate(person=supervisor, by=admin)
    item = next(item for item in plan.items if item.kind == "personal.questions")
    assert str(asker.pk) not in dict(item.choices)
    asked.refresh_from_db()
    assert asked.supervisor == admin
