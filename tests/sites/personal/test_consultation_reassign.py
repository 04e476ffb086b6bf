"""`consultation_reassign` refused: by outsiders, by the wrong role (the asker included), for an answered
question, to someone who may not be asked, or to the supervisor asked already. Each refusal changes nothing and
records nothing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audits.models import AuditEvent
from policyportal.models import Role
from sites.personal.models import ConsultationAnswer
from sites.personal.services import consultations
from tests import factories


@pytest.fixture
def other_supervisor(west_hartford, admin):
    return factories.user(district=west_hartford, role=Role.SUPERVISOR, username="othersup", supervisor=admin)


@pytest.fixture
def colleague(west_hartford, supervisor):
    return factories.user(district=west_hartford, username="colleague", supervisor=supervisor)


def ask(asker):
    return consultations.consultation_ask(by=asker, text="Our game is on Friday!", links="", site=None, findings=[])


@pytest.fixture
def asked(employee, supervisor):
    asked = ask(employee)
    assert asked.supervisor == supervisor
    return asked


def reassigned(consultation) -> int:
    return AuditEvent.objects.filter(action="consultation.reassigned", target_id=str(consultation.pk)).count()


def refused(consultation, by, to, exception, match):
    """Handing `consultation` to `to` by `by` raises `exception`; who is asked, and whether it is answered, stay as
    they were; no event is recorded."""
    fields = ("supervisor", "answered_at", "answered_by")
    before = type(consultation).objects.filter(pk=consultation.pk).values(*fields).get()
    count, total = reassigned(consultation), AuditEvent.objects.count()
    with pytest.raises(exception, match=match):
        consultations.consultation_reassign(consultation=consultation, by=by, to=to)
    assert type(consultation).objects.filter(pk=consultation.pk).values(*fields).get() == before
    assert reassigned(consultation) == count
    assert AuditEvent.objects.count() == total


def test_an_administrator_hands_a_question_to_another_supervisor(asked, admin, other_supervisor):
    consultations.consultation_reassign(consultation=asked, by=admin, to=other_supervisor)
    asked.refresh_from_db()
    assert asked.supervisor == other_supervisor
    assert reassigned(asked) == 1


def test_an_administrator_of_another_district_hands_on_no_question(asked, r14_admin, r14_supervisor, outsider, admin):
    refused(asked, r14_admin, admin, PermissionDenied, "district administrator")
    refused(asked, r14_admin, r14_supervisor, PermissionDenied, "district administrator")
    refused(asked, outsider, admin, PermissionDenied, "district administrator")


def test_only_an_administrator_hands_on_a_question(asked, supervisor, other_supervisor, employee, admin):
    refused(asked, supervisor, other_supervisor, PermissionDenied, "district administrator")
    refused(asked, other_supervisor, other_supervisor, PermissionDenied, "district administrator")
    refused(asked, employee, admin, PermissionDenied, "district administrator")


def test_an_administrator_does_not_hand_on_their_own_question(west_hartford, admin, other_supervisor):
    asker = factories.user(district=west_hartford, role=Role.DISTRICT_ADMIN, username="asker", supervisor=admin)
    own = ask(asker)
    refused(own, asker, other_supervisor, PermissionDenied, "district administrator")


def test_the_portal_hands_on_a_question_only_once_the_supervisor_asked_has_left(asked, other_supervisor):
    refused(asked, None, other_supervisor, PermissionDenied, "district administrator")


def test_an_answered_question_is_not_handed_on(asked, supervisor, admin, other_supervisor):
    consultations.consultation_answer(consultation=asked, by=supervisor, answer=ConsultationAnswer.FINE, note="")
    refused(asked, admin, other_supervisor, ValidationError, "already answered")


def test_a_question_goes_only_to_an_open_supervising_account_of_the_askers_district(
    asked, admin, colleague, employee, r14_supervisor, r14_admin, west_hartford
):
    gone = factories.user(district=west_hartford, role=Role.SUPERVISOR, username="gone", supervisor=admin)
    factories.close_account(gone)
    for to in (colleague, employee, r14_supervisor, r14_admin, gone):
        refused(asked, admin, to, ValidationError, "active supervisor or administrator")


def test_a_question_never_goes_to_its_asker(west_hartford, supervisor, admin):
    asker = factories.user(district=west_hartford, role=Role.SUPERVISOR, username="asker", supervisor=supervisor)
    own = ask(asker)
    refused(own, admin, asker, ValidationError, "not the asker")


def test_a_question_is_not_handed_to_the_supervisor_asked(asked, admin, supervisor):
    refused(asked, admin, supervisor, ValidationError, "was asked already")
