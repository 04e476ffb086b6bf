"""The staff import's rules, each Python form held to its Q form, and the role mapping."""

import pytest

from policyportal.directory import rules, services
from policyportal.models import District, Role, StaffImport
from tests import factories
from tests.policyportal.directory import files


def test_who_sees_an_import_in_both_forms(west_hartford, region_14, admin, supervisor, employee, directory):
    r14_admin = factories.user(district=region_14, role=Role.DISTRICT_ADMIN)
    for district, by in ((west_hartford, admin), (region_14, r14_admin)):
        services.staff_import_preview(district=district, uploads=files.uploads(files.sds(*directory)), by=by)
    for user in (admin, supervisor, employee, r14_admin):
        python = {i.pk for i in StaffImport.objects.all() if rules.may_see_staff_import(user, i)}
        q = set(StaffImport.objects.filter(rules.staff_imports_seen_by(user)).values_list("pk", flat=True))
        assert python == q
        assert bool(q) == (user.role == Role.DISTRICT_ADMIN)


@pytest.mark.parametrize(
    ("roles", "current", "expected"),
    [
        (["teacher"], None, Role.EMPLOYEE),
        (["aide", "counselor"], None, Role.EMPLOYEE),
        (["principal"], None, Role.SUPERVISOR),
        (["Administrator"], None, Role.SUPERVISOR),
        (["siteAdministrator"], None, Role.SUPERVISOR),
        (["districtAdministrator"], None, Role.SUPERVISOR),
        (["systemAdministrator"], None, Role.EMPLOYEE),
        (["teacher"], Role.DISTRICT_ADMIN, Role.DISTRICT_ADMIN),
        (["teacher", "principal"], Role.EMPLOYEE, Role.SUPERVISOR),
    ],
)
def test_directory_roles_map_to_portal_roles(roles, current, expected):
    assert rules.portal_role(roles, current) == expected


def test_role_kinds():
    assert rules.role_kind("teacher") == "staff"
    assert rules.role_kind("teacherAssistant") == "staff"
    assert rules.role_kind("Student") == "not staff"
    assert rules.role_kind("guardian") == "not staff"
    assert rules.role_kind("wizard") is None


def test_the_principal_then_the_only_administrator_supervises_a_school():
    people = [
        ("p2", {"principal": ["pk:1"]}),
        ("p1", {"principal": ["pk:1"]}),
        ("a1", {"administrator": ["pk:1", "pk:2"]}),
        ("a2", {"administrator": ["pk:3"]}),
        ("a3", {"siteAdministrator": ["pk:3"]}),
    ]
    chosen = rules.school_supervisors(people)
    assert chosen == {"pk:1": "p1", "pk:2": "a1"}, "two administrators of pk:3: nobody is guessed"
    assert rules.default_supervisor("t1", "pk:1", chosen) == "p1"
    assert rules.default_supervisor("p1", "pk:1", chosen) is None, "nobody supervises themselves"
    assert rules.default_supervisor("t1", None, chosen) is None


@pytest.mark.parametrize(("leaving", "active", "over"), [(1, 10, False), (2, 20, False), (3, 20, True), (1, 1, True)])
def test_the_leaver_limit(leaving, active, over):
    district = District(staff_sync_leaver_limit_percent=10)
    assert rules.leavers_over_limit(district, leaving=leaving, active=active) is over
