"""Problems to fix: a person without an active supervisor, a supervisor with nobody, a school without a
supervisor. Each rule's Python and Q forms agree on the same rows; the people page lists them and the
dashboard counts them, for administrators only."""

import pytest
from django.urls import reverse

from audits import reports
from policyportal import rules
from policyportal.models import Role, School, User
from tests import factories


@pytest.fixture
def district_people(west_hartford, admin, supervisor, employee):
    """Every case of each rule, named. `employee` reports to `supervisor`, who reports to `admin`."""
    hall = factories.school(district=west_hartford, name="Hall High School")
    kp = factories.school(district=west_hartford, name="King Philip Middle School")
    factories.school(district=west_hartford, name="Conard High School")  # nobody works there
    closing = factories.user(district=west_hartford, role=Role.SUPERVISOR, username="closing", supervisor=admin)
    closing.schools.add(kp)
    people = {
        "admin": admin,
        "supervisor": supervisor,
        "employee": employee,
        "no supervisor": factories.user(district=west_hartford, username="nosup", school=hall),
        "supervisor closed": factories.user(district=west_hartford, username="orphan", supervisor=closing),
        "supervisor demoted": factories.user(district=west_hartford, username="demotedsup", supervisor=supervisor),
        "supervisor of nobody": factories.user(
            district=west_hartford, role=Role.SUPERVISOR, username="idle", supervisor=admin
        ),
        "supervisor of a closed account": factories.user(
            district=west_hartford, role=Role.SUPERVISOR, username="lonely", supervisor=admin
        ),
        "closed": factories.user(district=west_hartford, username="gone"),
        "admin without supervisor": factories.user(district=west_hartford, role=Role.DISTRICT_ADMIN, username="a2"),
    }
    gone_report = factories.user(
        district=west_hartford, username="leftteam", supervisor=people["supervisor of a closed account"]
    )
    factories.close_account(gone_report)
    factories.close_account(people["closed"])
    factories.close_account(closing)
    demoted = factories.user(district=west_hartford, role=Role.SUPERVISOR, username="was_sup", supervisor=admin)
    User.objects.filter(pk=people["supervisor demoted"].pk).update(supervisor=demoted)
    User.objects.filter(pk=demoted.pk).update(role=Role.EMPLOYEE)
    supervisor.schools.add(hall)
    return {name: User.objects.get(pk=person.pk) for name, person in people.items()}


def test_a_person_without_an_active_supervisor_agrees_in_both_forms(district_people):
    found = set(User.objects.filter(rules.lacking_supervisor()))
    assert found == {person for person in User.objects.all() if rules.lacks_supervisor(person)}
    assert {name for name, person in district_people.items() if person in found} == {
        "no supervisor",
        "supervisor closed",
        "supervisor demoted",
    }


def test_a_supervisor_with_nobody_agrees_in_both_forms(district_people):
    found = set(User.objects.filter(rules.supervising_nobody()))
    assert found == {person for person in User.objects.all() if rules.supervises_nobody(person)}
    assert {name for name, person in district_people.items() if person in found} == {
        "supervisor of nobody",
        "supervisor of a closed account",
    }


def test_a_school_without_a_supervisor_agrees_in_both_forms(district_people, west_hartford):
    found = set(School.objects.filter(rules.schools_unsupervised(), district=west_hartford))
    assert found == {
        school for school in School.objects.filter(district=west_hartford) if rules.school_unsupervised(school)
    }
    assert {school.name for school in found} == {"King Philip Middle School", "Conard High School"}


def test_the_people_page_counts_the_problems_with_links_to_fix_them(client, admin, district_people):
    client.force_login(admin)
    page = client.get(reverse("people")).content.decode()
    problems = page[page.index("Problems to fix") : page.index("Filter people")]
    assert "<strong>3</strong>" in problems and "?problem=no_supervisor" in problems
    assert "<strong>2</strong>" in problems and "?problem=supervises_nobody" in problems
    assert "King Philip Middle School" in problems and "Conard High School" in problems
    assert f"{reverse('person_new')}?school=" in problems
    listed = client.get(reverse("people"), {"problem": "no_supervisor"}).content.decode()
    assert reverse("person_edit", args=[district_people["no supervisor"].pk]) in listed
    assert "No active supervisor" in listed


def test_the_has_a_problem_filter_shows_exactly_the_people_with_one(client, admin, district_people):
    client.force_login(admin)
    listed = client.get(reverse("people"), {"problem": "any"}).context["page"].object_list
    assert {person.pk for person in listed} == {
        district_people[name].pk
        for name in (
            "no supervisor",
            "supervisor closed",
            "supervisor demoted",
            "supervisor of nobody",
            "supervisor of a closed account",
        )
    }
    flags = {person.pk: (person.lacks_supervisor, person.supervises_nobody) for person in listed}
    only = client.get(reverse("people"), {"problem": "supervises_nobody"}).context["page"].object_list
    assert {person.pk for person in only} == {
        district_people["supervisor of nobody"].pk,
        district_people["supervisor of a closed account"].pk,
    }
    assert flags[district_people["no supervisor"].pk] == (True, False)
    assert flags[district_people["supervisor of nobody"].pk] == (False, True)


def test_the_dashboard_counts_the_problems_for_administrators_only(client, admin, supervisor, district_people):
    client.force_login(admin)
    figures = client.get(reverse("reports:dashboard")).context["figures"]["people_problems"]
    assert figures == {"without_supervisor": 3, "supervising_nobody": 2, "schools_unsupervised": 2}
    hall = School.objects.get(name="Hall High School")
    scope = reports.Scope(admin, *reports.default_range(admin.district.today()), school=hall)
    assert reports.people_problems(scope) == {
        "without_supervisor": 1,
        "supervising_nobody": 0,
        "schools_unsupervised": 0,
    }
    client.force_login(supervisor)
    page = client.get(reverse("reports:dashboard"))
    assert page.context["figures"]["people_problems"] is None
    assert "problems to fix" not in page.content.decode()


def test_no_other_districts_problems_are_counted(client, r14_admin, district_people):
    client.force_login(r14_admin)
    assert client.get(reverse("reports:dashboard")).context["figures"]["people_problems"] == {
        "without_supervisor": 0,
        "supervising_nobody": 0,
        "schools_unsupervised": 0,
    }
    page = client.get(reverse("people")).content.decode()
    assert "nosup" not in page and "Conard" not in page
