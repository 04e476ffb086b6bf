"""The end of a contract: `district_export` writes everything of one district with a manifest whose hashes and
counts hold, and `district_delete` removes that district completely, its audit chain included, leaving the other
district's rows, files and chain as they were."""

import csv
import hashlib
import io
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection

from audits.models import AuditEvent
from audits.recorder import record
from audits.verification import verify_chain
from policyportal.models import District, User
from policyportal.records import district_scope
from policyportal.records.models import LegalHold
from sites import services as site_services
from sites.models import Evidence, Site, SiteReview
from tests.audits.test_database_roles import runtime_role  # noqa: F401 (a fixture, by name below)

PDF = b"%PDF-1.7\nevidence of %s\n"


def attach_evidence(district: District) -> Evidence:
    site = Site.objects.filter(district=district).order_by("pk").first()
    review = SiteReview.objects.filter(site=site, completed_at__isnull=True).first()
    if review is None:
        review = site_services.review_start(site=site, by=site.supervisor)
    upload = SimpleUploadedFile("shot.pdf", PDF.replace(b"%s", district.slug.encode()), content_type="application/pdf")
    return site_services.evidence_attach(answer=review.answers.first(), by=review.reviewer, upload=upload)


@pytest.fixture
def districts(postgres, settings, tmp_path):
    """Both demo districts, each with a site, reviews, violations, audit events and one evidence file."""
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", stdout=io.StringIO())
    west_hartford, region_14 = District.objects.get(slug="west-hartford"), District.objects.get(slug="region-14")
    return west_hartford, region_14, attach_evidence(west_hartford), attach_evidence(region_14)


def district_delete(slug: str, **options) -> str:
    out = io.StringIO()
    call_command("district_delete", slug, stdout=out, **options)
    return out.getvalue()


def test_district_delete_removes_one_district_and_leaves_the_other_intact(
    districts, django_capture_on_commit_callbacks, settings
):
    west_hartford, region_14, gone, kept = districts
    assert SiteReview.objects.filter(district=west_hartford).exists()
    assert AuditEvent.objects.filter(district=west_hartford, action__startswith="violation.").exists()
    other_rows = district_scope.row_counts(region_14.pk)
    other_head = district_scope.chain_head(region_14.pk)
    head = district_scope.chain_head(west_hartford.pk)
    media = Path(settings.MEDIA_ROOT)

    with django_capture_on_commit_callbacks(execute=True):
        certificate = district_delete("west-hartford", confirm="west-hartford")

    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # every foreign key checked now, as at the commit
    for table in district_scope.tables():
        assert not table.rows(west_hartford.pk).exists(), table.label
    assert not District.objects.filter(pk=west_hartford.pk).exists()
    assert not AuditEvent.objects.filter(district_id=west_hartford.pk).exists()
    assert not (media / gone.file.name).exists()
    assert (media / kept.file.name).read_bytes() == PDF.replace(b"%s", b"region-14")
    assert district_scope.row_counts(region_14.pk) == other_rows
    assert district_scope.chain_head(region_14.pk) == other_head
    assert verify_chain(region_14.pk).intact
    call_command("verify_audit_chain", stdout=io.StringIO())
    assert "West Hartford" in certificate and "slug west-hartford" in certificate
    assert f"last sequence {head['sequence']}, hash {head['hash']}" in certificate
    assert f"Stored files removed: 1\n  {gone.file.name}" in certificate
    assert "policyportal.User: " in certificate and "audits.AuditEvent: " in certificate
    with connection.cursor() as cursor:  # the trail is append-only again
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audits_auditevent'::regclass "
            "AND NOT tgisinternal AND tgenabled = 'O' ORDER BY tgname"
        )
        assert cursor.fetchall() == [("audits_no_truncate",), ("audits_no_update_delete",)]


def test_district_export_writes_every_table_and_file_with_a_manifest_that_holds(districts, tmp_path):
    west_hartford, _, evidence, other = districts
    out = tmp_path / "export"
    call_command("district_export", "west-hartford", out=out, stdout=io.StringIO())

    manifest = json.loads((out / "manifest.json").read_text())
    listed = {entry["path"]: entry for entry in manifest["files"]}
    on_disk = {str(path.relative_to(out)) for path in out.rglob("*") if path.is_file()} - {"manifest.json"}
    assert set(listed) == on_disk
    for path, entry in listed.items():
        content = (out / path).read_bytes()
        assert entry["size"] == len(content) and entry["sha256"] == hashlib.sha256(content).hexdigest()
    expected = district_scope.row_counts(west_hartford.pk)
    assert {label: table["rows"] for label, table in manifest["tables"].items()} == expected
    for label, table in manifest["tables"].items():
        with (out / table["file"]).open(newline="", encoding="utf-8") as handle:
            assert len(list(csv.reader(handle))) - 1 == expected[label], label
    assert expected["audits.AuditEvent"] > 0 and expected["groupsites.Evidence"] == 1
    assert (out / "files" / evidence.file.name).read_bytes() == PDF.replace(b"%s", b"west-hartford")
    assert not (out / "files" / other.file.name).exists()
    assert manifest["audit_chain_head"] == {
        **district_scope.chain_head(west_hartford.pk),
        "occurred_at": manifest["audit_chain_head"]["occurred_at"],
    }
    with (out / manifest["tables"]["policyportal.User"]["file"]).open(encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    assert "username" in header and "password" not in header


def test_district_export_refuses_an_unknown_slug_and_a_folder_with_files_in_it(west_hartford, tmp_path):
    with pytest.raises(CommandError, match="No district with the slug 'nowhere'"):
        call_command("district_export", "nowhere", out=tmp_path / "out")
    assert not (tmp_path / "out").exists()
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "notes.txt").write_text("kept")
    with pytest.raises(CommandError, match="is not an empty folder"):
        call_command("district_export", "west-hartford", out=tmp_path / "used")
    assert [path.name for path in (tmp_path / "used").iterdir()] == ["notes.txt"]


@pytest.fixture
def counted(postgres, west_hartford, admin, employee):
    """What must still be there after a refusal."""
    return lambda: (District.objects.count(), User.objects.count(), AuditEvent.objects.count())


def test_a_wrong_confirmation_deletes_nothing(counted, monkeypatch):
    before = counted()
    with pytest.raises(CommandError, match="is not 'west-hartford': nothing was deleted"):
        district_delete("west-hartford", confirm="region-14")
    monkeypatch.setattr("builtins.input", lambda prompt: "west_hartford")
    with pytest.raises(CommandError, match="nothing was deleted"):
        district_delete("west-hartford")
    assert counted() == before


def test_the_typed_slug_confirms(counted, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr("builtins.input", lambda prompt: "west-hartford\n")
    with django_capture_on_commit_callbacks(execute=True):
        assert "DELETION CERTIFICATE" in district_delete("west-hartford")
    assert not District.objects.filter(slug="west-hartford").exists()


def test_a_standing_hold_refuses_and_a_lifted_one_does_not(counted, west_hartford, admin):
    hold = LegalHold.objects.create(district=west_hartford, reason="Case 26-114", person=admin, placed_by=admin)
    before = counted()
    with pytest.raises(CommandError, match="1 standing legal hold: nothing was deleted"):
        district_delete("west-hartford", confirm="west-hartford")
    assert counted() == before
    LegalHold.objects.filter(pk=hold.pk).update(lifted_at=hold.placed_at, lifted_by=admin)
    district_delete("west-hartford", confirm="west-hartford")
    assert not District.objects.filter(slug="west-hartford").exists()


def test_an_unknown_slug_is_refused(counted):
    before = counted()
    with pytest.raises(CommandError, match="No district with the slug 'nowhere': nothing was deleted"):
        district_delete("nowhere", confirm="nowhere")
    assert counted() == before


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("runtime_role")
def test_the_portals_own_role_cannot_delete_the_chain_and_the_owner_configured_for_migrate_can(
    request, settings, west_hartford, region_14, admin, r14_admin
):
    owner = {**connection.settings_dict}
    connection.close()
    connection.settings_dict = request.getfixturevalue("runtime_role")
    try:
        settings.MIGRATION_DATABASE = None
        with pytest.raises(CommandError, match="may not lift the audit trail's triggers"):
            district_delete("west-hartford", confirm="west-hartford")
        assert AuditEvent.objects.filter(district=west_hartford).exists()

        settings.MIGRATION_DATABASE = owner
        district_delete("west-hartford", confirm="west-hartford")
        assert not District.objects.filter(slug="west-hartford").exists()
        assert not AuditEvent.objects.filter(district_id=west_hartford.pk).exists()
        assert verify_chain(region_14.pk).intact
    finally:
        connection.close()
        connection.settings_dict = owner


def test_rows_of_another_district_pointing_at_its_people_refuse_the_delete(counted, admin, region_14):
    """Another district's chain naming one of its people as actor: deleting would break that chain's rows."""
    record(action="district.settings_changed", actor=admin, district=region_14, target=region_14)
    before = counted()
    with pytest.raises(CommandError, match=r"Rows outside .* point at its rows .*audits.AuditEvent.actor"):
        district_delete("west-hartford", confirm="west-hartford")
    assert counted() == before


@pytest.mark.parametrize("name", ["/etc/passwd", "evidence/../../secrets", ".."])
def test_a_stored_file_name_that_would_climb_out_is_refused(name):
    with pytest.raises(ValueError, match="Refusing the stored file name"):
        district_scope.safe_file_path(name)
    assert district_scope.safe_file_path("evidence/2026/shot.pdf").parts == ("evidence", "2026", "shot.pdf")
