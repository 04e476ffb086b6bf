"""The nightly sync of STAFF_SYNC_DIR/<district slug>/: applies what needs no confirmation, tells the
administrators, reads the same files once, and a broken file changes nothing and says why."""

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured

from policyportal import environment, tasks
from policyportal.directory import sync
from policyportal.models import Notification, StaffImport
from tests.policyportal.directory import files
from tests.policyportal.directory.conftest import person, snapshot


@pytest.fixture
def sync_dir(settings, tmp_path):
    settings.STAFF_SYNC_DIR = str(tmp_path)
    return tmp_path


def drop(folder, found: dict[str, bytes]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    for name, content in found.items():
        (folder / name).write_bytes(content)


def nightly(callbacks) -> int:
    with callbacks(execute=True):
        return tasks.sync_staff_from_directories.delay().get()


def test_the_nightly_sync_applies_and_tells_the_administrators(
    west_hartford, admin, sync_dir, directory, django_capture_on_commit_callbacks
):
    drop(sync_dir / "west-hartford", {"oneroster.zip": files.zipped(files.oneroster_12(*directory))})
    assert nightly(django_capture_on_commit_callbacks) == 1
    staff_import = StaffImport.objects.get()
    assert (staff_import.source, staff_import.status, staff_import.uploaded_by) == ("scheduled", "applied", None)
    assert person(west_hartford, "t-1").supervisor == person(west_hartford, "p-hall")
    note = Notification.objects.get(recipient=admin, kind="staff.sync")
    assert note.title == "Nightly staff sync: 6 new, 0 changed"
    assert note.link == f"/people/import/{staff_import.pk}/result"
    assert [message.to for message in mail.outbox] == [[admin.email]]


def test_the_same_files_are_read_once(west_hartford, admin, sync_dir, directory, django_capture_on_commit_callbacks):
    drop(sync_dir / "west-hartford", files.oneroster_12(*directory))
    nightly(django_capture_on_commit_callbacks)
    before = snapshot(west_hartford)
    assert sync.staff_sync(district_id=west_hartford.pk) == "already read"
    assert snapshot(west_hartford) == before and StaffImport.objects.count() == 1


def test_changed_files_with_leavers_wait_for_an_administrator(
    west_hartford, admin, sync_dir, directory, django_capture_on_commit_callbacks
):
    orgs, people = directory
    west_hartford.staff_sync_leaver_limit_percent = 50
    west_hartford.save(update_fields=["staff_sync_leaver_limit_percent"])
    drop(sync_dir / "west-hartford", files.sds(orgs, people))
    nightly(django_capture_on_commit_callbacks)
    people[3].family = "Natarajan-Lee"
    drop(sync_dir / "west-hartford", files.sds(orgs, [p for p in people if p.id != "t-3"]))
    nightly(django_capture_on_commit_callbacks)
    assert person(west_hartford, "t-2").last_name == "Natarajan-Lee"
    assert person(west_hartford, "t-3").is_active, "leavers wait for an administrator"
    follow_up = StaffImport.objects.get(status="previewed")
    note = Notification.objects.filter(recipient=admin, kind="staff.sync").first()
    assert note.title == "Nightly staff sync: 0 new, 1 changed, 1 leaving"
    assert note.link == f"/people/import/{follow_up.pk}/"


def test_a_broken_file_changes_nothing_and_says_why(
    west_hartford, admin, sync_dir, directory, django_capture_on_commit_callbacks
):
    orgs, people = directory
    people[2].given = "=1+1"
    drop(sync_dir / "west-hartford", files.oneroster_11(orgs, people))
    before = snapshot(west_hartford)
    nightly(django_capture_on_commit_callbacks)
    assert {**snapshot(west_hartford), "events": 0} == {**before, "events": 0}
    assert StaffImport.objects.get().status == "refused"
    note = Notification.objects.get(recipient=admin, kind="staff.sync")
    assert note.title == "The nightly staff sync could not use the files (1 problem)"
    assert "users.csv, line 4, column givenName: The cell starts like a spreadsheet formula" in note.body
    assert "Nothing was changed" in note.body
    assert len(mail.outbox) == 1
    assert sync.staff_sync(district_id=west_hartford.pk) == "already read", "nor is it said again every night"


def test_too_many_leavers_stop_the_nightly_sync(
    west_hartford, admin, sync_dir, directory, django_capture_on_commit_callbacks
):
    orgs, people = directory
    drop(sync_dir / "west-hartford", files.oneroster_12(orgs, people))
    nightly(django_capture_on_commit_callbacks)
    people.append(files.Person("t-9", "Nina", "New"))
    drop(sync_dir / "west-hartford", files.oneroster_12(orgs, people[:2] + people[-1:]))
    before = snapshot(west_hartford)
    nightly(django_capture_on_commit_callbacks)
    assert {**snapshot(west_hartford), "events": 0} == {**before, "events": 0}
    stopped = StaffImport.objects.filter(status="previewed").get()
    note = Notification.objects.filter(recipient=admin, kind="staff.sync").first()
    assert note.title == "The nightly staff sync stopped: it would close 4 of 7 accounts"
    assert note.link == f"/people/import/{stopped.pk}/"


def test_no_folder_no_sync(west_hartford, settings, tmp_path):
    settings.STAFF_SYNC_DIR = ""
    assert tasks.sync_staff_from_directories.delay().get() == 0
    settings.STAFF_SYNC_DIR = str(tmp_path)
    assert tasks.sync_staff_from_directories.delay().get() == 0, "no district has a folder"
    (tmp_path / "west-hartford").mkdir()
    assert sync.staff_sync(district_id=west_hartford.pk) == "no files"


def test_staff_sync_dir_must_be_absolute(monkeypatch):
    monkeypatch.setenv("STAFF_SYNC_DIR", "var/sftp")
    with pytest.raises(ImproperlyConfigured, match="STAFF_SYNC_DIR='var/sftp' is not an absolute path"):
        environment.get_absolute_path("STAFF_SYNC_DIR")
    monkeypatch.setenv("STAFF_SYNC_DIR", "/srv/sftp")
    assert environment.get_absolute_path("STAFF_SYNC_DIR") == "/srv/sftp"
