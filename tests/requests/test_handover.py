"""A leaver's open work on requests, handed on as their account closes: requests waiting for their decision
(reassigned), and their own requests not yet decided (withdrawn)."""

import pytest
from django.core.exceptions import PermissionDenied

from audits.models import AuditEvent
from policyportal.handover import LEFT, plan_for
from policyportal.models import Notification, Role
from policyportal.services import people
from requests import services
from requests.models import Status
from tests import factories
from tests.handover import open_work_of


@pytest.fixture
def other_supervisor(west_hartford, admin):
    return factories.user(district=west_hartford, role=Role.SUPERVISOR, username="othersup", supervisor=admin)


@pytest.fixture
def second_admin(west_hartford):
    return factories.user(district=west_hartford, role=Role.DISTRICT_ADMIN, username="second")


def reassigned(request):
    return AuditEvent.objects.get(action="request.reassigned", target_id=str(request.pk))


def test_a_request_waiting_for_their_decision_goes_to_their_supervisor_with_a_full_deadline(
    employee, supervisor, admin
):
    request = factories.submitted_request(requester=employee)
    started = request.step_started_at
    people.person_deactivate(person=supervisor, by=admin)
    request.refresh_from_db()
    assert (request.status, request.current_step, request.current_decider) == (Status.PENDING, 1, admin)
    assert request.step_started_at > started
    event = reassigned(request)
    assert event.actor == admin
    assert (event.payload["from"], event.payload["to"]) == (supervisor.pk, admin.pk)
    assert Notification.objects.filter(recipient=admin, kind="request.waiting").exists()
    assert open_work_of(supervisor) == []


def test_a_request_waiting_for_their_decision_goes_to_the_supervisor_chosen(
    employee, supervisor, other_supervisor, admin
):
    request = factories.submitted_request(requester=employee)
    people.person_deactivate(
        person=supervisor, by=admin, handover={f"requests.deciding:{request.pk}": other_supervisor}
    )
    request.refresh_from_db()
    assert request.current_decider == other_supervisor
    factories.decide(request, other_supervisor)
    assert request.current_step == 2


def test_nobody_decides_their_own_request_nor_two_steps_of_it(employee, supervisor, admin, second_admin):
    request = factories.submitted_request(requester=employee)
    factories.decide(request, supervisor)  # step 2 now waits for the district office: the first administrator
    assert request.current_decider == admin
    plan = plan_for(admin, second_admin)
    item = next(item for item in plan.items if item.kind == "requests.deciding")
    assert {value for value, _ in item.choices} == {str(second_admin.pk)}
    with pytest.raises(people.HandoverRefused, match="decided an earlier step"):
        people.person_deactivate(person=admin, by=second_admin, handover={item.key: supervisor})
    people.person_deactivate(person=admin, by=second_admin)
    request.refresh_from_db()
    assert request.current_decider == second_admin
    assert open_work_of(admin) == []


def test_the_administrator_who_filed_a_request_leaves_its_reassignment_to_the_others(west_hartford, supervisor, admin):
    filer = factories.user(district=west_hartford, role=Role.DISTRICT_ADMIN, username="filer", supervisor=supervisor)
    request = factories.submitted_request(requester=filer)
    assert request.current_decider == supervisor
    plan = people.person_deactivate(person=supervisor, by=filer)
    item = next(item for item in plan.items if item.kind == "requests.deciding")
    assert (item.default, [value for value, _ in item.choices]) == (LEFT, [LEFT])
    request.refresh_from_db()
    assert request.current_decider == supervisor  # the reminder sweep tells the other administrators to reassign it
    assert not AuditEvent.objects.filter(action="request.reassigned").exists()


def test_their_own_requests_not_yet_decided_are_withdrawn_and_the_decider_told(employee, supervisor, admin):
    waiting = factories.submitted_request(requester=employee)
    draft = factories.draft_request(requester=employee, site_name="Robotics Club")
    people.person_deactivate(person=employee, by=admin)
    for request in (waiting, draft):
        request.refresh_from_db()
        assert (request.status, request.current_decider) == (Status.WITHDRAWN, None)
        event = AuditEvent.objects.get(action="request.withdrawn", target_id=str(request.pk))
        assert event.actor == admin
    assert Notification.objects.filter(recipient=supervisor, kind="request.withdrawn").exists()
    assert open_work_of(employee) == []


def test_the_portal_itself_reassigns_only_a_step_whose_decider_has_left(employee, supervisor, admin):
    request = factories.submitted_request(requester=employee)
    with pytest.raises(PermissionDenied):
        services.request_reassign(request=request, by=None, to=admin, reason="Away", expected_version=request.version)
    people.person_deactivate(person=supervisor, by=None)
    request.refresh_from_db()
    assert request.current_decider == admin
    assert reassigned(request).actor is None
