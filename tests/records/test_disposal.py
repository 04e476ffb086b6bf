"""Disposal, from the nightly list to the tombstone: a hold keeps a record even after the list was approved, the
list never lists a record twice, and a disposed record's texts and files are gone while its trail still verifies."""

import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from audits.models import AuditEvent
from policyportal.records import disposal
from policyportal.records.models import (
    DisposalBatch,
    DisposalItemStatus,
    DisposalStatus,
    KeptBecause,
    LegalHold,
    RetentionSchedule,
    Tombstone,
)
from sites import services as site_services
from sites.models import Evidence, FindingStatus, Site, SiteReview
from tests import factories
from tests.records.disposal_support import approve_and_run, schedule, started_long_ago, waiting_batch

pytestmark = pytest.mark.django_db

SECRET = "Zanzibar-quokka-7731"


@pytest.fixture
def retired_site(employee, admin, west_hartford):
    """A site retired six years ago, kept three years after it is retired."""
    site = factories.active_site(requester=employee)
    started_long_ago("site_files", site)
    schedule(west_hartford, "site_files", admin)
    return site


def test_a_hold_placed_after_the_list_keeps_the_record_until_it_is_lifted(
    retired_site, officer, west_hartford, django_capture_on_commit_callbacks
):
    assert disposal.disposal_list_sweep() == {west_hartford.pk: 1}
    Site.objects.filter(pk=retired_site.pk).update(status_reason=SECRET)
    hold = LegalHold.objects.create(district=west_hartford, reason="Case 26-114", site=retired_site, placed_by=officer)

    batch = approve_and_run(waiting_batch(west_hartford), officer, django_capture_on_commit_callbacks)

    assert batch.status == DisposalStatus.DONE
    item = batch.items.get()
    assert (item.status, item.kept_because) == (DisposalItemStatus.KEPT, KeptBecause.HELD)
    assert Site.objects.get(pk=retired_site.pk).status_reason == SECRET
    assert not Tombstone.objects.exists()
    kept = AuditEvent.objects.get(action="records.disposal_kept")
    assert kept.payload == {"kind": "site_files", "record": retired_site.pk, "batch": batch.pk, "because": "held"}

    assert disposal.disposal_list_sweep() == {}  # still held: not listed again

    hold.lifted_at, hold.lifted_by = timezone.now(), officer
    hold.save()
    assert disposal.disposal_list_sweep() == {west_hartford.pk: 1}
    again = approve_and_run(waiting_batch(west_hartford), officer, django_capture_on_commit_callbacks)
    assert again.items.get().status == DisposalItemStatus.DISPOSED
    assert not Site.objects.filter(pk=retired_site.pk).exists()
    assert Site._base_manager.get(pk=retired_site.pk).status_reason == ""
    assert disposal.disposal_list_sweep() == {}  # a disposed record is never listed again


def test_a_hold_standing_when_the_list_is_made_keeps_the_record_off_it(retired_site, officer, west_hartford):
    LegalHold.objects.create(district=west_hartford, reason="r", person=retired_site.owner, placed_by=officer)
    assert disposal.disposal_list_sweep() == {}
    assert not DisposalBatch.objects.exists()


def test_a_hold_on_the_request_a_site_file_includes_keeps_the_site_file(
    retired_site, officer, supervisor, west_hartford, django_capture_on_commit_callbacks
):
    """The site's owner is no longer its requester: a hold on the requester covers the request, not the site,
    yet disposing of the site file would empty that request."""
    Site._base_manager.filter(pk=retired_site.pk).update(owner=supervisor, supervisor=None)
    disposal.disposal_list_sweep()
    hold = LegalHold.objects.create(
        district=west_hartford, reason="r", person=retired_site.request.requester, placed_by=officer
    )
    batch = approve_and_run(waiting_batch(west_hartford), officer, django_capture_on_commit_callbacks)
    assert batch.items.get().kept_because == KeptBecause.HELD
    assert Site.objects.filter(pk=retired_site.pk).exists()
    assert disposal.disposal_list_sweep() == {}  # nor is it listed again while the hold stands
    hold.lifted_at, hold.lifted_by = timezone.now(), officer
    hold.save()
    assert disposal.disposal_list_sweep() == {west_hartford.pk: 1}


def test_a_record_no_longer_due_under_the_current_schedule_is_kept(
    retired_site, officer, west_hartford, django_capture_on_commit_callbacks
):
    disposal.disposal_list_sweep()
    RetentionSchedule.objects.filter(kind="site_files").update(years=10)
    batch = approve_and_run(waiting_batch(west_hartford), officer, django_capture_on_commit_callbacks)
    assert batch.items.get().kept_because == KeptBecause.NOT_DUE
    assert Site.objects.filter(pk=retired_site.pk).exists()


def test_the_sweep_lists_once_and_tells_the_officers_once(
    retired_site, officer, employee, west_hartford, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert disposal.disposal_list_sweep() == {west_hartford.pk: 1}
        assert disposal.disposal_list_sweep() == {}
    batch = waiting_batch(west_hartford)
    assert list(batch.items.values_list("kind", "record_id")) == [("site_files", retired_site.pk)]
    listed = AuditEvent.objects.get(action="records.disposal_listed")
    assert listed.payload == {"batch": batch.pk, "listed": {"site_files": 1}}
    assert [message.to for message in mail.outbox] == [[officer.email]]

    other = factories.active_site(requester=employee, name="Chess Club")
    started_long_ago("site_files", other)
    with django_capture_on_commit_callbacks(execute=True):
        assert disposal.disposal_list_sweep() == {west_hartford.pk: 1}
    assert waiting_batch(west_hartford).pk == batch.pk  # the same list grows
    assert batch.items.count() == 2
    assert len(mail.outbox) == 1  # told once per list


def test_the_sweep_lists_each_districts_records_on_its_own_list(retired_site, r14_employee, r14_admin, region_14):
    r14_site = factories.active_site(requester=r14_employee)
    started_long_ago("site_files", r14_site)
    assert disposal.disposal_list_sweep() == {retired_site.district_id: 1}  # Region 14 has no schedule
    schedule(region_14, "site_files", r14_admin)
    assert disposal.disposal_list_sweep() == {region_14.pk: 1}
    assert list(waiting_batch(region_14).items.values_list("record_id", flat=True)) == [r14_site.pk]


def test_a_review_with_findings_still_open_is_not_listed(employee, supervisor, admin, west_hartford):
    site = factories.active_site(requester=employee)
    finding = factories.failed_review(site, supervisor)[0]
    started_long_ago("reviews", finding.review)
    schedule(west_hartford, "reviews", admin)
    assert disposal.disposal_list_sweep() == {}
    finding.status = FindingStatus.CLOSED
    finding.save(update_fields=["status"])
    assert disposal.disposal_list_sweep() == {west_hartford.pk: 1}


def test_kinds_without_a_schedule_are_never_listed(employee, admin, west_hartford):
    site = factories.active_site(requester=employee)
    started_long_ago("site_files", site)
    schedule(west_hartford, "notifications", admin)  # another kind's period: nothing of the site's kind is listed
    disposal.disposal_list_sweep()
    assert not DisposalBatch.objects.filter(items__kind="site_files").exists()


def test_an_approval_must_name_the_list_as_it_stands(retired_site, officer, employee, west_hartford):
    disposal.disposal_list_sweep()
    batch = waiting_batch(west_hartford)
    with pytest.raises(ValidationError, match="holds 1 records, not 2"):
        disposal.disposal_approve(batch=batch, by=officer, expected_count=2)
    with pytest.raises(disposal.PermissionDenied):
        disposal.disposal_approve(batch=batch, by=employee, expected_count=1)
    batch.refresh_from_db()
    assert batch.status == DisposalStatus.LISTED
    assert not AuditEvent.objects.filter(action="records.disposal_approved").exists()


def _text_columns_holding(text: str) -> list[str]:
    """Every text, varchar and json column of every table in which `text` appears."""
    found = []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' "
            "AND data_type IN ('text', 'character varying', 'jsonb', 'json')"
        )
        for table, column in cursor.fetchall():
            cursor.execute(f'SELECT count(*) FROM "{table}" WHERE "{column}"::text LIKE %s', [f"%{text}%"])
            if cursor.fetchone()[0]:
                found.append(f"{table}.{column}")
    return found


def test_after_disposal_the_texts_and_files_are_gone_and_the_trail_verifies(
    postgres,
    employee,
    supervisor,
    admin,
    officer,
    west_hartford,
    settings,
    tmp_path,
    django_capture_on_commit_callbacks,
):
    settings.MEDIA_ROOT = tmp_path
    site = factories.active_site(requester=employee)
    review = site_services.review_start(site=site, by=supervisor)
    review = site_services.review_complete(review=review, by=supervisor, answers=factories.all_pass(review))
    answer = review.answers.first()
    evidence = Evidence(answer=answer, content_type="application/pdf", size=len(SECRET), uploaded_by=supervisor)
    evidence.file.save("proof.pdf", ContentFile(SECRET.encode()), save=True)
    evidence_path = tmp_path / evidence.file.name
    assert evidence_path.read_bytes() == SECRET.encode()
    # The distinctive text written into the records' own rows (never through the services, so no event quotes it).
    Site._base_manager.filter(pk=site.pk).update(name=SECRET, status_reason=SECRET, url=f"https://x.org/{SECRET}")
    request = site.request
    type(request)._base_manager.filter(pk=request.pk).update(
        description=SECRET, admission=SECRET, serves_name=SECRET, snapshot={"description": SECRET}
    )
    request.decisions.update(reason=SECRET)
    review.answers.update(note=SECRET)
    assert len(_text_columns_holding(SECRET)) >= 8
    started_long_ago("site_files", site)
    started_long_ago("reviews", review)
    schedule(west_hartford, "site_files", admin)
    schedule(west_hartford, "reviews", admin)
    events_before = AuditEvent.objects.count()

    disposal.disposal_list_sweep()
    batch = approve_and_run(waiting_batch(west_hartford), officer, django_capture_on_commit_callbacks)

    assert set(batch.items.values_list("status", flat=True)) == {DisposalItemStatus.DISPOSED}
    assert _text_columns_holding(SECRET) == []
    assert not evidence_path.exists()
    assert not Evidence.objects.exists()
    assert not Site.objects.filter(pk=site.pk).exists()
    assert not SiteReview.objects.filter(pk=review.pk).exists()
    site_tombstone = Tombstone.objects.get(kind="site_files", record_id=site.pk)
    assert site_tombstone.description == f"Site {site.pk} (Facebook group, active)"
    assert site_tombstone.approved_by == officer
    assert site_tombstone.schedule == "3 years after the site is retired"
    request_tombstone = Tombstone.objects.get(kind="requests", record_id=request.pk)  # emptied with its site file
    assert (request_tombstone.description, request_tombstone.schedule) == (
        f"Request {request.pk} (approved)",
        "3 years after the site is retired",
    )
    assert Tombstone.objects.filter(kind="reviews", record_id=review.pk).exists()
    # Every event before the disposal is still there; the disposal added its own: listed, approved, 3 disposed, done.
    assert AuditEvent.objects.count() == events_before + 6
    disposed = AuditEvent.objects.get(action="records.disposed", target_id=str(site_tombstone.pk))
    assert disposed.payload == {
        "kind": "site_files",
        "record": site.pk,
        "tombstone": site_tombstone.pk,
        "batch": batch.pk,
    }
    finished = AuditEvent.objects.get(action="records.disposal_finished")
    assert finished.payload == {"batch": batch.pk, "disposed": 2, "kept": 0}
    out = io.StringIO()
    call_command("verify_audit_chain", stdout=out)
    assert f"west-hartford: {AuditEvent.objects.filter(district=west_hartford).count()} events intact" in out.getvalue()
    assert "intact." in out.getvalue()


def test_the_command_lists_as_the_nightly_beat_does(retired_site, west_hartford):
    out = io.StringIO()
    call_command("disposal_list", stdout=out)
    assert f"{west_hartford.name}: 1 record listed for disposal." in out.getvalue()
    assert waiting_batch(west_hartford).items.get().record_id == retired_site.pk
    out = io.StringIO()
    call_command("disposal_list", stdout=out)
    assert out.getvalue().strip() == "Listed 0 records in 0 districts."


def test_a_list_is_approved_once_however_often_it_is_approved(
    retired_site, officer, west_hartford, django_capture_on_commit_callbacks
):
    """A second approval (another tab, a double click) of a list already approved is refused and records nothing."""
    disposal.disposal_list_sweep()
    batch = waiting_batch(west_hartford)
    disposal.disposal_approve(batch=batch, by=officer, expected_count=1)
    with pytest.raises(ValidationError):
        disposal.disposal_approve(batch=batch, by=officer, expected_count=1)
    assert AuditEvent.objects.filter(action="records.disposal_approved").count() == 1
