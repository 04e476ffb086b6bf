"""Each personal-use rule's Python form and its Q form pick the same rows."""

from datetime import timedelta

import pytest
from django.utils import timezone

from policyportal.models import Role, User
from sites.models import Site
from sites.personal import rules
from sites.personal.models import Consultation, DirectoryObjection
from sites.personal.services import acknowledgments
from tests import factories


def pks(queryset) -> set[int]:
    return set(queryset.values_list("pk", flat=True))


def ask(employee, supervisor, *, days_ago: int = 0, answered_by=None) -> Consultation:
    """A question as `consultation_ask` writes it, asked `days_ago` days ago, answered if `answered_by`."""
    asked_at = timezone.now() - timedelta(days=days_ago)
    answer = {"answer": "fine", "answered_at": asked_at, "answered_by": answered_by} if answered_by else {}
    return Consultation.objects.create(
        district=employee.district,
        employee=employee,
        supervisor=supervisor,
        destination="A personal account",
        text="Go team!",
        asked_at=asked_at,
        **answer,
    )


@pytest.fixture
def people(west_hartford, region_14, employee, supervisor, admin):
    """Everyone whose view of the questions differs: the standard three, supervisors who will leave, move to
    another role or to another district, a second administrator who asks questions of their own, and people
    of another district."""
    leaving = factories.user(district=west_hartford, role=Role.SUPERVISOR, username="leaving", supervisor=admin)
    demoted = factories.user(district=west_hartford, role=Role.SUPERVISOR, username="demoted", supervisor=admin)
    moved = factories.user(district=west_hartford, role=Role.SUPERVISOR, username="moved", supervisor=admin)
    asking_admin = factories.user(
        district=west_hartford, role=Role.DISTRICT_ADMIN, username="asking.admin", supervisor=supervisor
    )
    colleague = factories.user(district=west_hartford, username="colleague", supervisor=leaving)
    r14_admin = factories.user(district=region_14, role=Role.DISTRICT_ADMIN, username="r14.admin")
    r14_supervisor = factories.user(district=region_14, role=Role.SUPERVISOR, username="r14.sup", supervisor=r14_admin)
    r14_employee = factories.user(district=region_14, username="r14.emp", supervisor=r14_supervisor)
    return {
        "employee": employee,
        "supervisor": supervisor,
        "admin": admin,
        "leaving": leaving,
        "demoted": demoted,
        "moved": moved,
        "asking_admin": asking_admin,
        "colleague": colleague,
        "r14_admin": r14_admin,
        "r14_supervisor": r14_supervisor,
        "r14_employee": r14_employee,
    }


@pytest.fixture
def questions(people, west_hartford, region_14):
    """Fresh, due, escalated and answered questions; some to supervisors who then leave, change role or
    move to another district."""
    p = people
    grace = west_hartford.decision_deadline_days + west_hartford.escalation_grace_days
    made = [
        ask(p["employee"], p["supervisor"]),
        ask(p["employee"], p["supervisor"], days_ago=west_hartford.decision_deadline_days + 1),
        ask(p["employee"], p["supervisor"], days_ago=grace + 1),
        ask(p["employee"], p["supervisor"], days_ago=grace + 1, answered_by=p["supervisor"]),
        ask(p["colleague"], p["leaving"]),
        ask(p["colleague"], p["leaving"], days_ago=3, answered_by=p["admin"]),
        ask(p["colleague"], p["demoted"], days_ago=grace + 1),
        ask(p["colleague"], p["moved"], days_ago=1),
        ask(p["asking_admin"], p["leaving"]),
        ask(p["asking_admin"], p["supervisor"], days_ago=grace + 1),
        ask(p["r14_employee"], p["r14_supervisor"], days_ago=grace + 1),
    ]
    factories.close_account(p["leaving"])
    User.objects.filter(pk=p["demoted"].pk).update(role=Role.EMPLOYEE)
    User.objects.filter(pk=p["moved"].pk).update(district=region_14)
    return made


def everyone(people) -> list[User]:
    return list(User.objects.filter(pk__in=[person.pk for person in people.values()]))


def loaded() -> list[Consultation]:
    return list(Consultation.objects.select_related("district", "supervisor", "employee"))


def test_supervisor_answers_agrees_with_its_filter(questions):
    still = {c.pk for c in loaded() if rules.supervisor_answers(c)}
    assert pks(Consultation.objects.filter(rules.supervisor_answering())) == still
    assert 0 < len(still) < len(questions)


def test_may_answer_agrees_with_answerable_by(people, questions):
    answering = set()
    for user in everyone(people):
        expected = {c.pk for c in loaded() if rules.may_answer(c, user)}
        assert pks(Consultation.objects.filter(rules.answerable_by(user))) == expected, user.username
        if expected:
            answering.add(user.username)
    assert answering == {"supervisor", "admin", "asking.admin", "r14.sup"}


@pytest.mark.parametrize("days_later", [0, 3, 8, 30])
def test_consultation_escalated_agrees_with_its_filter(questions, west_hartford, region_14, days_later):
    now = timezone.now() + timedelta(days=days_later)
    expected = {c.pk for c in loaded() if rules.consultation_escalated(c, now)}
    both = Consultation.objects.filter(rules.consultations_escalated([west_hartford, region_14], now))
    assert pks(both) == expected
    west_only = Consultation.objects.filter(rules.consultations_escalated([west_hartford], now))
    assert pks(west_only) == {c.pk for c in loaded() if c.pk in expected and c.district_id == west_hartford.pk}


@pytest.mark.parametrize("days_later", [0, 8])
def test_may_see_consultation_agrees_with_consultations_seen_by(people, questions, days_later):
    now = timezone.now() + timedelta(days=days_later)
    for user in everyone(people):
        expected = {c.pk for c in loaded() if rules.may_see_consultation(c, user, now)}
        assert pks(Consultation.objects.filter(rules.consultations_seen_by(user, now))) == expected, user.username


def test_may_post_on_agrees_with_postable_by(employee, supervisor, admin, west_hartford):
    colleague = factories.user(district=west_hartford, username="colleague", supervisor=supervisor)
    factories.active_site(requester=employee, site_name="Robotics")
    factories.approved_site(requester=employee, site_name="Chess")  # approved, not live yet
    factories.active_site(requester=colleague, site_name="Drama")
    sites = list(Site.objects.all())
    for user in (employee, colleague, supervisor):
        expected = {site.pk for site in sites if rules.may_post_on(site, user)}
        assert pks(Site.objects.filter(rules.postable_by(user))) == expected
    assert {site.name for site in sites if rules.may_post_on(site, employee)} == {"Robotics"}


def test_may_see_roster_agrees_with_roster_seen_by(region_14, west_hartford, r14_admin, admin, employee, outsider):
    nonnewaug = factories.school(district=region_14, name="Nonnewaug High School")
    woodbury = factories.school(district=region_14, name="Woodbury Middle School")
    hall = factories.school(district=west_hartford, name="Rules Test School")
    for number, school in enumerate([nonnewaug, nonnewaug, woodbury, hall]):
        DirectoryObjection.objects.create(
            district=school.district,
            school=school,
            student_id=str(1000 + number),
            first_name="Student",
            last_name=str(number),
            imported_at=timezone.now(),
        )
    people = [
        r14_admin,
        admin,
        employee,
        outsider,  # a Region 14 supervisor without a school
        factories.user(district=region_14, role=Role.SUPERVISOR, username="nhs", school=nonnewaug),
        factories.user(district=region_14, role=Role.SUPERVISOR, username="wms", school=woodbury),
        factories.user(district=region_14, username="nhs.teacher", school=nonnewaug),
    ]
    rows = list(DirectoryObjection.objects.select_related("school"))
    for user in people:
        expected = {row.pk for row in rows if rules.may_see_roster(user, row.school)}
        assert pks(DirectoryObjection.objects.filter(rules.roster_seen_by(user))) == expected, user.username
    assert [len(pks(DirectoryObjection.objects.filter(rules.roster_seen_by(user)))) for user in people] == [
        3,
        1,
        0,
        0,
        2,
        1,
        0,
    ]


def test_owes_acknowledgment_agrees_with_owing_acknowledgment(employee, supervisor, admin, west_hartford, region_14):
    r14_person = factories.user(district=region_14, username="r14.person")
    leaver = factories.user(district=west_hartford, username="leaver", supervisor=supervisor)
    acknowledgments.acknowledgment_record(user=employee, typed_name=employee.get_full_name())
    factories.close_account(leaver)
    people = list(User.objects.all())
    for version in west_hartford.policy_versions.all():
        expected = {person.pk for person in people if rules.owes_acknowledgment(person, version)}
        assert pks(User.objects.filter(rules.owing_acknowledgment(version))) == expected
        assert expected == {supervisor.pk, admin.pk}
        assert r14_person.pk not in expected
