"""Each registered kind's disposal, run on a real record of that kind from the nightly list to its tombstone: the
record leaves every list (its row emptied of every text, or deleted when nothing points at it)."""

import pytest
from django.db import models
from django.utils import timezone

from policyportal.models import AppliesTo, Notification
from policyportal.records import disposal
from policyportal.records.models import DisposalItemStatus, Tombstone
from policyportal.records.registry import kind, kinds
from policyportal.selectors import current_items, current_policy
from sites import services as site_services
from sites.models import Acknowledgment, Consultation, DirectoryObjection, MonitoringCheck, ViolationReport
from tests import factories
from tests.records.disposal_support import approve_and_run, schedule, started_long_ago, waiting_batch

pytestmark = pytest.mark.django_db

TEXT = "Written by a person, to be disposed of"


def _record_of(key: str, employee, supervisor):
    """A record of kind `key` in West Hartford, with text in what a person writes."""
    district = employee.district
    now = timezone.now()
    if key == "requests":
        request = factories.submitted_request(requester=employee, description=TEXT * 4)
        factories.decide(request, supervisor, "denied", reason=TEXT)
        return request
    site = factories.active_site(requester=employee)
    if key == "site_files":
        return site
    if key == "reviews":
        review = site_services.review_start(site=site, by=supervisor)
        return site_services.review_complete(review=review, by=supervisor, answers=factories.all_pass(review))
    if key == "monitoring":
        return MonitoringCheck.objects.create(
            site=site, checked_by=employee, checked_at=now, looked_at=["new_posts"], found=TEXT
        )
    if key == "violations":
        category = current_items(district.pk, AppliesTo.VIOLATION_CATEGORY)[0]
        return ViolationReport.objects.create(
            district=district,
            account_name=TEXT,
            reporter=employee,
            category=category,
            what_happened=TEXT,
            occurred_on=now.date(),
            reported_at=now,
            outcome=current_items(district.pk, AppliesTo.VIOLATION_OUTCOME)[0],
            outcome_note=TEXT,
            resolved_by=supervisor,
            resolved_at=now,
        )
    if key == "consultations":
        return Consultation.objects.create(
            district=district,
            employee=employee,
            supervisor=supervisor,
            destination=TEXT,
            text=TEXT,
            asked_at=now,
            answer="fine",
            answer_note=TEXT,
            answered_at=now,
            answered_by=supervisor,
        )
    if key == "acknowledgments":
        version = current_policy(district.pk)
        assert version is not None
        return Acknowledgment.objects.create(
            user=employee, policy_version=version, typed_name=TEXT, acknowledged_at=now
        )
    if key == "notifications":
        return Notification.objects.create(recipient=employee, kind="test", title=TEXT, body=TEXT)
    if key == "roster":
        return DirectoryObjection.objects.create(
            district=district, school=site.school, student_id="S1", first_name=TEXT, last_name=TEXT, imported_at=now
        )
    raise AssertionError(f"No record made for the kind {key!r}: add one here.")


def _texts(row: models.Model) -> list:
    return [
        getattr(row, field.attname)
        for field in row._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField | models.JSONField) and not field.choices
    ]


@pytest.mark.parametrize("key", sorted(record_kind.key for record_kind in kinds()))
def test_each_kind_is_disposed_of_from_the_list_to_its_tombstone(
    key, employee, supervisor, admin, officer, west_hartford, django_capture_on_commit_callbacks
):
    record_kind = kind(key)
    record = _record_of(key, employee, supervisor)
    started_long_ago(key, record)
    schedule(west_hartford, key, admin)
    disposal.disposal_list_sweep()
    batch = waiting_batch(west_hartford)
    assert (key, record.pk) in set(batch.items.values_list("kind", "record_id"))

    batch = approve_and_run(batch, officer, django_capture_on_commit_callbacks)

    assert batch.items.get(kind=key, record_id=record.pk).status == DisposalItemStatus.DISPOSED
    assert Tombstone.objects.filter(kind=key, record_id=record.pk, batch=batch).exists()
    assert not record_kind.model_class._default_manager.filter(pk=record.pk).exists()
    emptied = record_kind.model_class._base_manager.filter(pk=record.pk).first()
    if emptied is not None:  # kept as an empty row for the records that point at it
        assert record_kind.model_class._base_manager.filter(pk=record.pk, disposed_at__isnull=False).exists()
        assert not any(TEXT in str(text) for text in _texts(emptied))
