"""Closing an account: refused for the last administrator, oneself and other districts; recorded; no sign-in
after. What the account's open work becomes is tested kind by kind beside each app (tests/*/test_handover.py)."""

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from audits.models import AuditEvent
from policyportal.models import Role, User
from policyportal.services import people
from tests import factories
from tests.concurrency import at_once


def events(action: str, target: User):
    return AuditEvent.objects.filter(action=action, target_type="user", target_id=str(target.pk))


def unchanged(call, exception, match):
    before = AuditEvent.objects.count()
    with pytest.raises(exception, match=match):
        call()
    assert AuditEvent.objects.count() == before


def test_deactivating_closes_the_account_and_records_it(admin, employee):
    people.person_deactivate(person=employee, by=admin)
    employee.refresh_from_db()
    assert not employee.is_active
    event = events("user.deactivated", employee).get()
    assert (event.actor, event.district_id, event.payload) == (admin, admin.district_id, {"handed_on": {}})


def test_the_last_active_administrator_is_never_deactivated(west_hartford, admin):
    other = factories.user(district=west_hartford, role=Role.DISTRICT_ADMIN, username="second")
    people.person_deactivate(person=other, by=admin)
    unchanged(lambda: people.person_deactivate(person=admin, by=None), ValidationError, "last active administrator")
    admin.refresh_from_db()
    assert admin.is_active


def test_nobody_closes_their_own_account(west_hartford, admin):
    factories.user(district=west_hartford, role=Role.DISTRICT_ADMIN, username="second")
    unchanged(lambda: people.person_deactivate(person=admin, by=admin), PermissionDenied, "own account")


def test_only_an_administrator_of_the_district_deactivates(supervisor, employee, r14_admin):
    for by in (supervisor, r14_admin):
        unchanged(lambda by=by: people.person_deactivate(person=employee, by=by), PermissionDenied, "administrator")
    employee.refresh_from_db()
    assert employee.is_active


def test_a_closed_account_is_not_closed_twice(admin, employee):
    people.person_deactivate(person=employee, by=admin)
    unchanged(lambda: people.person_deactivate(person=employee, by=admin), ValidationError, "already deactivated")


def test_reactivating_opens_the_account_again_and_records_it(admin, employee):
    people.person_deactivate(person=employee, by=admin)
    people.person_reactivate(person=employee, by=admin)
    employee.refresh_from_db()
    assert employee.is_active
    assert events("user.reactivated", employee).get().actor == admin
    unchanged(lambda: people.person_reactivate(person=employee, by=admin), ValidationError, "open already")


def test_an_outsider_cannot_reactivate(admin, employee, r14_admin):
    people.person_deactivate(person=employee, by=admin)
    unchanged(lambda: people.person_reactivate(person=employee, by=r14_admin), PermissionDenied, "administrator")


def test_a_deactivated_person_cannot_sign_in(client, admin, employee):
    people.person_deactivate(person=employee, by=admin)
    response = client.post(reverse("login"), {"username": "employee", "password": factories.PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "That email or username and password do not match an account" in response.content.decode()


def test_a_deactivated_person_signed_in_elsewhere_is_signed_out(client, admin, employee):
    client.force_login(employee)
    people.person_deactivate(person=employee, by=admin)
    response = client.get(reverse("requests:mine"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_refused_item_refuses_the_whole_deactivation(admin, supervisor, employee):
    """Sending an item where it may not go changes nothing at all: the account stays open, nothing is recorded."""
    key = f"people.supervisees:{employee.pk}"
    unchanged(
        lambda: people.person_deactivate(person=supervisor, by=admin, handover={key: employee}),
        people.HandoverRefused,
        "Nobody supervises themselves",
    )
    supervisor.refresh_from_db()
    employee.refresh_from_db()
    assert supervisor.is_active
    assert employee.supervisor == supervisor


def test_the_people_who_report_to_a_leaver_get_their_supervisor_by_default(admin, supervisor, employee):
    plan = people.person_deactivate(person=supervisor, by=admin)
    assert plan.keys == [f"people.supervisees:{employee.pk}"]
    employee.refresh_from_db()
    assert (employee.supervisor, employee.supervisor_overridden) == (admin, False)
    assert events("user.updated", employee).get().payload == {"supervisor": [supervisor.pk, admin.pk]}
    assert events("user.deactivated", supervisor).get().payload == {
        "handed_on": {f"people.supervisees:{employee.pk}": admin.pk}
    }
    assert not User.objects.filter(supervisor=supervisor, is_active=True).exists()


def test_the_people_who_report_to_a_leaver_go_where_the_administrator_chooses(
    west_hartford, admin, supervisor, employee
):
    other = factories.user(district=west_hartford, role=Role.SUPERVISOR, username="other", supervisor=admin)
    people.person_deactivate(person=supervisor, by=admin, handover={f"people.supervisees:{employee.pk}": other})
    employee.refresh_from_db()
    assert employee.supervisor == other


def test_the_portal_itself_may_close_an_account_for_a_directory_sync(admin, supervisor, employee):
    people.person_deactivate(person=supervisor, by=None)
    event = events("user.deactivated", supervisor).get()
    assert (event.actor, event.district_id) == (None, supervisor.district_id)
    employee.refresh_from_db()
    assert employee.supervisor == admin


@pytest.mark.django_db(transaction=True)
def test_two_administrators_closing_each_others_accounts_at_once_leave_one(postgres, west_hartford, admin):
    other = factories.user(district=west_hartford, role=Role.DISTRICT_ADMIN, username="second")
    pairs = iter([(admin, other), (other, admin)])
    lock = threading.Lock()

    def close():
        with lock:
            by, person = next(pairs)
        people.person_deactivate(person=person, by=by)
        return "closed"

    outcomes = at_once(close)
    assert outcomes.count("closed") == 1
    assert any("last active administrator" in outcome for outcome in outcomes)
    assert User.objects.filter(district=west_hartford, role=Role.DISTRICT_ADMIN, is_active=True).count() == 1
