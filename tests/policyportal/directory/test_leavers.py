"""People missing from a full sync leave only once an administrator confirms; a sync that would close more than
the district's share of accounts stops and asks."""

import importlib

import pytest
from django.core.exceptions import ValidationError

from audits.models import AuditEvent
from policyportal.directory import services
from policyportal.models import StaffImport
from tests.policyportal.directory import files
from tests.policyportal.directory.conftest import import_files, person, snapshot


def _person_deactivate_exists() -> bool:
    try:
        return hasattr(importlib.import_module("policyportal.services.people"), "person_deactivate")
    except ImportError:
        return False


needs_deactivation = pytest.mark.skipif(
    not _person_deactivate_exists(),
    reason="policyportal.services.people.person_deactivate (the people engineer's, issue 14) has not landed yet",
)


@pytest.fixture
def imported(west_hartford, admin, directory):
    """The directory's six staff in the portal, beside the district's administrator: seven open accounts."""
    import_files(west_hartford, admin, files.oneroster_12(*directory))
    west_hartford.staff_sync_leaver_limit_percent = 20
    west_hartford.save(update_fields=["staff_sync_leaver_limit_percent"])
    return directory


def without(people, *ids):
    return [p for p in people if p.id not in ids]


def preview(district, by, found, **options):
    return services.staff_import_preview(district=district, uploads=files.uploads(found), by=by, **options)


def test_a_leaver_is_listed_and_waits_for_confirmation(west_hartford, admin, imported):
    orgs, people = imported
    people.append(files.Person("t-9", "Nina", "New"))
    staff_import = preview(west_hartford, admin, files.oneroster_12(orgs, without(people, "t-3")))
    assert [p["name"] for p in staff_import.plan["leaving"]] == ["Elena Morales"]
    assert staff_import.plan["limit"] == {"percent": 20, "active": 7, "leaving": 1, "over": False}
    applied = services.staff_import_apply(staff_import=staff_import, by=admin)
    assert person(west_hartford, "t-3").is_active, "nobody is closed without confirmation"
    assert person(west_hartford, "t-9").is_active
    assert applied.counts["applied"]["leavers_waiting"] == 1
    follow_up = StaffImport.objects.get(follows=applied)
    assert follow_up.status == "previewed"
    assert (follow_up.counts["new"], follow_up.counts["changed"], follow_up.counts["leaving"]) == (0, 0, 1)


@needs_deactivation
def test_confirmed_leavers_are_closed_and_their_people_handed_on(west_hartford, admin, imported):
    orgs, people = imported
    staff_import = preview(west_hartford, admin, files.oneroster_12(orgs, without(people, "p-kp")))
    services.staff_import_apply(staff_import=staff_import, by=admin, confirm_leavers=True)
    principal = person(west_hartford, "p-kp")
    assert not principal.is_active
    for directory_id in ("t-3", "c-1"):
        supervisor = person(west_hartford, directory_id).supervisor
        assert supervisor is not None and supervisor.is_active and supervisor != principal
    assert AuditEvent.objects.filter(action="user.deactivated", target_id=str(principal.pk)).exists()
    imported_event = AuditEvent.objects.filter(action="staff.imported").latest("sequence")
    assert imported_event.payload["closed"] == 1


@needs_deactivation
def test_a_waiting_leaver_is_closed_from_the_follow_up(west_hartford, admin, imported):
    orgs, people = imported
    applied = services.staff_import_apply(
        staff_import=preview(west_hartford, admin, files.oneroster_12(orgs, without(people, "t-3"))), by=admin
    )
    follow_up = StaffImport.objects.get(follows=applied)
    services.staff_import_apply(staff_import=follow_up, by=admin, confirm_leavers=True)
    assert not person(west_hartford, "t-3").is_active
    again = preview(west_hartford, admin, files.oneroster_12(orgs, without(people, "t-3")))
    assert again.counts["leaving"] == 0 and again.counts["unchanged"] == 5


def test_more_leavers_than_the_districts_share_stop_the_sync(west_hartford, admin, imported):
    orgs, people = imported
    west_hartford.staff_sync_leaver_limit_percent = 10
    west_hartford.save(update_fields=["staff_sync_leaver_limit_percent"])
    people.append(files.Person("t-9", "Nina", "New"))
    staff_import = preview(west_hartford, admin, files.oneroster_12(orgs, without(people, "t-1", "t-2")))
    assert staff_import.plan["limit"] == {"percent": 10, "active": 7, "leaving": 2, "over": True}
    before = snapshot(west_hartford)
    with pytest.raises(ValidationError, match="would close 2 of 7 open accounts, more than the district's 10%"):
        services.staff_import_apply(staff_import=staff_import, by=admin, confirm_leavers=True)
    assert snapshot(west_hartford) == before, "nothing at all is applied: not even the new person"
    services.staff_import_apply(staff_import=staff_import, by=admin, confirm_over_limit=True)
    assert person(west_hartford, "t-9").is_active and person(west_hartford, "t-1").is_active


def test_exactly_the_share_is_not_over_it(west_hartford, admin, imported):
    orgs, people = imported
    west_hartford.staff_sync_leaver_limit_percent = 15
    west_hartford.save(update_fields=["staff_sync_leaver_limit_percent"])
    staff_import = preview(west_hartford, admin, files.oneroster_12(orgs, without(people, "t-1")))
    assert not staff_import.plan["limit"]["over"], "1 of 7 is 14.3%"


def test_a_partial_sync_has_no_leavers_but_those_it_marks(west_hartford, admin, imported):
    orgs, people = imported
    partial = preview(west_hartford, admin, files.oneroster_12(orgs, people[:2]), full=False)
    assert partial.counts["leaving"] == 0
    people[2].enabled = "false"
    marked = preview(west_hartford, admin, files.oneroster_11(orgs, people[:3]), full=False)
    assert [p["name"] for p in marked.plan["leaving"]] == ["Tom Ricci"]


def test_people_without_a_directory_id_never_leave(west_hartford, admin, supervisor, imported):
    orgs, people = imported
    staff_import = preview(west_hartford, admin, files.oneroster_12(orgs, people))
    assert staff_import.counts["leaving"] == 0 and staff_import.counts["unchanged"] == 6


def test_a_closed_account_still_in_the_directory_is_not_reopened(west_hartford, admin, imported):
    orgs, people = imported
    teacher = person(west_hartford, "t-1")
    teacher.is_active = False
    teacher.save(update_fields=["is_active"])
    people[2].family = "Changed"
    staff_import = import_files(west_hartford, admin, files.oneroster_12(orgs, people))
    assert staff_import.counts["closed"] == 1 and staff_import.counts["new"] == 0
    teacher.refresh_from_db()
    assert not teacher.is_active and teacher.last_name == "Ricci"
