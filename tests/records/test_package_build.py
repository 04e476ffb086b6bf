"""A records-request package, built by its Celery task (eagerly, as tests run tasks): the ZIP holds the chosen
site's file, records, evidence and audit events and nothing of another site, and its manifest proves each file."""

import csv
import datetime
import hashlib
import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from audits import tasks
from audits.models import AuditEvent
from audits.reports.records_package import contents, services
from policyportal.records import disposal
from policyportal.records.package_models import PackageStatus, RecordsPackage
from policyportal.records.registry import kinds
from sites import services as site_services
from sites.models import Evidence, SiteReview
from tests import factories
from tests.records.disposal_support import approve_and_run, schedule, started_long_ago, waiting_batch
from tests.sites.test_reviews import png_bytes


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def reviewed_site(employee, supervisor, media):
    """The employee's active site, reviewed by the supervisor with a screenshot attached to one item."""
    site = factories.active_site(requester=employee)
    review = site_services.review_start(site=site, by=supervisor)
    answer = review.answers.get(clause_id="WH-D9")
    upload = SimpleUploadedFile("screen.png", png_bytes(), content_type="image/png")
    site_services.evidence_attach(answer=answer, by=supervisor, upload=upload)
    site_services.review_complete(review=review, by=supervisor, answers=factories.all_pass(review))
    return site


@pytest.fixture
def other_site(west_hartford, supervisor, media):
    colleague = factories.user(district=west_hartford, username="colleague", supervisor=supervisor)
    return factories.active_site(requester=colleague, site_name="Chess Club")


def ask(officer, *, sites=(), people=(), capture) -> RecordsPackage:
    today = officer.district.today()
    with capture(execute=True):
        package = services.package_request(
            by=officer, starts_on=today, ends_on=today, sites=list(sites), people=list(people)
        )
    package.refresh_from_db()
    return package


def opened(package) -> zipfile.ZipFile:
    with package.file.open("rb") as stored:
        return zipfile.ZipFile(io.BytesIO(stored.read()))


def rows(archive: zipfile.ZipFile, path: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(archive.read(path).decode("utf-8-sig"))))


@pytest.fixture
def built(officer, reviewed_site, other_site, django_capture_on_commit_callbacks):
    package = ask(officer, sites=[reviewed_site], capture=django_capture_on_commit_callbacks)
    assert package.status == PackageStatus.READY, package.failure
    return package


def test_the_manifest_proves_every_file_of_the_zip(built):
    archive = opened(built)
    manifest = json.loads(archive.read("manifest.json"))
    listed = {entry["path"]: entry for entry in manifest["files"]}
    assert set(listed) == set(archive.namelist()) - {"manifest.json"}
    for path, entry in listed.items():
        content = archive.read(path)
        assert (entry["size"], entry["sha256"]) == (len(content), hashlib.sha256(content).hexdigest()), path
    with built.file.open("rb") as stored:
        assert hashlib.sha256(stored.read()).hexdigest() == built.sha256
    assert built.files_done == built.files_total == len(listed) + 1


def test_the_manifest_names_the_request_and_the_chain_head_it_was_built_on(built, officer, reviewed_site):
    manifest = json.loads(opened(built).read("manifest.json"))
    today = officer.district.today().isoformat()
    assert manifest["request"] == {
        "from": today,
        "until": today,
        "sites": [{"id": reviewed_site.pk, "name": reviewed_site.name}],
        "people": [],
        "requested_by": {"id": officer.pk, "name": officer.display_name},
        "requested_at": built.requested_at.isoformat(),
    }
    built_event = AuditEvent.objects.get(action="records.package_built")
    head = AuditEvent.objects.get(district=officer.district, sequence=built_event.sequence - 1)
    assert manifest["chain_head"] == {
        "sequence": head.sequence,
        "hash": head.hash,
        "occurred_at": head.occurred_at.isoformat(),
    }


def test_the_records_are_the_chosen_sites_and_not_anothers(built, reviewed_site, other_site):
    archive = opened(built)
    assert f"site-files/site-{reviewed_site.pk}.pdf" in archive.namelist()
    assert archive.read(f"site-files/site-{reviewed_site.pk}.pdf").startswith(b"%PDF")
    assert f"site-files/site-{other_site.pk}.pdf" not in archive.namelist()
    sites = rows(archive, "records/site_files.csv")
    assert [(row["id"], row["name"], row["owner"]) for row in sites] == [
        (str(reviewed_site.pk), reviewed_site.name, reviewed_site.owner.display_name)
    ]
    assert sites[0]["created_at"] == reviewed_site.created_at.isoformat()
    assert [row["id"] for row in rows(archive, "records/requests.csv")] == [str(reviewed_site.request_id)]
    assert [row["site_id"] for row in rows(archive, "records/reviews.csv")] == [str(reviewed_site.pk)]
    assert rows(archive, "records/monitoring.csv") == []  # no check logged: the file is there, empty


def test_the_evidence_file_is_inside_as_it_was_uploaded(built):
    evidence = Evidence.objects.get()
    archive = opened(built)
    inside = [name for name in archive.namelist() if name.startswith("evidence/")]
    assert inside == [f"evidence/review-{evidence.answer.review_id}/WH-D9/{evidence.pk}-" + evidence.file.name[9:]]
    assert archive.read(inside[0]) == png_bytes()


def test_the_audit_events_are_those_about_the_packaged_records(built, reviewed_site, other_site):
    events = rows(opened(built), "audit-events.csv")
    targets = {(row["target_type"], row["target_id"]) for row in events}
    assert ("site", str(reviewed_site.pk)) in targets
    assert ("socialmediarequest", str(reviewed_site.request_id)) in targets
    assert ("site", str(other_site.pk)) not in targets
    assert ("socialmediarequest", str(other_site.request_id)) not in targets
    activated = next(row for row in events if row["action"] == "site.activated")
    stored = AuditEvent.objects.get(action="site.activated", target_id=str(reviewed_site.pk))
    assert (activated["sequence"], activated["hash"], activated["prev_hash"]) == (
        str(stored.sequence),
        stored.hash,
        stored.prev_hash,
    )
    assert activated["action_words"] == "Site activated"


def test_a_person_brings_the_records_that_name_them(officer, employee, reviewed_site, other_site, capture):
    package = ask(officer, people=[employee], capture=capture)
    archive = opened(package)
    assert [row["id"] for row in rows(archive, "records/site_files.csv")] == [str(reviewed_site.pk)]
    assert not [name for name in archive.namelist() if name.startswith("site-files/")]  # only chosen sites print


def test_records_made_outside_the_range_stay_out(officer, reviewed_site, capture):
    before = officer.district.today() - datetime.timedelta(days=30)
    with capture(execute=True):
        package = services.package_request(
            by=officer, starts_on=before, ends_on=before, sites=[reviewed_site], people=[]
        )
    archive = opened(RecordsPackage.objects.get(pk=package.pk))
    for record_kind in kinds():
        assert rows(archive, f"records/{record_kind.key}.csv") == [], record_kind.key
    assert rows(archive, "audit-events.csv") == []
    assert not [name for name in archive.namelist() if name.startswith("evidence/")]
    assert f"site-files/site-{reviewed_site.pk}.pdf" in archive.namelist()  # the chosen site's file, whole


def test_an_evidence_file_gone_from_storage_is_listed_missing(officer, reviewed_site, media, capture):
    evidence = Evidence.objects.get()
    (media / evidence.file.name).unlink()
    package = ask(officer, sites=[reviewed_site], capture=capture)
    manifest = json.loads(opened(package).read("manifest.json"))
    assert package.status == PackageStatus.READY
    assert [path.startswith("evidence/") for path in manifest["missing_files"]] == [True]
    assert not [entry for entry in manifest["files"] if entry["path"].startswith("evidence/")]


def test_asking_and_building_are_audit_events_without_names(built, officer, reviewed_site):
    requested = AuditEvent.objects.get(action="records.package_requested")
    today = officer.district.today().isoformat()
    assert (requested.actor_id, requested.target_type, requested.target_id) == (
        officer.pk,
        "recordspackage",
        str(built.pk),
    )
    assert requested.payload == {"from": today, "until": today, "sites": [reviewed_site.pk], "people": []}
    done = AuditEvent.objects.get(action="records.package_built")
    assert (done.actor_id, done.district_id, done.payload["sha256"]) == (None, officer.district_id, built.sha256)
    assert reviewed_site.name not in json.dumps([requested.payload, done.payload])


def test_a_build_that_breaks_leaves_the_package_failed_in_words(officer, reviewed_site, capture, monkeypatch):
    def printer_down(site):
        raise OSError("no fonts")

    monkeypatch.setattr(contents, "site_file_pdf", printer_down)
    package = ask(officer, sites=[reviewed_site], capture=capture)
    assert (package.status, package.file.name) == (PackageStatus.FAILED, "")
    assert "Ask for it again" in package.failure
    assert AuditEvent.objects.get(action="records.package_failed").payload == {"problem": "error"}
    assert not AuditEvent.objects.filter(action="records.package_built").exists()


def test_a_package_is_built_once_however_often_its_task_runs(built):
    assert tasks.build_records_package(built.pk) == PackageStatus.READY
    assert AuditEvent.objects.filter(action="records.package_built").count() == 1


def test_the_sweep_deletes_an_expired_package_and_says_so(built, media, capture):
    stored = media / built.file.name
    assert stored.exists()
    RecordsPackage.objects.filter(pk=built.pk).update(expires_at=timezone.now())
    with capture(execute=True):
        assert tasks.sweep_records_packages() == 1
    built.refresh_from_db()
    assert (built.status, built.file.name) == (PackageStatus.EXPIRED, "")
    assert not stored.exists()
    assert AuditEvent.objects.filter(action="records.package_expired", target_id=str(built.pk)).count() == 1
    assert tasks.sweep_records_packages() == 0


def test_the_sweep_builds_a_package_whose_task_was_lost(officer, reviewed_site):
    """Asked for while the broker was down (no task ran): the sweep queues it once it has waited a while."""
    today = officer.district.today()
    # Outside a captured commit: its task is never queued.
    package = services.package_request(by=officer, starts_on=today, ends_on=today, sites=[reviewed_site], people=[])
    tasks.sweep_records_packages()
    assert RecordsPackage.objects.get(pk=package.pk).status == PackageStatus.QUEUED  # just asked for: left alone
    RecordsPackage.objects.filter(pk=package.pk).update(requested_at=timezone.now() - datetime.timedelta(minutes=6))
    tasks.sweep_records_packages()
    assert RecordsPackage.objects.get(pk=package.pk).status == PackageStatus.READY


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


def test_a_disposed_record_is_packaged_as_its_tombstone_with_its_events(
    officer, supervisor, west_hartford, reviewed_site, django_capture_on_commit_callbacks
):
    """A records request made after a disposal gets what the district still holds: the review's tombstone and the
    trail about it, not an emptied row passed off as the record."""
    review = SiteReview.objects.get(site=reviewed_site)
    started_long_ago("reviews", review)
    schedule(west_hartford, "reviews", supervisor)
    disposal.disposal_list_sweep()
    approve_and_run(waiting_batch(west_hartford), officer, django_capture_on_commit_callbacks)
    assert not SiteReview.objects.filter(pk=review.pk).exists()

    package = ask(officer, sites=[reviewed_site], capture=django_capture_on_commit_callbacks)
    archive = opened(package)
    assert str(review.pk) not in {row["id"] for row in rows(archive, "records/reviews.csv")}
    (tombstone,) = rows(archive, "records/disposed.csv")
    assert (tombstone["kind"], tombstone["record_id"]) == ("reviews", str(review.pk))
    events = rows(archive, "audit-events.csv")
    actions = {(row["target_type"], row["target_id"], row["action"]) for row in events}
    assert ("site", str(reviewed_site.pk), "review.completed") in actions  # a review's events are about its site
    assert [action for kind, _, action in actions if kind == "tombstone"] == ["records.disposed"]
