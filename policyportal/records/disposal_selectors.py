"""What the records officer reads of disposal: the list waiting for approval, grouped by kind of record, and the
lists approved before, with the tombstones they left. Only the officer's own district; a 404 for anyone else."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from policyportal.models import User
from policyportal.records import registry, rules
from policyportal.records.models import (
    DisposalBatch,
    DisposalItem,
    DisposalItemStatus,
    DisposalStatus,
    RetentionSchedule,
    Tombstone,
)
from policyportal.records.selectors import require_officer

PAGE_SIZE = 50


def _district_id(user: User) -> int:
    require_officer(user)
    return user.member_district_id


@dataclass(frozen=True)
class ListedRecord:
    item: DisposalItem
    description: str


@dataclass(frozen=True)
class KindGroup:
    """One kind of record on the waiting list: how many in all, its schedule in words, and this page's records."""

    kind: registry.RecordKind
    count: int
    schedule: str  # empty once the kind's period was removed: its records will be kept
    records: list[ListedRecord]


@dataclass(frozen=True)
class WaitingList:
    batch: DisposalBatch
    total: int
    groups: list[KindGroup]
    page: Page


def waiting_list_for(user: User, page_number: str | None) -> WaitingList | None:
    """The district's list waiting for approval, or None. Its records are paged in kind order, each described
    without its free text; a constant number of queries for the page, one more per kind on it."""
    batch = DisposalBatch.objects.filter(district_id=_district_id(user), status=DisposalStatus.LISTED).first()
    if batch is None:
        return None
    counts = dict(batch.items.order_by().values_list("kind").annotate(count=Count("pk")))
    page = Paginator(batch.items.all(), PAGE_SIZE).get_page(page_number)
    kinds = {kind.key: kind for kind in registry.kinds()}
    schedules = {
        schedule.kind: rules.schedule_in_words(kinds[schedule.kind], schedule)
        for schedule in RetentionSchedule.objects.filter(district_id=batch.district_id, kind__in=counts)
    }
    groups = []
    for key in sorted(counts, key=lambda key: kinds[key].label):
        items = [item for item in page.object_list if item.kind == key]
        found = kinds[key].model_class._default_manager.in_bulk([item.record_id for item in items]) if items else {}
        records = [
            ListedRecord(
                item, kinds[key].describe(found[item.record_id]) if item.record_id in found else "No longer there"
            )
            for item in items
        ]
        groups.append(KindGroup(kinds[key], counts[key], schedules.get(key, ""), records))
    return WaitingList(batch, sum(counts.values()), groups, page)


def past_lists_for(user: User) -> QuerySet[DisposalBatch]:
    """The district's approved lists, newest first, with how many records each disposed of and kept."""
    return (
        DisposalBatch.objects.filter(district_id=_district_id(user))
        .exclude(status=DisposalStatus.LISTED)
        .select_related("approved_by")
        .annotate(
            disposed=Count("items", filter=Q(items__status=DisposalItemStatus.DISPOSED)),
            kept=Count("items", filter=Q(items__status=DisposalItemStatus.KEPT)),
            total=Count("items"),
        )
        .order_by("-approved_at", "-pk")
    )


def batch_for(user: User, pk: int) -> DisposalBatch:
    found = DisposalBatch.objects.select_related("approved_by").filter(district_id=_district_id(user), pk=pk).first()
    if found is None:
        raise Http404("No such disposal list.")
    return found


def waiting_batch_for(user: User, pk: int) -> tuple[DisposalBatch, int]:
    """A list the officer may approve (their district's, still waiting), and how many records it holds."""
    found = DisposalBatch.objects.filter(district_id=_district_id(user), pk=pk, status=DisposalStatus.LISTED).first()
    if found is None:
        raise Http404("No such disposal list waiting for approval.")
    return found, found.items.count()


def tombstones_of(batch: DisposalBatch, page_number: str | None) -> Page:
    return Paginator(
        Tombstone.objects.filter(batch=batch).select_related("approved_by").order_by("kind", "record_id"), PAGE_SIZE
    ).get_page(page_number)


@dataclass(frozen=True)
class KeptRecord:
    label: str  # its kind's
    item: DisposalItem


def kept_items_of(batch: DisposalBatch) -> list[KeptRecord]:
    labels = {kind.key: kind.label for kind in registry.kinds()}
    return [KeptRecord(labels[item.kind], item) for item in batch.items.filter(status=DisposalItemStatus.KEPT)]
