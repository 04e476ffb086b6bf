"""A district's users never see, count or export another district's people, schools or events."""

import pytest
from django.urls import reverse

from audits.selectors import events_visible_to
from policyportal.models import Role
from policyportal.selectors import people_visible_to, schools_visible_to
from tests import factories


@pytest.fixture
def hall(west_hartford):
    return factories.school(district=west_hartford, name="Hall High School")


@pytest.fixture
def outsider_admin(region_14):
    return factories.user(district=region_14, role=Role.DISTRICT_ADMIN, username="r14admin", first_name="Rhea")


def test_people_are_scoped_to_the_district_and_the_supervisor(admin, supervisor, employee, outsider, outsider_admin):
    assert set(people_visible_to(admin)) == {admin, supervisor, employee}
    assert set(people_visible_to(supervisor)) == {employee}
    assert list(people_visible_to(employee)) == []
    assert set(people_visible_to(outsider_admin)) == {outsider, outsider_admin}


def test_schools_are_scoped_to_the_district(hall, outsider, employee):
    assert list(schools_visible_to(employee)) == [hall]
    assert list(schools_visible_to(outsider)) == []


def test_audit_events_are_the_districts_own_and_only_for_administrators(admin, employee, outsider_admin):
    assert events_visible_to(admin).exists()
    assert {event.district_id for event in events_visible_to(admin)} == {admin.district_id}
    assert not events_visible_to(employee).exists()
    assert {event.district_id for event in events_visible_to(outsider_admin)} == {outsider_admin.district_id}


def test_the_people_page_shows_neither_names_nor_counts_of_another_district(
    client, admin, employee, outsider, outsider_admin
):
    client.force_login(outsider_admin)
    page = client.get(reverse("people")).content.decode()
    assert employee.last_name not in page
    assert admin.last_name not in page
    assert "2 people" in page


def test_the_people_filter_refuses_a_school_of_another_district(client, outsider_admin, hall):
    client.force_login(outsider_admin)
    response = client.get(reverse("people"), {"school": hall.pk})
    assert "Select a valid choice" in response.content.decode()


def test_the_audit_page_lists_only_the_districts_events(client, admin, outsider_admin):
    client.force_login(admin)
    page = client.get(reverse("audits:events")).content.decode()
    assert admin.display_name in page
    assert outsider_admin.display_name not in page
    assert "Regional School District No. 14" not in page


def test_the_audit_page_is_refused_to_employees_and_supervisors(client, employee, supervisor):
    for user in (employee, supervisor):
        client.force_login(user)
        response = client.get(reverse("audits:events"))
        assert response.status_code == 403
        assert "for district administrators" in response.content.decode()


def test_the_people_filter_narrows_by_school_and_name(client, admin, supervisor, employee, hall):
    in_hall = factories.user(district=admin.district, school=hall, last_name="Okafor", supervisor=supervisor)
    client.force_login(admin)
    by_school = client.get(reverse("people"), {"school": hall.pk}).content.decode()
    assert in_hall.last_name in by_school
    assert employee.last_name not in by_school
    by_name = client.get(reverse("people"), {"q": "okaf"}).content.decode()
    assert "1 person" in by_name
