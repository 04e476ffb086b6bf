import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audits.models import AuditEvent
from policyportal import services
from policyportal.models import Notification, Role
from tests import factories


def refused(exception, match, call):
    before = AuditEvent.objects.count()
    with pytest.raises(exception, match=match):
        call()
    assert AuditEvent.objects.count() == before


def new_user(district, by=None, **fields):
    return lambda: services.user_create(
        district=district,
        username=fields.pop("username", "newcomer"),
        email="newcomer@example.org",
        first_name="New",
        last_name="Comer",
        by=by,
        **fields,
    )


def test_only_an_administrator_of_the_district_adds_people_or_schools(west_hartford, supervisor, outsider):
    for by in (supervisor, outsider):
        refused(PermissionDenied, "Only a district administrator", new_user(west_hartford, by=by))
        refused(
            PermissionDenied,
            "Only a district administrator",
            lambda by=by: services.school_create(district=west_hartford, name="New School", by=by),
        )


def test_a_school_or_supervisor_of_another_district_is_refused(west_hartford, region_14, outsider, admin):
    elsewhere = factories.school(district=region_14, name="Nonnewaug High School")
    refused(ValidationError, "another district", new_user(west_hartford, by=admin, school=elsewhere))
    refused(ValidationError, "supervisor must be", new_user(west_hartford, by=admin, supervisor=outsider))


def test_a_taken_username_or_school_name_is_refused(west_hartford, admin, employee):
    refused(ValidationError, "is taken", new_user(west_hartford, by=admin, username="EMPLOYEE"))
    factories.school(district=west_hartford, name="Hall High School")
    refused(
        ValidationError,
        "already has a school",
        lambda: services.school_create(district=west_hartford, name="hall high school", by=admin),
    )


def test_an_unknown_role_is_refused(west_hartford, admin):
    refused(ValidationError, "is not a role", new_user(west_hartford, by=admin, role="superintendent"))


def test_an_administrator_adds_a_person_who_is_welcomed_and_recorded(west_hartford, admin, supervisor):
    person = new_user(west_hartford, by=admin, role=Role.EMPLOYEE, supervisor=supervisor)()
    event = AuditEvent.objects.get(action="user.created", target_id=str(person.pk))
    assert (event.actor, event.payload["supervisor"]) == (admin, supervisor.pk)
    assert Notification.objects.filter(recipient=person, kind="welcome").exists()


def test_marking_someone_elses_notification_read_is_refused(employee, supervisor):
    theirs = Notification.objects.get(recipient=supervisor)
    refused(PermissionDenied, "not yours", lambda: services.notification_mark_read(notification=theirs, by=employee))
    theirs.refresh_from_db()
    assert theirs.read_at is None
