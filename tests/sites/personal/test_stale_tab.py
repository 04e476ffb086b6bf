"""An answer to a question about a post sent from a tab opened before it was answered: a 409 page that says
how it was answered, by whom and when, and keeps the typed note; nothing is recorded or sent."""

from django.urls import reverse

from audits.models import AuditEvent
from policyportal.models import Notification
from sites.personal.services import consultations

NOTE = "Leave out the last names of the students."


def _asked(employee):
    return consultations.consultation_ask(by=employee, text="Well done, team!", links="", site=None, findings=[])


def _answer(client, asked):
    return client.post(reverse("sites:consultation", args=[asked.pk]), {"answer": "changes", "note": NOTE})


def test_an_answer_to_a_question_answered_in_another_tab_keeps_the_note(client, employee, supervisor):
    asked = _asked(employee)
    consultations.consultation_answer(consultation=asked, by=supervisor, answer="fine", note="")
    client.force_login(supervisor)
    events, notices = AuditEvent.objects.count(), Notification.objects.count()
    response = _answer(client, asked)
    assert response.status_code == 409
    page = response.content.decode()
    assert "This question about a post changed since you opened it" in page
    assert "It is now <strong>answered: fine to post</strong>" in page
    assert f"question answered, by {supervisor.display_name}" in page
    assert f'href="{reverse("sites:consultation", args=[asked.pk])}"' in page
    assert NOTE in page and "readonly" in page
    assert (AuditEvent.objects.count(), Notification.objects.count()) == (events, notices)
    asked.refresh_from_db()
    assert (asked.answer, asked.answer_note) == ("fine", "")


def _recorded() -> int:
    """The events of the record: signing in (each force_login) is an event of its own."""
    return AuditEvent.objects.exclude(action__startswith="auth.").count()


def test_someone_who_may_not_answer_is_refused_whether_or_not_it_was_answered(client, employee, supervisor, admin):
    """The asker gets 403, never the 409 page that would offer their note back as if they could have answered (an
    administrator, while the supervisor asked is still there, does not see the question: 404); nothing is
    recorded or sent."""
    asked = _asked(employee)
    for answered in (False, True):
        if answered:
            consultations.consultation_answer(consultation=asked, by=supervisor, answer="fine", note="")
        events, notices = _recorded(), Notification.objects.count()
        for person, refused in ((employee, 403), (admin, 404)):
            client.force_login(person)
            assert _answer(client, asked).status_code == refused
        assert (_recorded(), Notification.objects.count()) == (events, notices)
    asked.refresh_from_db()
    assert (asked.answer, asked.answer_note) == ("fine", "")
