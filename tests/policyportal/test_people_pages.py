"""The people pages: who may open them, what they list, and that each refusal keeps what was typed."""

import uuid

import pytest
from django.urls import reverse

from audits.models import AuditEvent
from policyportal.models import Role, User
from policyportal.services import people
from tests import factories

PEOPLE = reverse("people")


def edit_url(person: User) -> str:
    return reverse("person_edit", args=[person.pk])


@pytest.fixture
def hall(west_hartford):
    return factories.school(district=west_hartford, name="Hall High School")


@pytest.fixture
def as_admin(client, admin):
    client.force_login(admin)
    return client


def form_data(person: User, **changes) -> dict:
    data = {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "email": person.email,
        "title": person.title,
        "role": person.role,
        "school": person.school_id or "",
        "schools": [school.pk for school in person.schools.all()],
        "supervisor": person.supervisor_id or "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


# The list


def test_an_administrator_lists_the_district_with_search_and_filters(as_admin, admin, supervisor, employee, hall):
    nobody = factories.user(
        district=admin.district, username="tricia", first_name="Tricia", last_name="Okafor", school=hall
    )
    people.person_deactivate(person=nobody, by=admin)

    def listed(**query) -> set[str]:
        return {p.username for p in as_admin.get(PEOPLE, query).context["page"].object_list}

    assert listed() == {"admin", "supervisor", "employee"}
    assert listed(status="deactivated") == {"tricia"}
    assert listed(status="everyone", q="okafor") == {"tricia"}
    assert listed(q="employee@example") == {"employee"}  # email
    assert listed(q="superv") == {"supervisor"}  # username
    assert listed(role=Role.DISTRICT_ADMIN) == {"admin"}
    assert listed(status="everyone", school=hall.pk) == {"tricia"}
    assert listed(problem="any") == set()
    page = as_admin.get(PEOPLE, {"status": "deactivated"}).content.decode()
    assert "Deactivated" in page and edit_url(nobody) in page


def test_the_list_is_paginated_and_keeps_its_filters(as_admin, admin, supervisor):
    for number in range(30):
        factories.user(district=admin.district, username=f"teacher{number}", supervisor=supervisor)
    first = as_admin.get(PEOPLE, {"q": "teacher"})
    assert first.context["page"].paginator.count == 30
    assert 'href="?q=teacher&amp;page=2"' in first.content.decode()
    second = as_admin.get(PEOPLE, {"q": "teacher", "page": 2})
    assert len(second.context["page"].object_list) == 5


def test_the_supervisor_override_is_shown_as_set_by_an_administrator(as_admin, admin, employee):
    people.person_update(person=employee, by=admin, values={"supervisor": admin})
    assert "Set by an administrator" in as_admin.get(PEOPLE).content.decode()
    assert "Set by an administrator" in as_admin.get(edit_url(employee)).content.decode()


def test_an_empty_search_says_so(as_admin):
    page = as_admin.get(PEOPLE, {"q": "nobody-by-this-name"}).content.decode()
    assert "Nobody matches these filters" in page


def test_a_supervisor_sees_their_people_without_the_administrators_tools(client, supervisor, employee, admin):
    client.force_login(supervisor)
    response = client.get(PEOPLE)
    assert [p.username for p in response.context["page"].object_list] == ["employee"]
    page = response.content.decode()
    assert reverse("person_new") not in page
    assert edit_url(employee) not in page
    assert "Problems to fix" not in page
    assert response.context["problems"] is None


def _sized(district, supervisor, hall, count):
    """`count` more people, every other one without a supervisor, each at Hall and a school of their own."""
    for number in range(count):
        person = factories.user(district=district, supervisor=supervisor if number % 2 else None, school=hall)
        person.schools.add(factories.school(district=district))


@pytest.mark.parametrize(
    ("query", "queries"),
    [
        ({}, 10),
        ({"problem": "any", "status": "everyone"}, 10),
        ({"q": "Pat", "school": "hall", "role": Role.EMPLOYEE}, 11),  # and the school chosen, checked
    ],
)
def test_the_people_page_makes_the_same_queries_for_3_people_as_for_40(
    as_admin, admin, supervisor, hall, query, queries, django_assert_num_queries
):
    """The session, the user, the unread count; the district's schools (the filter menu); the count, the page's
    ids, its people and their schools; the problems: the people's counts in one query, and the schools without a
    supervisor."""
    query = {key: hall.pk if value == "hall" else value for key, value in query.items()}
    _sized(admin.district, supervisor, hall, 3)
    as_admin.get(PEOPLE, query)  # the session's first request settles it
    with django_assert_num_queries(queries):
        assert as_admin.get(PEOPLE, query).status_code == 200
    _sized(admin.district, supervisor, hall, 37)
    with django_assert_num_queries(queries):
        assert as_admin.get(PEOPLE, query).status_code == 200


def test_a_supervisors_people_page_makes_the_same_queries_for_any_number(
    client, admin, supervisor, hall, django_assert_num_queries
):
    client.force_login(supervisor)
    _sized(admin.district, supervisor, hall, 3)
    client.get(PEOPLE)
    with django_assert_num_queries(8):
        client.get(PEOPLE)
    _sized(admin.district, supervisor, hall, 30)
    with django_assert_num_queries(8):
        client.get(PEOPLE)


# Adding


def test_an_administrator_adds_a_person(as_admin, admin, supervisor, hall):
    response = as_admin.post(
        reverse("person_new"),
        {
            "first_name": "Grace",
            "last_name": "Hopper",
            "email": "grace@example.org",
            "title": "Teacher",
            "role": Role.EMPLOYEE,
            "school": hall.pk,
            "supervisor": supervisor.pk,
            "invite": "on",
            "form_token": uuid.uuid4(),
        },
    )
    person = User.objects.get(email="grace@example.org")
    assert response.url == edit_url(person)
    assert (person.username, person.school, person.supervisor) == ("grace", hall, supervisor)
    assert list(person.schools.all()) == [hall]
    assert AuditEvent.objects.filter(action="user.invited", target_id=str(person.pk)).exists()


def test_adding_a_duplicate_email_says_why_and_keeps_what_was_typed(as_admin, employee):
    response = as_admin.post(
        reverse("person_new"),
        {
            "first_name": "Grace",
            "last_name": "Hopper",
            "email": employee.email,
            "role": Role.EMPLOYEE,
            "form_token": uuid.uuid4(),
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert f"{employee.email} is already the address of {employee.display_name}" in page
    assert 'value="Hopper"' in page
    assert not User.objects.filter(last_name="Hopper").exists()


def test_the_add_page_starts_from_the_school_a_problem_links_to(as_admin, hall):
    form = as_admin.get(reverse("person_new"), {"school": hall.pk}).context["form"]
    assert form.initial["school"] == str(hall.pk)


@pytest.mark.parametrize("page", ["person_new", "people_edit"])
def test_a_supervisor_cannot_add_or_edit(client, supervisor, employee, page):
    client.force_login(supervisor)
    url = reverse("person_new") if page == "person_new" else edit_url(employee)
    assert client.get(url).status_code == 403
    assert client.post(url, form_data(employee, title="Changed")).status_code == 403
    employee.refresh_from_db()
    assert employee.title == ""


def test_an_administrator_of_another_district_finds_nobody(client, r14_admin, employee):
    client.force_login(r14_admin)
    for name in ("person_edit", "person_deactivate"):
        assert client.get(reverse(name, args=[employee.pk])).status_code == 404
    assert client.post(reverse("person_reactivate", args=[employee.pk])).status_code == 404
    assert client.post(reverse("person_deactivate", args=[employee.pk])).status_code == 404
    employee.refresh_from_db()
    assert employee.is_active


# Editing


def test_an_administrator_edits_a_person(as_admin, admin, employee, hall):
    response = as_admin.post(edit_url(employee), form_data(employee, title="Band Director", school=hall.pk))
    assert response.url == edit_url(employee)
    employee.refresh_from_db()
    assert (employee.title, employee.school) == ("Band Director", hall)
    event = AuditEvent.objects.get(action="user.updated", target_id=str(employee.pk))
    assert event.payload == {"title": ["", "Band Director"], "school": [None, hall.pk], "schools": [[], [hall.pk]]}


def test_saving_an_unchanged_form_records_nothing(as_admin, employee):
    before = AuditEvent.objects.count()
    as_admin.post(edit_url(employee), form_data(employee))
    assert AuditEvent.objects.count() == before


def test_a_bad_supervisor_is_refused_on_its_field(as_admin, employee):
    response = as_admin.post(edit_url(employee), form_data(employee, supervisor=employee.pk, title="Typed"))
    assert response.status_code == 200
    assert "supervisor" in response.context["form"].errors
    assert 'value="Typed"' in response.content.decode()


def test_the_last_administrators_role_cannot_be_changed_from_the_page(as_admin, admin):
    response = as_admin.post(edit_url(admin), form_data(admin, role=Role.SUPERVISOR))
    assert "last active administrator" in response.context["form"].errors["role"][0]
    admin.refresh_from_db()
    assert admin.role == Role.DISTRICT_ADMIN


def test_the_override_is_released_from_the_page(as_admin, admin, employee):
    people.person_update(person=employee, by=admin, values={"supervisor": admin})
    employee.refresh_from_db()
    as_admin.post(edit_url(employee), form_data(employee, release_supervisor="on"))
    employee.refresh_from_db()
    assert not employee.supervisor_overridden


def test_releasing_the_override_while_choosing_a_supervisor_is_refused(as_admin, admin, supervisor, employee):
    people.person_update(person=employee, by=admin, values={"supervisor": admin})
    employee.refresh_from_db()
    response = as_admin.post(edit_url(employee), form_data(employee, supervisor=supervisor.pk, release_supervisor="on"))
    assert "not both" in response.content.decode()
    employee.refresh_from_db()
    assert employee.supervisor == admin


def test_saving_keeps_a_supervisor_whose_account_closed(as_admin, employee, supervisor):
    factories.close_account(supervisor)
    as_admin.post(edit_url(employee), form_data(employee, title="Coach"))
    employee.refresh_from_db()
    assert (employee.title, employee.supervisor) == ("Coach", supervisor)


# Deactivating and reactivating


def test_the_confirmation_page_lists_each_item_and_where_it_goes(as_admin, admin, supervisor, employee):
    site = factories.active_site(requester=employee)
    page = as_admin.get(reverse("person_deactivate", args=[supervisor.pk]))
    form = page.context["form"]
    assert page.context["plan"].keys == [f"sites.supervised:{site.pk}", f"people.supervisees:{employee.pk}"]
    assert form.fields[f"to_sites_supervised_{site.pk}"].initial == str(admin.pk)
    text = page.content.decode()
    assert "Sites they supervise" in text and "People who report to them" in text
    assert reverse("sites:detail", args=[site.pk]) in text


def test_deactivating_from_the_page_hands_on_what_was_chosen(as_admin, admin, supervisor, employee, west_hartford):
    other = factories.user(district=west_hartford, role=Role.SUPERVISOR, username="other", supervisor=admin)
    url = reverse("person_deactivate", args=[supervisor.pk])
    keys = as_admin.get(url).context["form"]["keys"].value()
    response = as_admin.post(url, {"keys": keys, f"to_people_supervisees_{employee.pk}": other.pk})
    assert response.url == edit_url(supervisor)
    supervisor.refresh_from_db()
    employee.refresh_from_db()
    assert (supervisor.is_active, employee.supervisor) == (False, other)


def test_one_choice_applies_to_every_item_of_a_kind_without_deactivating(as_admin, admin, supervisor, west_hartford):
    reports = [factories.user(district=west_hartford, username=f"rep{n}", supervisor=supervisor) for n in range(2)]
    other = factories.user(district=west_hartford, role=Role.SUPERVISOR, username="other", supervisor=admin)
    url = reverse("person_deactivate", args=[supervisor.pk])
    keys = as_admin.get(url).context["form"]["keys"].value()
    response = as_admin.post(url, {"keys": keys, "every_people_supervisees": other.pk, "apply": "people.supervisees"})
    form = response.context["form"]
    assert [form[f"to_people_supervisees_{person.pk}"].value() for person in reports] == [str(other.pk)] * 2
    supervisor.refresh_from_db()
    assert supervisor.is_active


def test_work_arriving_while_the_page_was_open_is_shown_before_anything_happens(as_admin, admin, supervisor, employee):
    url = reverse("person_deactivate", args=[supervisor.pk])
    keys = as_admin.get(url).context["form"]["keys"].value()
    factories.submitted_request(requester=employee)
    response = as_admin.post(url, {"keys": keys})
    assert "changed since you opened this page" in response.content.decode()
    supervisor.refresh_from_db()
    assert supervisor.is_active


def test_the_last_administrator_has_no_deactivation_page(client, admin, west_hartford):
    second = factories.user(district=west_hartford, role=Role.DISTRICT_ADMIN, username="second")
    client.force_login(admin)
    assert "Deactivate" in client.get(edit_url(second)).content.decode()
    people.person_deactivate(person=second, by=admin)
    response = client.get(reverse("person_deactivate", args=[admin.pk]))
    assert response.url == edit_url(admin)
    page = client.get(edit_url(admin)).content.decode()
    assert "last active administrator" in page
    assert reverse("person_deactivate", args=[admin.pk]) not in page


def test_a_supervisor_cannot_deactivate(client, supervisor, employee):
    client.force_login(supervisor)
    assert client.get(reverse("person_deactivate", args=[employee.pk])).status_code == 403
    assert client.post(reverse("person_deactivate", args=[employee.pk]), {}).status_code == 403


def test_an_administrator_reactivates_from_the_page(as_admin, admin, employee):
    people.person_deactivate(person=employee, by=admin)
    page = as_admin.get(edit_url(employee)).content.decode()
    assert reverse("person_reactivate", args=[employee.pk]) in page
    as_admin.post(reverse("person_reactivate", args=[employee.pk]))
    employee.refresh_from_db()
    assert employee.is_active


def test_someone_who_has_not_chosen_a_password_is_invited_from_their_page(as_admin, admin, employee, west_hartford):
    person = people.person_create(
        district=west_hartford, by=admin, email="nia@example.org", first_name="Nia", last_name="Newcomer"
    )
    page = as_admin.get(edit_url(person)).content.decode()
    assert "have not chosen a password yet" in page
    as_admin.post(reverse("person_invite", args=[person.pk]), {"form_token": uuid.uuid4()})
    assert AuditEvent.objects.get(action="user.invited", target_id=str(person.pk)).actor == admin
    assert reverse("person_invite", args=[employee.pk]) not in as_admin.get(edit_url(employee)).content.decode()
