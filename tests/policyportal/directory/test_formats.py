"""Each format, from files written in its standard's exact column layout, zipped or loose."""

import json

import pytest

from policyportal.directory import services
from policyportal.models import Role, School, StaffImport, User
from tests.policyportal.directory import files
from tests.policyportal.directory.conftest import import_files, person

STAFF = {"p-hall", "p-kp", "t-1", "t-2", "t-3", "c-1"}
FORMATS = [
    ("oneroster-1.1", files.oneroster_11),
    ("oneroster-1.2", files.oneroster_12),
    ("sds-2.1", files.sds),
]


@pytest.mark.parametrize("zipped", [False, True], ids=["loose", "zipped"])
@pytest.mark.parametrize(("expected", "write"), FORMATS, ids=[name for name, _ in FORMATS])
def test_each_directory_format_brings_in_the_staff_and_their_schools(
    west_hartford, admin, directory, expected, write, zipped
):
    found = write(*directory)
    if zipped:
        found = {"export.zip": files.zipped(found)}
    staff_import = import_files(west_hartford, admin, found)

    assert staff_import.format == expected
    assert staff_import.counts["applied"]["created"] == 6
    assert (
        set(User.objects.filter(district=west_hartford).exclude(directory_id="").values_list("directory_id", flat=True))
        == STAFF
    )
    hall = School.objects.get(district=west_hartford, directory_id="hall")
    assert hall.name == "Hall High School"
    assert not School.objects.filter(district=west_hartford, directory_id="whps").exists(), "the district is no school"
    teacher = person(west_hartford, "t-1")
    assert (teacher.first_name, teacher.last_name, teacher.email) == ("Tom", "Ricci", "tom.ricci@whps.example.org")
    assert teacher.role == Role.EMPLOYEE and teacher.school == hall and not teacher.has_usable_password()
    assert person(west_hartford, "p-hall").role == Role.SUPERVISOR
    counselor = person(west_hartford, "c-1")
    assert counselor.school.directory_id == "kp", "the first (primary) school is the main one"
    assert set(counselor.schools.values_list("directory_id", flat=True)) == {"kp", "hall"}


@pytest.mark.parametrize(("expected", "write"), FORMATS, ids=[name for name, _ in FORMATS])
def test_students_and_guardians_are_counted_never_stored(west_hartford, admin, directory, expected, write):
    staff_import = services.staff_import_preview(
        district=west_hartford, uploads=files.uploads(write(*directory)), by=admin
    )
    assert staff_import.counts["ignored"] == {"students, guardians and parents": 2}
    kept = json.dumps([staff_import.rows, staff_import.plan, staff_import.counts])
    for trace in ("s-1", "Stu", "Dent", "g-1", "Gail", "Guardian"):
        assert trace not in kept
    services.staff_import_apply(staff_import=staff_import, by=admin)
    assert not User.objects.filter(directory_id__in=["s-1", "g-1"]).exists()
    assert not User.objects.filter(last_name__in=["Dent", "Guardian"]).exists()
    assert "Dent" not in json.dumps(list(StaffImport.objects.values_list("rows", "plan", "counts")))


def test_the_portal_csv_names_existing_schools_and_supervisors(west_hartford, admin):
    hall = School.objects.create(district=west_hartford, name="Hall High School")
    kp = School.objects.create(district=west_hartford, name="King Philip Middle School")
    found = files.portal(
        [
            {
                "staff_id": "100",
                "email": "ad@example.org",
                "first_name": "Ann",
                "last_name": "Director",
                "title": "Athletic director",
                "role": "supervisor",
            },
            {
                "staff_id": "101",
                "email": "pr@example.org",
                "first_name": "Pia",
                "last_name": "Principal",
                "role": "principal",
                "schools": "hall high school",
            },
            {
                "staff_id": "102",
                "email": "co@example.org",
                "first_name": "Cal",
                "last_name": "Coach",
                "title": "Coach",
                "schools": "Hall High School; King Philip Middle School",
                "supervisor_staff_id": "100",
            },
            {
                "staff_id": "103",
                "email": "te@example.org",
                "first_name": "Tea",
                "last_name": "Cher",
                "schools": "Hall High School",
            },
        ]
    )
    staff_import = import_files(west_hartford, admin, found)
    assert staff_import.format == "portal"
    coach = person(west_hartford, "102")
    assert coach.title == "Coach" and coach.school == hall and set(coach.schools.all()) == {hall, kp}
    assert coach.supervisor == person(west_hartford, "100"), "supervisor_staff_id decides"
    assert person(west_hartford, "103").supervisor == person(west_hartford, "101"), "else the school's principal"
    assert person(west_hartford, "100").role == Role.SUPERVISOR
    assert School.objects.filter(district=west_hartford).count() == 2, "the portal CSV creates no school"


def test_oneroster_12_prefers_preferred_names_and_the_primary_org(west_hartford, admin, directory):
    orgs, people = directory
    people[2].preferred_given = "Tommy"
    found = files.oneroster_12(orgs, people, manifest=False)
    import_files(west_hartford, admin, found)
    assert person(west_hartford, "t-1").first_name == "Tommy"
    counselor = person(west_hartford, "c-1")
    assert counselor.school.directory_id == "kp", "primaryOrgSourcedId names the main school"


def test_a_role_that_ended_is_not_a_role(west_hartford, admin, directory):
    orgs, people = directory
    found = files.oneroster_12(orgs, people)
    found = files.replace(
        found,
        "roles.csv",
        "r-t-2-hall,,2026-08-01T00:00:00.000Z,t-2,primary,teacher,hall,,2020-08-01,",
        "r-t-2-hall,,2026-08-01T00:00:00.000Z,t-2,primary,teacher,hall,,2020-08-01,2021-06-30",
    )
    staff_import = services.staff_import_preview(district=west_hartford, uploads=files.uploads(found), by=admin)
    assert "t-2" not in {row["directory_id"] for row in staff_import.rows["staff"]}
    assert staff_import.counts["ignored"]["people without a role in roles.csv"] == 1


def test_a_oneroster_delta_is_a_partial_sync(west_hartford, admin, directory):
    orgs, people = directory
    import_files(west_hartford, admin, files.oneroster_12(orgs, people))
    found = files.oneroster_12(orgs, people[:2])
    found = files.replace(found, "manifest.csv", "file.users,bulk", "file.users,delta")
    staff_import = services.staff_import_preview(district=west_hartford, uploads=files.uploads(found), by=admin)
    assert not staff_import.full
    assert staff_import.counts["leaving"] == 0, "a delta lists changes, not the whole staff"


def test_extra_and_reordered_columns_are_tolerated(west_hartford, admin, directory):
    orgs, people = directory
    found = files.sds(orgs, people)
    header = ["email", "sourcedId", "familyName", "givenName", "username", "grade", "extensionColumn"]
    rows = [
        {
            "sourcedId": p.id,
            "username": p.username,
            "givenName": p.given,
            "familyName": p.family,
            "email": p.email,
            "extensionColumn": "x",
        }
        for p in people
    ]
    found["users.csv"] = files.write(header, rows)
    staff_import = import_files(west_hartford, admin, found)
    assert staff_import.counts["applied"]["created"] == 6


def test_the_exports_other_files_are_not_read(west_hartford, admin, directory):
    found = files.oneroster_12(*directory)
    found["enrollments.csv"] = b"\xff\xfe not even UTF-8, and never read"
    found["classes.csv"] = b"sourcedId,title\r\nc-1,=1+1\r\n"
    staff_import = import_files(west_hartford, admin, {"export.zip": files.zipped(found)})
    assert staff_import.counts["applied"]["created"] == 6
    assert {f["name"] for f in staff_import.files} == {"export.zip"}
