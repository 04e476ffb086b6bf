"""Applying an import: all or nothing, one audit event per person changed and one for the import; matching by
directory id then email; supervisors from the directory, except an administrator's override."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audits.models import AuditEvent
from audits.verification import verify_chain
from policyportal.directory import services
from policyportal.models import Notification, Role, School, User
from tests import factories
from tests.policyportal.directory import files
from tests.policyportal.directory.conftest import import_files, person, snapshot


def events_since(district, before: int) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(district=district).order_by("sequence")[before:])


def test_one_event_per_person_and_school_and_one_for_the_import(west_hartford, admin, directory):
    before = AuditEvent.objects.filter(district=west_hartford).count()
    staff_import = import_files(west_hartford, admin, files.oneroster_12(*directory))
    actions = [event.action for event in events_since(west_hartford, before)]
    assert actions.count("school.created") == 2
    assert actions.count("user.imported") == 6
    assert actions[-1] == "staff.imported"
    assert len(actions) == 9
    imported = AuditEvent.objects.get(action="staff.imported")
    assert imported.actor_id == admin.pk and imported.target_id == str(staff_import.pk)
    assert imported.payload["created"] == 6 and imported.payload["format"] == "oneroster-1.2"
    teacher = AuditEvent.objects.get(action="user.imported", target_label="Tom Ricci")
    assert teacher.actor_id == admin.pk
    assert teacher.payload["supervisor"] == "David Okafor" and teacher.payload["school"] == "Hall High School"
    assert Notification.objects.filter(recipient__directory_id="t-1", kind="welcome").count() == 1
    assert verify_chain(west_hartford.pk).intact, "the batch of events links into the chain"


def test_importing_the_same_files_again_changes_nothing_and_records_only_the_import(west_hartford, admin, directory):
    found = files.oneroster_11(*directory)
    import_files(west_hartford, admin, found)
    before = snapshot(west_hartford)
    again = import_files(west_hartford, admin, found)
    after = snapshot(west_hartford)
    assert again.counts["unchanged"] == 6 and again.counts["applied"]["created"] == 0
    assert again.counts["applied"]["updated"] == 0
    assert [e.action for e in events_since(west_hartford, before["events"])] == ["staff.imported"]
    assert {**after, "events": 0} == {**before, "events": 0}


def test_changes_are_applied_field_by_field_and_recorded(west_hartford, admin, directory):
    orgs, people = directory
    import_files(west_hartford, admin, files.oneroster_12(orgs, people))
    people[2].family = "Ricci-Jones"
    people[2].orgs = ["kp"]
    orgs[1].name = "Hall High School (West Hartford)"
    before = AuditEvent.objects.filter(district=west_hartford).count()
    staff_import = services.staff_import_preview(
        district=west_hartford, uploads=files.uploads(files.oneroster_12(orgs, people)), by=admin
    )
    [changed] = staff_import.plan["changed"]
    assert changed["changes"] == {
        "last_name": ["Ricci", "Ricci-Jones"],
        "school": ["Hall High School (West Hartford)", "King Philip Middle School"],
        "schools": ["Hall High School (West Hartford)", "King Philip Middle School"],
        "supervisor": ["David Okafor", "Sarah Lindqvist"],
    }
    assert staff_import.plan["schools"]["updated"][0]["changes"] == {
        "name": ["Hall High School", "Hall High School (West Hartford)"]
    }
    services.staff_import_apply(staff_import=staff_import, by=admin)
    teacher = person(west_hartford, "t-1")
    assert teacher.last_name == "Ricci-Jones" and teacher.school.directory_id == "kp"
    assert teacher.supervisor == person(west_hartford, "p-kp")
    assert list(teacher.schools.values_list("directory_id", flat=True)) == ["kp"]
    assert School.objects.get(directory_id="hall").name == "Hall High School (West Hartford)"
    actions = [(e.action, e.target_label) for e in events_since(west_hartford, before)]
    assert actions == [
        ("school.updated", "Hall High School (West Hartford)"),
        ("user.updated", "Tom Ricci"),
        ("staff.imported", f"Staff import {staff_import.pk} (OneRoster 1.2 CSV)"),
    ]


def test_people_are_matched_by_directory_id_then_by_email(west_hartford, admin, directory):
    orgs, people = directory
    known = factories.user(
        district=west_hartford, email="TOM.RICCI@whps.example.org", first_name="Thomas", last_name="Ricci"
    )
    linked = factories.user(district=west_hartford, email="old@example.org", first_name="Priya", last_name="Natarajan")
    linked.directory_id = "t-2"
    linked.save(update_fields=["directory_id"])
    staff_import = import_files(west_hartford, admin, files.sds(orgs, people))
    assert staff_import.counts["applied"]["created"] == 4
    known.refresh_from_db()
    assert known.directory_id == "t-1" and known.first_name == "Tom", "matched by email, case ignored"
    linked.refresh_from_db()
    assert linked.email == "priya.natarajan@whps.example.org", "matched by id, the email follows the directory"
    assert User.objects.filter(district=west_hartford, email__iexact="tom.ricci@whps.example.org").count() == 1


def test_an_email_match_is_only_within_the_district(west_hartford, region_14, admin, directory):
    elsewhere = factories.user(district=region_14, email="tom.ricci@whps.example.org")
    import_files(west_hartford, admin, files.sds(*directory))
    elsewhere.refresh_from_db()
    assert elsewhere.directory_id == "" and elsewhere.district == region_14
    assert person(west_hartford, "t-1").username != elsewhere.username, "usernames stay unique"


def test_a_schools_principal_supervises_its_staff_by_default(west_hartford, admin, directory):
    import_files(west_hartford, admin, files.oneroster_12(*directory))
    hall, kp = person(west_hartford, "p-hall"), person(west_hartford, "p-kp")
    assert person(west_hartford, "t-1").supervisor == hall
    assert person(west_hartford, "t-3").supervisor == kp
    assert person(west_hartford, "c-1").supervisor == kp, "the main school's principal"
    assert hall.supervisor is None, "nobody in the files supervises a principal"


def test_oneroster_11_falls_back_on_the_schools_only_administrator(west_hartford, admin, directory):
    import_files(west_hartford, admin, files.oneroster_11(*directory))  # 1.1 has no principal role
    assert person(west_hartford, "t-1").supervisor == person(west_hartford, "p-hall")


def test_an_administrators_override_is_kept_and_shown(west_hartford, admin, supervisor, directory):
    orgs, people = directory
    import_files(west_hartford, admin, files.oneroster_12(orgs, people))
    teacher = person(west_hartford, "t-1")
    teacher.supervisor, teacher.supervisor_overridden = supervisor, True
    teacher.save(update_fields=["supervisor", "supervisor_overridden"])
    people[2].family = "Ricci-Jones"
    staff_import = services.staff_import_preview(
        district=west_hartford, uploads=files.uploads(files.oneroster_12(orgs, people)), by=admin
    )
    assert staff_import.plan["overridden"] == [
        {"id": teacher.pk, "name": "Tom Ricci", "kept": supervisor.display_name, "directory": "David Okafor"}
    ]
    assert "supervisor" not in staff_import.plan["changed"][0]["changes"]
    services.staff_import_apply(staff_import=staff_import, by=admin)
    teacher.refresh_from_db()
    assert teacher.supervisor == supervisor and teacher.supervisor_overridden
    assert teacher.last_name == "Ricci-Jones"


def test_the_directory_never_makes_or_unmakes_a_district_administrator(west_hartford, admin, directory):
    orgs, people = directory
    people.append(files.Person("da-1", "Dana", "Admin", "districtAdministrator", ["whps"]))
    admin.directory_id = "t-2"
    admin.save(update_fields=["directory_id"])
    import_files(west_hartford, admin, files.oneroster_12(orgs, people))
    admin.refresh_from_db()
    assert admin.role == Role.DISTRICT_ADMIN, "a teacher in the directory stays an administrator here"
    dana = person(west_hartford, "da-1")
    assert dana.role == Role.SUPERVISOR and dana.school is None


def test_a_plan_that_changed_since_the_preview_is_shown_again(west_hartford, admin, directory):
    staff_import = services.staff_import_preview(
        district=west_hartford, uploads=files.uploads(files.oneroster_12(*directory)), by=admin
    )
    factories.user(district=west_hartford, email="tom.ricci@whps.example.org", first_name="T", last_name="R")
    before = snapshot(west_hartford)
    with pytest.raises(services.StalePreview) as stale:
        services.staff_import_apply(staff_import=staff_import, by=admin)
    assert snapshot(west_hartford) == before
    staff_import.refresh_from_db()
    assert staff_import.status == "previewed" and stale.value.staff_import.pk == staff_import.pk
    assert staff_import.counts["new"] == 5 and staff_import.counts["changed"] == 1
    services.staff_import_apply(staff_import=staff_import, by=admin, digest=staff_import.plan_digest)
    with pytest.raises(ValidationError, match="nothing to apply"):
        services.staff_import_apply(staff_import=staff_import, by=admin)


def test_a_page_showing_an_older_plan_is_refused(west_hartford, admin, directory):
    staff_import = services.staff_import_preview(
        district=west_hartford, uploads=files.uploads(files.oneroster_12(*directory)), by=admin
    )
    with pytest.raises(services.StalePreview):
        services.staff_import_apply(staff_import=staff_import, by=admin, digest="0" * 64)


def test_a_discarded_import_cannot_be_applied(west_hartford, admin, directory):
    staff_import = services.staff_import_preview(
        district=west_hartford, uploads=files.uploads(files.oneroster_12(*directory)), by=admin
    )
    assert services.staff_import_discard(staff_import=staff_import, by=admin)
    assert not services.staff_import_discard(staff_import=staff_import, by=admin)
    with pytest.raises(ValidationError):
        services.staff_import_apply(staff_import=staff_import, by=admin)
    assert AuditEvent.objects.filter(action="staff.import_discarded").count() == 1


def test_only_the_districts_administrators_import(west_hartford, region_14, admin, supervisor, employee, directory):
    found = files.uploads(files.oneroster_12(*directory))
    r14_admin = factories.user(district=region_14, role=Role.DISTRICT_ADMIN)
    for by in (supervisor, employee, r14_admin):
        with pytest.raises(PermissionDenied):
            services.staff_import_preview(district=west_hartford, uploads=found, by=by)
    staff_import = services.staff_import_preview(district=west_hartford, uploads=found, by=admin)
    with pytest.raises(PermissionDenied):
        services.staff_import_apply(staff_import=staff_import, by=r14_admin)
    assert not User.objects.filter(directory_id="t-1").exists()


def test_an_existing_school_is_linked_by_name_not_doubled(west_hartford, admin, directory):
    hall = factories.school(district=west_hartford, name="hall high school")
    staff_import = import_files(west_hartford, admin, files.oneroster_12(*directory))
    hall.refresh_from_db()
    assert (hall.directory_id, hall.name) == ("hall", "Hall High School")
    assert School.objects.filter(district=west_hartford).count() == 2
    assert staff_import.counts["applied"]["schools_updated"] == 1
    assert person(west_hartford, "t-1").school == hall
