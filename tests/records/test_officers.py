"""Records officers are named, and unnamed, by the district's administrators on the person's page."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from audits.models import AuditEvent
from policyportal.records.services import records_officer_set
from tests import factories

pytestmark = pytest.mark.django_db


def _set(client, person, value: bool):
    data = {"is_records_officer": "on"} if value else {}
    return client.post(reverse("person_records_officer", args=[person.pk]), data)


def test_an_administrator_names_a_records_officer_and_the_trail_says_so(client, admin, employee):
    client.force_login(admin)
    page = client.get(reverse("person_edit", args=[employee.pk])).content.decode()
    assert "Records officer" in page
    assert _set(client, employee, True).status_code == 302
    employee.refresh_from_db()
    assert employee.is_records_officer
    event = AuditEvent.objects.get(action="records.officer_appointed")
    assert (event.actor_id, event.target_id, event.payload) == (
        admin.pk,
        str(employee.pk),
        {"is_records_officer": True},
    )
    assert "Records officer" in client.get(reverse("people")).content.decode()  # the list shows the flag

    assert _set(client, employee, True).status_code == 302  # asked again: nothing changes, nothing recorded
    assert AuditEvent.objects.filter(action="records.officer_appointed").count() == 1

    _set(client, employee, False)
    employee.refresh_from_db()
    assert not employee.is_records_officer
    assert AuditEvent.objects.get(action="records.officer_removed").payload == {"is_records_officer": False}


def test_the_nav_leads_records_officers_to_the_records(client, officer, admin):
    client.force_login(officer)
    assert reverse("records:home") in client.get(reverse("home")).content.decode()
    client.force_login(admin)  # an administrator who is not one does not see it
    assert reverse("records:home") not in client.get(reverse("home")).content.decode()


def test_only_an_administrator_of_the_district_names_one(client, employee, supervisor, r14_admin):
    target = factories.user(district=employee.district, username="clerk", supervisor=supervisor)
    client.force_login(employee)  # sees nobody's page
    assert _set(client, target, True).status_code == 404
    client.force_login(supervisor)  # sees their own people, names nobody
    assert _set(client, target, True).status_code == 403
    assert "records-officer" not in client.get(reverse("person_edit", args=[target.pk])).content.decode()
    client.force_login(r14_admin)  # another district's administrator
    assert _set(client, target, True).status_code == 404
    target.refresh_from_db()
    assert not target.is_records_officer
    assert not AuditEvent.objects.filter(action__startswith="records.").exists()
    with pytest.raises(PermissionDenied):
        records_officer_set(person=target, value=True, by=r14_admin)


def test_a_closed_account_is_not_named(client, admin, employee):
    factories.close_account(employee)
    client.force_login(admin)
    follow = client.post(
        reverse("person_records_officer", args=[employee.pk]), {"is_records_officer": "on"}, follow=True
    )
    assert "reactivate it first" in follow.content.decode()
    employee.refresh_from_db()
    assert not employee.is_records_officer
