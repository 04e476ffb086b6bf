"""Every refusal names its file, line and column, and changes nothing; a failed apply leaves the database as it
was."""

import pytest

from policyportal.directory import services
from policyportal.models import School
from tests.policyportal.directory import files
from tests.policyportal.directory.conftest import import_files, snapshot


def refused(district, by, found: dict[str, bytes]) -> list[tuple]:
    """The problems of `found` as (file, line, column, message), after checking that nothing changed but the
    stored refusal and its event."""
    before = snapshot(district)
    staff_import = services.staff_import_preview(district=district, uploads=files.uploads(found), by=by)
    assert staff_import.status == "refused"
    assert staff_import.rows == {}, "a refused import keeps no rows"
    after = snapshot(district)
    assert after["events"] == before["events"] + 1  # staff.import_refused
    assert {**after, "events": 0} == {**before, "events": 0}
    return [(p["file"], p["line"], p["column"], p["message"]) for p in staff_import.plan["problems"]]


def test_a_missing_id(west_hartford, admin, directory):
    found = files.replace(files.oneroster_11(*directory), "users.csv", "\r\nt-2,", "\r\n,")
    [(file, line, column, message)] = refused(west_hartford, admin, found)
    assert (file, line, column) == ("users.csv", 5, "sourcedId")
    assert "missing" in message


def test_a_duplicate_id(west_hartford, admin, directory):
    orgs, people = directory
    people[3].id = "t-1"
    [(file, line, column, message)] = refused(west_hartford, admin, files.sds(orgs, people))
    assert (file, line, column) == ("users.csv", 5, "sourcedId")
    assert "t-1 is listed twice (also on line 4)" in message


def test_an_unknown_school_in_the_portal_csv(west_hartford, admin):
    School.objects.create(district=west_hartford, name="Hall High School")
    found = files.portal(
        [
            {
                "staff_id": "1",
                "email": "a@example.org",
                "first_name": "A",
                "last_name": "B",
                "schools": "Hall High School",
            },
            {"staff_id": "2", "email": "c@example.org", "first_name": "C", "last_name": "D", "schools": "Hogwarts"},
        ]
    )
    [(file, line, column, message)] = refused(west_hartford, admin, found)
    assert (file, line, column) == ("staff.csv", 3, "schools")
    assert message == "Hogwarts is not a school of West Hartford Public Schools."


def test_an_organisation_missing_from_orgs_csv(west_hartford, admin, directory):
    orgs, people = directory
    people[2].orgs = ["hall", "nowhere"]
    [(file, line, column, message)] = refused(west_hartford, admin, files.oneroster_11(orgs, people))
    assert (file, line, column) == ("users.csv", 4, "orgSourcedIds")
    assert "nowhere is not in orgs.csv" in message


def test_a_file_that_is_not_utf8(west_hartford, admin, directory):
    orgs, people = directory
    people[4].family = "Moralès"
    found = files.oneroster_12(orgs, people)
    found["users.csv"] = found["users.csv"].decode().encode("latin-1")
    [(file, line, column, message)] = refused(west_hartford, admin, {"oneroster.zip": files.zipped(found)})
    assert (file, line, column) == ("users.csv", 6, "")
    assert "not UTF-8" in message and "0xE8" in message


@pytest.mark.parametrize("formula", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)"])
def test_a_cell_that_starts_like_a_formula(west_hartford, admin, directory, formula):
    orgs, people = directory
    people[3].family = formula
    [(file, line, column, message)] = refused(west_hartford, admin, files.oneroster_12(orgs, people))
    assert (file, line, column) == ("users.csv", 5, "familyName")
    assert "formula" in message


def test_a_school_name_that_starts_like_a_formula(west_hartford, admin, directory):
    orgs, people = directory
    orgs[1].name = "=cmd|' /C calc'!A0"
    problems = refused(west_hartford, admin, files.sds(orgs, people))
    assert problems[0][:3] == ("orgs.csv", 3, "name")


@pytest.mark.parametrize(
    ("write", "file", "column"),
    [
        (files.oneroster_11, "users.csv", "enabledUser"),
        (files.oneroster_12, "roles.csv", "roleType"),
        (files.sds, "orgs.csv", "type"),
    ],
)
def test_a_missing_mandatory_column(west_hartford, admin, directory, write, file, column):
    found = write(*directory)
    found[file] = found[file].replace(f"{column},".encode(), b"", 1).replace(f",{column}".encode(), b"", 1)
    problems = refused(west_hartford, admin, found)
    assert (file, 1, column, f"The mandatory column {column} is missing from the header.") in problems


def test_an_unknown_role(west_hartford, admin, directory):
    orgs, people = directory
    people[2].role = "wizard"
    [(file, line, column, message)] = refused(west_hartford, admin, files.sds(orgs, people))
    assert (file, line, column) == ("roles.csv", 4, "role")
    assert "'wizard' is not a role" in message


def test_a_missing_file(west_hartford, admin, directory):
    found = files.oneroster_12(*directory)
    del found["roles.csv"]
    [(file, line, column, message)] = refused(west_hartford, admin, found)
    assert (file, line, column) == ("roles.csv", 0, "")
    assert "roles.csv is missing" in message


def test_a_new_person_with_someone_elses_email(west_hartford, admin, employee, directory):
    orgs, people = directory
    people[2].email = employee.email.upper()
    people[2].id = "t-1"
    employee.directory_id = "someone-else"
    employee.save(update_fields=["directory_id"])
    [(file, line, column, message)] = refused(west_hartford, admin, files.oneroster_12(orgs, people))
    assert (file, line, column) == ("users.csv", 4, "email")
    assert "is also the address of" in message and "someone-else is not in these files" in message


def test_the_problems_of_a_student_row_name_no_student(west_hartford, admin, directory):
    orgs, people = directory
    people[6].orgs = ["nowhere"]  # a student's unknown org is not the import's business
    found = files.oneroster_12(orgs, people)
    staff_import = services.staff_import_preview(district=west_hartford, uploads=files.uploads(found), by=admin)
    assert staff_import.status == "previewed"


def test_a_failed_apply_leaves_the_database_as_it_was(west_hartford, admin, directory, monkeypatch):
    orgs, people = directory
    import_files(west_hartford, admin, files.oneroster_12(orgs, people))
    people[2].family = "Ricci-Jones"
    people.append(files.Person("t-9", "Nina", "New"))
    orgs[1].name = "Hall High"
    staff_import = services.staff_import_preview(
        district=west_hartford, uploads=files.uploads(files.oneroster_12(orgs, people)), by=admin
    )
    before = snapshot(west_hartford)

    def broken(*args, **kwargs):
        raise RuntimeError("the notification table is full")

    monkeypatch.setattr(services.Notification.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        services.staff_import_apply(staff_import=staff_import, by=admin)
    assert snapshot(west_hartford) == before
    staff_import.refresh_from_db()
    assert staff_import.status == "previewed"


def test_an_unknown_or_unfit_supervisor_in_the_portal_csv(west_hartford, admin):
    found = files.portal(
        [
            {
                "staff_id": "1",
                "email": "a@example.org",
                "first_name": "A",
                "last_name": "B",
                "supervisor_staff_id": "99",
            },
            {
                "staff_id": "2",
                "email": "c@example.org",
                "first_name": "C",
                "last_name": "D",
                "supervisor_staff_id": "1",
            },
        ]
    )
    problems = refused(west_hartford, admin, found)
    assert problems == [
        ("staff.csv", 2, "supervisor_staff_id", "The supervisor 99 is neither in the file nor in the portal."),
        ("staff.csv", 3, "supervisor_staff_id", "A B is not a supervisor or principal."),
    ]


def test_a_zip_that_is_not_one(west_hartford, admin):
    [(file, line, column, message)] = refused(west_hartford, admin, {"export.zip": b"PK\x03\x04 truncated"})
    assert (file, line, column) == ("export.zip", 0, "")
    assert "cannot be opened" in message


def test_a_new_person_without_a_name(west_hartford, admin, directory):
    orgs, people = directory
    people[2].given = ""
    [(file, line, column, message)] = refused(west_hartford, admin, files.sds(orgs, people))
    assert (file, line, column) == ("users.csv", 4, "givenName")
    assert "needs a name" in message
