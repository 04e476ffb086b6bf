"""Helpers of the disposal tests: a schedule, a record whose period has long ended, and a list approved and run
as the records officer's approval runs it (the task eager, after commit)."""

import datetime

from django.utils import timezone

from policyportal.records import disposal
from policyportal.records.models import DisposalBatch, DisposalStatus, RetentionSchedule
from policyportal.records.registry import kind

LONG_AGO = datetime.timedelta(days=6 * 366)


def schedule(district, key: str, by, starts: str | None = None, years: int = 3) -> RetentionSchedule:
    record_kind = kind(key)
    return RetentionSchedule.objects.create(
        district=district, kind=key, starts=starts or next(iter(record_kind.starts)), years=years, changed_by=by
    )


def started_long_ago(key: str, record, starts: str | None = None) -> None:
    """The record's start event (the schedule's) happened six years ago."""
    record_kind = kind(key)
    field = record_kind.start(starts or next(iter(record_kind.starts))).field
    record_kind.model_class._base_manager.filter(pk=record.pk).update(**{field: timezone.now() - LONG_AGO})


def waiting_batch(district) -> DisposalBatch:
    return DisposalBatch.objects.get(district=district, status=DisposalStatus.LISTED)


def approve_and_run(batch: DisposalBatch, officer, capture) -> DisposalBatch:
    """`capture` is pytest-django's django_capture_on_commit_callbacks: the run starts once the approval commits."""
    with capture(execute=True):
        disposal.disposal_approve(batch=batch, by=officer, expected_count=batch.items.count())
    batch.refresh_from_db()
    return batch
