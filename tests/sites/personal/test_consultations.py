import uuid
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from audits.models import AuditEvent
from policyportal.models import Notification
from policyportal.reminders import sweep
from sites.personal.models import Consultation
from sites.personal.services import consultations
from tests import factories


def test_an_employee_asks_from_the_pre_check_and_the_supervisor_answers(client, employee, supervisor):
    client.force_login(employee)
    response = client.post(
        reverse("sites:precheck"),
        {
            "text": "Vote for our principal!",
            "links": "",
            "question": "Is this all right?",
            "action": "ask",
            "form_token": uuid.uuid4(),
        },
    )
    asked = Consultation.objects.get()
    assert response.url == reverse("sites:consultation", args=[asked.pk])
    assert (asked.supervisor, asked.findings[0]["clause_ids"]) == (supervisor, "WH-P3")
    assert Notification.objects.filter(recipient=supervisor, kind="consultation.asked").exists()
    client.force_login(supervisor)
    client.post(reverse("sites:consultation", args=[asked.pk]), {"answer": "changes", "note": "Drop the vote line."})
    asked.refresh_from_db()
    assert asked.get_answer_display() == "Post with changes"
    assert list(AuditEvent.objects.filter(target_type="consultation").values_list("action", flat=True)) == [
        "consultation.asked",
        "consultation.answered",
    ]
    client.force_login(employee)
    assert "Drop the vote line." in client.get(reverse("sites:consultation", args=[asked.pk])).content.decode()


def test_only_the_supervisor_asked_answers_and_changes_need_saying_which(employee, supervisor, admin):
    asked = consultations.consultation_ask(by=employee, text="Hello", links="", site=None, findings=[])
    with pytest.raises(PermissionDenied):
        consultations.consultation_answer(consultation=asked, by=admin, answer="fine", note="")
    with pytest.raises(ValidationError, match="Say which changes"):
        consultations.consultation_answer(consultation=asked, by=supervisor, answer="do_not", note=" ")
    consultations.consultation_answer(consultation=asked, by=supervisor, answer="fine", note="")
    with pytest.raises(ValidationError, match="already answered"):
        consultations.consultation_answer(consultation=asked, by=supervisor, answer="do_not", note="No")


def test_others_cannot_open_the_thread(client, employee, supervisor, outsider):
    asked = consultations.consultation_ask(by=employee, text="Hello", links="", site=None, findings=[])
    client.force_login(outsider)
    assert client.get(reverse("sites:consultation", args=[asked.pk])).status_code == 404


def test_an_unanswered_question_reminds_the_supervisor_then_the_administrators(employee, supervisor, admin):
    consultations.consultation_ask(by=employee, text="Hello", links="", site=None, findings=[])
    deadline = timezone.now() + timedelta(days=employee.district.decision_deadline_days)
    with time_machine.travel(deadline + timedelta(minutes=1)):
        assert [(d.kind, d.recipient_id) for d in sweep() if d.kind.startswith("consultation")] == [
            ("consultation.due", supervisor.pk)
        ]
    with time_machine.travel(deadline + timedelta(days=employee.district.escalation_grace_days, minutes=1)):
        assert [(d.kind, d.recipient_id) for d in sweep() if d.kind.startswith("consultation")] == [
            ("consultation.escalated", admin.pk)
        ]


def test_an_administrator_sees_a_question_once_it_is_escalated_and_answers_once_the_supervisor_has_left(
    client, employee, supervisor, admin, region_14
):
    asked = consultations.consultation_ask(by=employee, text="Hello", links="", site=None, findings=[])
    url = reverse("sites:consultation", args=[asked.pk])
    district = employee.district
    client.force_login(admin)
    assert client.get(url).status_code == 404, "a personal post is the supervisor's business until escalated"

    escalated = timezone.now() + timedelta(days=district.decision_deadline_days + district.escalation_grace_days)
    with time_machine.travel(escalated + timedelta(minutes=1)):
        client.force_login(admin)  # days later: the earlier session has ended
        page = client.get(url).content.decode()
        assert f"Waiting for {supervisor.display_name} to answer" in page and 'name="answer"' not in page
        client.post(url, {"answer": "fine", "note": ""})
    asked.refresh_from_db()
    assert asked.answered_at is None

    factories.close_account(supervisor)
    client.force_login(admin)
    assert 'name="answer"' in client.get(url).content.decode()
    client.post(url, {"answer": "changes", "note": "Leave out the score."})

    asked.refresh_from_db()
    assert (asked.answer, asked.answered_by) == ("changes", admin)
    assert AuditEvent.objects.get(action="consultation.answered").actor == admin
    assert Notification.objects.filter(recipient=employee, kind="consultation.answered").exists()
    assert client.get(url).status_code == 200, "who answered it still sees it"
    client.force_login(employee)
    assert f"by {admin.display_name} for the district" in client.get(url).content.decode()
    stranger = factories.user(district=region_14, role="district_admin", username="r14.stranger")
    client.force_login(stranger)
    assert client.get(url).status_code == 404


def test_an_administrator_never_answers_their_own_question(west_hartford, supervisor, admin):
    asking_admin = factories.user(district=west_hartford, role="district_admin", username="ad2", supervisor=supervisor)
    asked = consultations.consultation_ask(by=asking_admin, text="Hello", links="", site=None, findings=[])
    factories.close_account(supervisor)

    with pytest.raises(PermissionDenied):
        consultations.consultation_answer(consultation=asked, by=asking_admin, answer="fine", note="")
    consultations.consultation_answer(consultation=asked, by=admin, answer="fine", note="")


def test_a_question_to_a_supervisor_who_has_left_reminds_the_administrators_at_the_deadline(
    employee, supervisor, admin
):
    consultations.consultation_ask(by=employee, text="Hello", links="", site=None, findings=[])
    factories.close_account(supervisor)
    deadline = timezone.now() + timedelta(days=employee.district.decision_deadline_days)
    with time_machine.travel(deadline + timedelta(minutes=1)):
        assert [(d.kind, d.recipient_id) for d in sweep() if d.kind.startswith("consultation")] == [
            ("consultation.due", admin.pk)
        ]
    grace = timedelta(days=employee.district.escalation_grace_days)
    with time_machine.travel(deadline + grace + timedelta(minutes=1)):
        assert not [d for d in sweep() if d.kind.startswith("consultation")], "no second notice of the same"


def test_a_supervisor_moved_to_another_role_hands_their_questions_to_the_administrators(
    client, employee, supervisor, admin
):
    asked = consultations.consultation_ask(by=employee, text="Hello", links="", site=None, findings=[])
    supervisor.role = "employee"
    supervisor.save(update_fields=["role"])

    with pytest.raises(PermissionDenied):
        consultations.consultation_answer(consultation=asked, by=supervisor, answer="fine", note="")
    client.force_login(admin)
    assert reverse("sites:consultation", args=[asked.pk]) in client.get(reverse("home")).content.decode()
    assert reverse("sites:consultation", args=[asked.pk]) in client.get(reverse("sites:consultations")).content.decode()
    consultations.consultation_answer(consultation=asked, by=admin, answer="fine", note="")
    asked.refresh_from_db()
    assert asked.answered_by == admin
