"""Disposal: each night the records past their period and not held are listed for the records officer; once the
officer approves the list, each record is disposed of in its own transaction and leaves a tombstone.

A hold and a disposal never race: listing, and the disposal of each record, first lock the district's row, as
placing a hold does, and the disposal asks again, under that lock, whether the record is still due under the
district's schedule as it is now and whether a standing hold covers it. A record that is not is kept, and says why.
"""

import datetime
import logging
from collections import Counter
from typing import Any

from celery import signature
from celery.exceptions import CeleryError
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import KombuError

from audits.recorder import record, record_system_events
from policyportal.models import District, Notification, User
from policyportal.notifications import about_pages_q, notify
from policyportal.records import registry, rules
from policyportal.records.kinds import NOTIFICATIONS
from policyportal.records.models import (
    DisposalBatch,
    DisposalItem,
    DisposalItemStatus,
    DisposalStatus,
    KeptBecause,
    LegalHold,
    RetentionSchedule,
    Tombstone,
)

logger = logging.getLogger(__name__)

RUN_TASK = "policyportal.records.tasks.disposal_run"  # asked for by name: the tasks module imports this one
NOTIFICATION_KIND = "records.disposal_listed"


def disposal_list_sweep(*, today: datetime.date | None = None) -> dict[int, int]:
    """The nightly list: for each district with a schedule, what has come due since (by `today`, or each
    district's own date). Returns, per district that gained records, how many. Running it twice lists nothing
    twice."""
    district_ids = sorted(set(RetentionSchedule.objects.values_list("district_id", flat=True)))
    gained = {district_id: disposal_list_district(district_id=district_id, today=today) for district_id in district_ids}
    return {district_id: count for district_id, count in gained.items() if count}


def disposal_list_district(*, district_id: int, today: datetime.date | None = None) -> int:
    """Adds to the district's waiting list (made if there is none) each record whose period under its kind's
    schedule ended before `today` (by default the district's date, not the server's), that no standing hold
    covers, and that is not listed or disposed already."""
    with transaction.atomic():
        district = District.objects.select_for_update().get(pk=district_id)
        today = today or district.today()
        holds = list(rules.standing_holds(district_id))
        kinds = {kind.key: kind for kind in registry.kinds()}
        found: list[DisposalItem] = []
        schedules = RetentionSchedule.objects.filter(district_id=district_id, kind__in=kinds).select_related("district")
        for schedule in schedules:
            found += _due_items(kinds[schedule.kind], schedule, holds, today)
        if not found:
            return 0
        batch = DisposalBatch.objects.filter(district=district, status=DisposalStatus.LISTED).first()
        if batch is None:
            batch = DisposalBatch.objects.create(district=district, listed_at=timezone.now())
            _tell_officers(district)
        for item in found:
            item.batch = batch
        DisposalItem.objects.bulk_create(found)
        record_system_events(
            district_id=district_id,
            events=[
                {
                    "action": "records.disposal_listed",
                    "target_type": "disposalbatch",
                    "target_id": str(batch.pk),
                    "target_label": str(batch),
                    "payload": {"batch": batch.pk, "listed": dict(Counter(item.kind for item in found))},
                }
            ],
        )
        return len(found)


def _due_items(
    kind: registry.RecordKind, schedule: RetentionSchedule, holds: list[LegalHold], today: datetime.date
) -> list[DisposalItem]:
    listed_or_disposed = (
        DisposalItem.objects.filter(batch__district_id=schedule.district_id, kind=kind.key)
        .exclude(status=DisposalItemStatus.KEPT)
        .values("record_id")
    )
    records = (
        kind.model_class._default_manager.filter(**{kind.district: schedule.district_id})
        .filter(rules.period_ended_q(kind, schedule, today))
        .exclude(rules.held_with_included_q(kind, holds))
        .exclude(pk__in=listed_or_disposed)
        .only("pk", kind.start(schedule.starts).field)
        .order_by("pk")
    )
    return [DisposalItem(kind=kind.key, record_id=found.pk, due_on=_due_on(kind, schedule, found)) for found in records]


def _due_on(kind: registry.RecordKind, schedule: RetentionSchedule, record) -> datetime.date:
    due = rules.due_on(kind, schedule, record)
    if due is None:
        raise AssertionError("a record whose period ended has reached its start event")
    return due


def _tell_officers(district: District) -> None:
    for officer in User.objects.filter(rules.records_officers_q(district.pk)):
        notify(
            recipient=officer,
            kind=NOTIFICATION_KIND,
            title="Records are waiting for your approval to be disposed of",
            body="Their retention periods have ended and no legal hold covers them. Review the list and approve it.",
            link=reverse("records:disposal"),
            email=True,
        )


def disposal_approve(*, batch: DisposalBatch, by: User, expected_count: int) -> DisposalBatch:
    """The records officer approves the waiting list as they saw it (`expected_count` records): the disposal runs
    in the background after commit. A list that grew or was approved meanwhile is refused."""
    if not rules.may_manage_records_of(by, batch.district_id):
        raise PermissionDenied
    with transaction.atomic():
        District.objects.select_for_update().get(pk=batch.district_id)  # the sweep adds to the list under this lock
        locked = DisposalBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status != DisposalStatus.LISTED:
            raise ValidationError("This list has been approved already.", code="stale")
        counts = Counter(locked.items.values_list("kind", flat=True))
        total = sum(counts.values())
        if total != expected_count:
            raise ValidationError(
                f"The list now holds {total} records, not {expected_count}: review it again before approving.",
                code="changed",
            )
        locked.status, locked.approved_by, locked.approved_at = DisposalStatus.APPROVED, by, timezone.now()
        locked.save(update_fields=["status", "approved_by", "approved_at"])
        record(
            action="records.disposal_approved",
            actor=by,
            target=locked,
            payload={"batch": locked.pk, "approved": dict(counts)},
        )
        transaction.on_commit(lambda: _start_run(locked.pk))
    return locked


def _start_run(batch_id: int) -> None:
    try:
        signature(RUN_TASK, args=(batch_id,)).apply_async(retry=False)
    except (KombuError, CeleryError, OSError):
        logger.warning("Broker unreachable: disposal list %s waits for the nightly sweep", batch_id)


def disposal_run(*, batch_id: int) -> Counter[str]:
    """Disposes of an approved list record by record, then marks it done. Resumable: a run cut short is taken up
    again by the nightly sweep, and only the records still listed are looked at."""
    pending = DisposalItem.objects.filter(
        batch_id=batch_id, batch__status=DisposalStatus.APPROVED, status=DisposalItemStatus.LISTED
    )
    for item_id in list(pending.values_list("pk", flat=True)):
        disposal_dispose_item(item_id=item_id)
    return _finish(batch_id)


def disposal_resume_approved() -> list[int]:
    """The approved lists a run never finished (a broker down at approval, a worker stopped midway)."""
    batch_ids = list(DisposalBatch.objects.filter(status=DisposalStatus.APPROVED).values_list("pk", flat=True))
    for batch_id in batch_ids:
        disposal_run(batch_id=batch_id)
    return batch_ids


def disposal_dispose_item(*, item_id: int) -> str:
    """Disposes of one listed record, or keeps it if, now, it is held or no longer due. Returns the item's status."""
    with transaction.atomic():
        district_id = DisposalItem.objects.values_list("batch__district_id", flat=True).get(pk=item_id)
        district = District.objects.select_for_update().get(pk=district_id)
        item = DisposalItem.objects.select_for_update(of=("self",)).select_related("batch__approved_by").get(pk=item_id)
        approver = item.batch.approved_by
        if item.status != DisposalItemStatus.LISTED or item.batch.status != DisposalStatus.APPROVED or not approver:
            return item.status
        kind = registry.kind(item.kind)
        schedules = RetentionSchedule.objects.select_related("district")
        schedule = schedules.filter(district_id=district_id, kind=kind.key).first()
        records = kind.model_class._default_manager.filter(pk=item.record_id, **{kind.district: district_id})
        found = records.first()
        if found is None:
            return _keep(item, district, KeptBecause.GONE)
        if schedule is None or not records.filter(rules.period_ended_q(kind, schedule, district.today())).exists():
            return _keep(item, district, KeptBecause.NOT_DUE)
        holds = list(rules.standing_holds(district_id))
        if rules.is_held_with_included(kind, found, holds):
            return _keep(item, district, KeptBecause.HELD)
        started = getattr(found, kind.start(schedule.starts).field)
        words = rules.schedule_in_words(kind, schedule)
        for disposed_kind, disposed in [(kind, found), *_included(kind, found)]:
            _tombstone(
                disposed_kind, disposed, item=item, district=district, started=started, schedule=words, by=approver
            )
            _delete_notifications_about(disposed_kind, disposed, holds)
        kind.dispose([found])
        item.status = DisposalItemStatus.DISPOSED
        item.save(update_fields=["status"])
        return item.status


def _included(kind: registry.RecordKind, record) -> list[tuple[registry.RecordKind, Any]]:
    """The records of other kinds disposed of with `record` (a site file's request), those not disposed already."""
    found = []
    for key, id_field in kind.includes.items():
        other = registry.kind(key)
        included = other.model_class._default_manager.filter(pk=getattr(record, id_field)).first()
        if included is not None:
            found.append((other, included))
    return found


def _delete_notifications_about(kind: registry.RecordKind, disposed, holds: list[LegalHold]) -> None:
    """The notifications (and their emails not yet sent) about `disposed`, linking to its pages, quote what was
    typed in it (a site's name, why it was retired, what a report says happened): they go with it, but for those a
    standing hold covers (a hold on the person they were sent to)."""
    about = Notification.objects.filter(about_pages_q(kind.pages(disposed)))
    about.exclude(rules.held_q(registry.kind(NOTIFICATIONS), holds)).delete()


def _tombstone(
    kind: registry.RecordKind,
    disposed,
    *,
    item: DisposalItem,
    district: District,
    started: datetime.datetime,
    schedule: str,
    by: User,
) -> None:
    """What `disposed` was, kept under the schedule of the record on the list (its own, or the one including it),
    approved by `by`; and its audit event, with ids only."""
    tombstone = Tombstone.objects.create(
        district=district,
        kind=kind.key,
        record_id=disposed.pk,
        description=kind.describe(disposed)[:300],
        record_date=getattr(disposed, kind.made),
        period_started=started,
        schedule=schedule[:300],
        batch=item.batch,
        approved_by=by,
        disposed_at=timezone.now(),
    )
    record(
        action="records.disposed",
        district=district,
        target=tombstone,
        payload={"kind": kind.key, "record": disposed.pk, "tombstone": tombstone.pk, "batch": item.batch_id},
    )


def _keep(item: DisposalItem, district: District, because: KeptBecause) -> str:
    item.status, item.kept_because = DisposalItemStatus.KEPT, because
    item.save(update_fields=["status", "kept_because"])
    record(
        action="records.disposal_kept",
        district=district,
        target=item,
        payload={"kind": item.kind, "record": item.record_id, "batch": item.batch_id, "because": because.value},
    )
    return item.status


def _finish(batch_id: int) -> Counter[str]:
    with transaction.atomic():
        batch = DisposalBatch.objects.select_for_update().get(pk=batch_id)
        counts = Counter(batch.items.values_list("status", flat=True))
        if batch.status != DisposalStatus.APPROVED or counts[DisposalItemStatus.LISTED]:
            return counts
        batch.status, batch.finished_at = DisposalStatus.DONE, timezone.now()
        batch.save(update_fields=["status", "finished_at"])
        record(
            action="records.disposal_finished",
            district=batch.district,
            target=batch,
            payload={
                "batch": batch.pk,
                "disposed": counts[DisposalItemStatus.DISPOSED],
                "kept": counts[DisposalItemStatus.KEPT],
            },
        )
        return counts
