"""manage.py staff_import: a preview that changes nothing, --apply, --confirm-leavers, and its exit codes."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from policyportal.directory import services
from policyportal.models import StaffImport, User
from tests import factories
from tests.policyportal.directory import files
from tests.policyportal.directory.conftest import person, snapshot
from tests.policyportal.directory.test_leavers import needs_deactivation


def written(folder: Path, found: dict[str, bytes]) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in found.items():
        (folder / name).write_bytes(content)
    return [str(folder / name) for name in found]


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("staff_import", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_preview_changes_nothing(west_hartford, admin, directory, tmp_path):
    paths = written(tmp_path, files.oneroster_12(*directory))
    before = snapshot(west_hartford)
    out, _ = run("--district", "west-hartford", *paths)
    assert "New: 6" in out and "new: Tom Ricci <tom.ricci@whps.example.org>, Employee, Hall High School" in out
    assert "Nothing was changed" in out
    assert snapshot(west_hartford) == before
    assert not StaffImport.objects.exists()


def test_apply_then_confirm_leavers(west_hartford, admin, directory, tmp_path):
    orgs, people = directory
    west_hartford.staff_sync_leaver_limit_percent = 50
    west_hartford.save(update_fields=["staff_sync_leaver_limit_percent"])
    zip_path = tmp_path / "oneroster.zip"
    zip_path.write_bytes(files.zipped(files.oneroster_12(orgs, people)))
    out, _ = run("--district", "west-hartford", str(zip_path), "--apply")
    assert "Applied" in out and "6 people added" in out
    assert person(west_hartford, "t-1").supervisor == person(west_hartford, "p-hall")
    assert StaffImport.objects.get().source == "command"

    zip_path.write_bytes(files.zipped(files.oneroster_12(orgs, [p for p in people if p.id != "t-2"])))
    out, _ = run("--district", "west-hartford", str(zip_path), "--apply")
    assert "leaving: Priya Natarajan" in out and "1 person leaving keeps their account" in out
    assert person(west_hartford, "t-2").is_active


@needs_deactivation
def test_confirm_leavers_closes_them(west_hartford, admin, directory, tmp_path):
    orgs, people = directory
    west_hartford.staff_sync_leaver_limit_percent = 50
    west_hartford.save(update_fields=["staff_sync_leaver_limit_percent"])
    run("--district", "west-hartford", *written(tmp_path / "a", files.sds(orgs, people)), "--apply")
    paths = written(tmp_path / "b", files.sds(orgs, [p for p in people if p.id != "t-2"]))
    out, _ = run("--district", "west-hartford", *paths, "--apply", "--confirm-leavers")
    assert "1 accounts closed" in out
    assert not person(west_hartford, "t-2").is_active


def test_a_file_with_problems_exits_1_and_changes_nothing(west_hartford, admin, directory, tmp_path):
    orgs, people = directory
    people[2].id = ""
    paths = written(tmp_path, files.oneroster_11(orgs, people))
    before = snapshot(west_hartford)
    for extra in ([], ["--apply"]):
        with pytest.raises(CommandError) as refused:
            run("--district", "west-hartford", *paths, *extra)
        assert refused.value.returncode == 1
    assert {**snapshot(west_hartford), "events": 0} == {**before, "events": 0}
    assert not User.objects.filter(directory_id="t-2").exists()


def test_too_many_leavers_exit_3_and_change_nothing(west_hartford, admin, directory, tmp_path):
    orgs, people = directory
    run("--district", "west-hartford", *written(tmp_path / "a", files.oneroster_12(orgs, people)), "--apply")
    people.append(files.Person("t-9", "Nina", "New"))
    paths = written(tmp_path / "b", files.oneroster_12(orgs, people[:3] + people[-1:]))
    before = snapshot(west_hartford)
    with pytest.raises(CommandError, match="Stopped: 3 of 7 open accounts would close") as stopped:
        run("--district", "west-hartford", *paths, "--apply")
    assert stopped.value.returncode == 3
    assert {**snapshot(west_hartford), "events": 0} == {**before, "events": 0}
    run("--district", "west-hartford", *paths, "--apply", "--confirm-over-limit")
    assert person(west_hartford, "t-9").is_active


def test_bad_arguments_exit_2(west_hartford, tmp_path):
    with pytest.raises(CommandError) as unknown:
        run("--district", "atlantis", str(tmp_path))
    assert unknown.value.returncode == 2
    with pytest.raises(CommandError) as missing:
        run("--district", "west-hartford", str(tmp_path / "nowhere.csv"))
    assert missing.value.returncode == 2
    with pytest.raises(CommandError) as lone:
        run("--district", "west-hartford", str(tmp_path), "--confirm-leavers")
    assert lone.value.returncode == 2


def test_a_district_changed_between_preview_and_apply_exits_1_and_applies_nothing(
    west_hartford, admin, directory, tmp_path, monkeypatch
):
    """Another administrator adds someone the file also brings while the command runs: the plan it previewed
    no longer holds, so it stops with a message, not a traceback."""
    paths = written(tmp_path, files.oneroster_12(*directory))
    previewed = services.staff_import_preview

    def preview_then_someone_acts(**options):
        stored = previewed(**options)
        factories.user(district=west_hartford, email="tom.ricci@whps.example.org", first_name="Tom")
        return stored

    monkeypatch.setattr(services, "staff_import_preview", preview_then_someone_acts)
    with pytest.raises(CommandError) as refused:
        run("--district", "west-hartford", *paths, "--apply")
    assert refused.value.returncode == 1 and "Nothing was changed" in str(refused.value)
    assert not User.objects.filter(directory_id__startswith="t-").exists()
