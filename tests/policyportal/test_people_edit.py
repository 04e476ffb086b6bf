"""Adding and editing people (`person_create`, `person_update`): what is checked, and the one event that says
exactly what changed."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audits.models import AuditEvent
from policyportal.models import Notification, Role, User
from policyportal.services import people
from tests import factories


@pytest.fixture
def hall(west_hartford):
    return factories.school(district=west_hartford, name="Hall High School")


@pytest.fixture
def king_philip(west_hartford):
    return factories.school(district=west_hartford, name="King Philip Middle School")


def events(action: str, person: User):
    return AuditEvent.objects.filter(action=action, target_type="user", target_id=str(person.pk))


def create(district, by, **fields):
    values = {"email": "grace.hopper@example.org", "first_name": "Grace", "last_name": "Hopper"}
    values.update(fields)
    return people.person_create(district=district, by=by, **values)


def refused(call, match, field=None):
    before = (AuditEvent.objects.count(), User.objects.count())
    with pytest.raises(ValidationError, match=match) as refusal:
        call()
    assert (AuditEvent.objects.count(), User.objects.count()) == before
    if field:
        assert field in refusal.value.message_dict
    return refusal.value


# Adding


def test_an_administrator_adds_a_person_with_every_school_they_work_at(
    west_hartford, admin, supervisor, hall, king_philip
):
    person = create(
        west_hartford,
        admin,
        title="Robotics Club Advisor",
        school=hall,
        schools=[king_philip],
        supervisor=supervisor,
    )
    assert (person.username, person.district, person.school, person.supervisor) == (
        "grace.hopper",
        west_hartford,
        hall,
        supervisor,
    )
    assert set(person.schools.all()) == {hall, king_philip}
    assert person.supervisor_overridden  # chosen by an administrator
    assert not person.has_usable_password()  # until they accept an invitation
    event = events("user.created", person).get()
    assert event.actor == admin
    assert event.payload["schools"] == sorted([hall.pk, king_philip.pk])
    assert event.payload["supervisor"] == supervisor.pk
    assert Notification.objects.filter(recipient=person, kind="welcome").exists()


def test_a_taken_username_made_from_the_email_gets_a_number(west_hartford, admin):
    create(west_hartford, admin)
    second = create(west_hartford, admin, email="grace.hopper@other.example.org")
    assert second.username == "grace.hopper2"


def test_a_new_person_may_be_invited_at_once(west_hartford, admin):
    person = create(west_hartford, admin, invite=True)
    assert events("user.invited", person).get().actor == admin
    assert Notification.objects.filter(recipient=person, kind="account.invitation").exists()


def test_an_email_is_unique_within_the_district_only(west_hartford, region_14, admin, employee, r14_admin):
    error = refused(lambda: create(west_hartford, admin, email="EMPLOYEE@example.org"), "already the address", "email")
    assert employee.display_name in error.message_dict["email"][0]
    elsewhere = create(region_14, r14_admin, email="employee@example.org", username="r14-employee")
    assert elsewhere.email == "employee@example.org"


def test_every_problem_is_reported_at_once_by_field(west_hartford, region_14, admin, employee, outsider):
    elsewhere = factories.school(district=region_14, name="Nonnewaug High School")
    error = refused(
        lambda: create(
            west_hartford, admin, first_name=" ", email="employee@example.org", school=elsewhere, supervisor=outsider
        ),
        "Enter their first name",
    )
    assert set(error.message_dict) == {"first_name", "email", "school", "supervisor"}


@pytest.mark.parametrize("who", ["employee", "closed", "outsider"])
def test_a_supervisor_must_be_an_active_supervisor_or_administrator_of_the_district(
    west_hartford, admin, employee, supervisor, outsider, who
):
    if who == "closed":
        factories.close_account(supervisor)
    chosen = {"employee": employee, "closed": supervisor, "outsider": outsider}[who]
    refused(lambda: create(west_hartford, admin, supervisor=chosen), "cannot supervise", "supervisor")


def test_only_an_administrator_of_the_district_adds_people(west_hartford, supervisor, r14_admin):
    for by in (supervisor, r14_admin):
        with pytest.raises(PermissionDenied):
            create(west_hartford, by)
    assert not User.objects.filter(email="grace.hopper@example.org").exists()


# Editing


def test_an_edit_records_exactly_what_changed_old_and_new_relations_by_id(
    admin, employee, supervisor, hall, king_philip, west_hartford
):
    other = factories.user(district=west_hartford, role=Role.SUPERVISOR, username="other", supervisor=admin)
    changes = people.person_update(
        person=employee,
        by=admin,
        values={
            "first_name": "Patricia",
            "last_name": employee.last_name,  # unchanged: not recorded
            "title": "Band Director",
            "school": hall,
            "schools": [king_philip],
            "supervisor": other,
        },
    )
    expected = {
        "first_name": ["Pat", "Patricia"],
        "title": ["", "Band Director"],
        "school": [None, hall.pk],
        "schools": [[], sorted([hall.pk, king_philip.pk])],
        "supervisor": [supervisor.pk, other.pk],
        "supervisor_overridden": [False, True],
    }
    assert changes == expected
    event = events("user.updated", employee).get()
    assert (event.actor, event.payload) == (admin, expected)
    employee.refresh_from_db()
    assert (employee.first_name, employee.school, employee.supervisor) == ("Patricia", hall, other)
    assert set(employee.schools.all()) == {hall, king_philip}


def test_saving_what_is_already_there_records_nothing(admin, employee):
    before = AuditEvent.objects.count()
    values = {"first_name": employee.first_name, "email": employee.email, "supervisor": employee.supervisor}
    assert people.person_update(person=employee, by=admin, values=values) == {}
    assert AuditEvent.objects.count() == before


def test_the_administrators_supervisor_choice_is_kept_until_released(admin, employee, supervisor):
    people.person_update(person=employee, by=admin, values={"supervisor": admin})
    employee.refresh_from_db()
    assert employee.supervisor_overridden
    changes = people.person_update(person=employee, by=admin, values={"supervisor_overridden": False})
    assert changes == {"supervisor_overridden": [True, False]}
    employee.refresh_from_db()
    assert (employee.supervisor, employee.supervisor_overridden) == (admin, False)


def test_a_directory_sync_changing_the_supervisor_is_no_override(admin, employee):
    people.person_update(person=employee, by=None, values={"supervisor": admin})
    employee.refresh_from_db()
    assert (employee.supervisor, employee.supervisor_overridden) == (admin, False)


def test_nobody_supervises_themselves(admin, supervisor):
    refused(
        lambda: people.person_update(person=supervisor, by=admin, values={"supervisor": supervisor}),
        "Nobody supervises themselves",
        "supervisor",
    )


def test_the_last_active_administrator_is_never_demoted(west_hartford, admin):
    refused(
        lambda: people.person_update(person=admin, by=admin, values={"role": Role.SUPERVISOR}),
        "last active administrator",
        "role",
    )
    factories.user(district=west_hartford, role=Role.DISTRICT_ADMIN, username="second")
    people.person_update(person=admin, by=admin, values={"role": Role.SUPERVISOR})
    admin.refresh_from_db()
    assert admin.role == Role.SUPERVISOR


def test_a_duplicate_email_on_edit_is_refused(admin, employee, supervisor):
    refused(
        lambda: people.person_update(person=employee, by=admin, values={"email": supervisor.email}),
        "already the address",
        "email",
    )


def test_a_supervisor_or_an_outsider_cannot_edit(employee, supervisor, r14_admin):
    for by in (supervisor, r14_admin):
        with pytest.raises(PermissionDenied):
            people.person_update(person=employee, by=by, values={"title": "Changed"})
    employee.refresh_from_db()
    assert employee.title == ""


def test_only_known_fields_are_changed(admin, employee):
    with pytest.raises(ValueError, match="is_superuser"):
        people.person_update(person=employee, by=admin, values={"is_superuser": True})


def test_a_change_of_schools_alone_is_recorded(admin, employee, hall, king_philip):
    people.person_update(person=employee, by=admin, values={"schools": [hall, king_philip]})
    assert events("user.updated", employee).get().payload == {"schools": [[], sorted([hall.pk, king_philip.pk])]}
    assert set(employee.schools.all()) == {hall, king_philip}
