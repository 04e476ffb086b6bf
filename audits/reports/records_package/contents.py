"""What a records-request package holds, as the ZIP's files in order, each a path and the bytes it is written from:

- `site-files/site-<id>.pdf`: each chosen site's full file, as the site file report prints it;
- `records/<kind>.csv`: for each registered kind of record, those of the chosen sites or people made in the range;
- `records/<kind>-<part>.csv`: the rows those records are made of (`RecordKind.parts`: a request's decisions, a
  review's answers, findings and evidence), one file per part;
- `records/disposed.csv`: the tombstones of such records already disposed of (what they were, when, under what);
- `evidence/review-<id>/<clause>/<file>`: the evidence files of the packaged reviews;
- `audit-events.csv`: the district's audit events about the packaged records and their parts in the range, with
  sequence and hash.

The manifest (`build`) lists them all with their sizes and SHA-256.
"""

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from itertools import islice
from operator import attrgetter
from zoneinfo import ZoneInfo

from django.apps import apps
from django.db import models
from django.db.models import Q, QuerySet

from audits.exports import spreadsheet_safe
from audits.labels import action_label
from audits.models import AuditEvent
from audits.reports.site_file import site_file_pdf
from policyportal.models import School, User
from policyportal.records import rules
from policyportal.records.models import Tombstone
from policyportal.records.package_models import RecordsPackage
from policyportal.records.registry import RecordKind, kinds
from sites.models import Evidence, Site, SiteReview

ROWS_PER_CHUNK = 500
FILE_CHUNK = 1024 * 1024
NAMED = (User, Site, School)  # foreign keys to these also get a column with the name a person reads


@dataclass(frozen=True)
class Member:
    path: str
    chunks: Callable[[], Iterable[bytes]]
    # A stored file may be gone (disposed of): the manifest lists it as missing, and the package is still built.
    present: Callable[[], bool] = lambda: True


@dataclass(frozen=True)
class Selection:
    package: RecordsPackage
    site_ids: list[int]
    people_ids: list[int]

    @classmethod
    def of(cls, package: RecordsPackage) -> "Selection":
        site_ids = sorted(package.sites.values_list("pk", flat=True))
        people_ids = sorted(package.people.values_list("pk", flat=True))
        return cls(package, site_ids, people_ids)

    def chosen_q(self, kind: RecordKind) -> Q | None:
        """The records of `kind` that belong to a chosen site or name a chosen person; None if none can."""
        chosen = Q(pk__in=[])
        reachable = False
        if kind.site is not None and self.site_ids:
            chosen |= Q(**{f"{kind.site}__in": self.site_ids})
            reachable = True
        if self.people_ids:
            for path in kind.people:
                chosen |= Q(**{f"{path}__in": self.people_ids})
                reachable = True
        return chosen if reachable else None

    def records(self, kind: RecordKind, *, disposed_too: bool = False) -> QuerySet:
        """The kept records of `kind` chosen; with `disposed_too`, also the emptied rows of disposed ones."""
        chosen = self.chosen_q(kind)
        model = kind.model_class
        manager = model._base_manager if disposed_too else model._default_manager
        if chosen is None:
            return manager.none()
        zone = ZoneInfo(self.package.district.time_zone)
        made = rules.made_between_q(kind.made, self.package.starts_on, self.package.ends_on, zone)
        found = manager.filter(chosen, made, **{kind.district: self.package.district_id})
        return found.distinct().order_by("pk")


def _named(model: type[models.Model]) -> list[str]:
    """The foreign keys that name a person, a site or a school: their rows get a column with that name."""
    return [
        field.name
        for field in model._meta.concrete_fields
        if isinstance(field.related_model, type) and issubclass(field.related_model, NAMED)
    ]


def _columns(model: type[models.Model]) -> list[tuple[str, Callable[[models.Model], object]]]:
    """Each field as a column: a foreign key as its id, and its name beside it when it is one of `_named`."""
    named = _named(model)
    columns: list[tuple[str, Callable[[models.Model], object]]] = []
    for field in model._meta.concrete_fields:
        columns.append((field.attname, attrgetter(field.attname)))
        if field.name in named:
            columns.append((field.name, attrgetter(field.name)))
    return columns


def cell(value) -> str:
    """Dates and moments as ISO 8601, lists and mappings as JSON, nothing as empty; never a spreadsheet formula."""
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    return spreadsheet_safe(value)


def csv_chunks(header: list[str], rows: Iterable[Iterable]) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")  # so that a spreadsheet reads the file as UTF-8
    writer.writerow(header)
    rows_left = iter(rows)
    while batch := list(islice(rows_left, ROWS_PER_CHUNK)):
        writer.writerows([cell(value) for value in row] for row in batch)
        yield buffer.getvalue().encode()
        buffer.seek(0)
        buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue().encode()


def _rows_csv(path: str, records: QuerySet) -> Member:
    columns = _columns(records.model)

    def chunks() -> Iterator[bytes]:
        rows = records.select_related(*_named(records.model)).iterator(chunk_size=ROWS_PER_CHUNK)
        return csv_chunks([name for name, _ in columns], ([read(row) for _, read in columns] for row in rows))

    return Member(path, chunks)


def _parts(kind: RecordKind, records: QuerySet) -> Iterator[QuerySet]:
    """The rows `records` (of `kind`) are made of: a queryset per part the kind declares, disposed ones' too."""
    for label, path in kind.parts.items():
        part = apps.get_model(label)
        yield part._base_manager.filter(**{f"{path}__in": records.order_by().values("pk")}).order_by("pk")


def safe_name(name: str) -> str:
    """A file or folder name that cannot climb out of its folder or surprise an unzipping tool."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._") or "file"


def _file_chunks(field_file) -> Callable[[], Iterator[bytes]]:
    def chunks() -> Iterator[bytes]:
        with field_file.open("rb") as stored:
            while block := stored.read(FILE_CHUNK):
                yield block

    return chunks


def _stored(field_file) -> bool:
    return bool(field_file.name) and field_file.storage.exists(field_file.name)


def _evidence(review_ids: list[int]) -> list[Member]:
    found = Evidence.objects.filter(answer__review__in=review_ids).select_related("answer").order_by("pk")
    return [
        Member(
            f"evidence/review-{item.answer.review_id}/{safe_name(item.answer.clause_id)}/"
            f"{item.pk}-{safe_name(item.file.name.rpartition('/')[2])}",
            _file_chunks(item.file),
            present=partial(_stored, item.file),
        )
        for item in found
    ]


AUDIT_HEADER = [
    "sequence",
    "occurred_at",
    "actor_id",
    "actor_name",
    "action",
    "action_words",
    "target_type",
    "target_id",
    "target_label",
    "payload",
    "client_ip",
    "prev_hash",
    "hash",
]


def audit_events(selection: Selection, packaged: dict[str, list[int]]) -> QuerySet[AuditEvent]:
    """The district's events in the range about one of the packaged records (`packaged`: ids by model name)."""
    about = Q(pk__in=[])
    for model_name, ids in packaged.items():
        if ids:
            about |= Q(target_type=model_name, target_id__in=[str(pk) for pk in ids])
    package = selection.package
    zone = ZoneInfo(package.district.time_zone)
    window = rules.made_between_q("occurred_at", package.starts_on, package.ends_on, zone)
    return AuditEvent.objects.filter(about, window, district_id=package.district_id).order_by("sequence")


def _audit_csv(events: QuerySet[AuditEvent]) -> Member:
    def rows(event: AuditEvent) -> list:
        return [
            event.sequence,
            event.occurred_at,
            event.actor_id,
            event.actor_name,
            event.action,
            action_label(event.action),
            event.target_type,
            event.target_id,
            event.target_label,
            event.payload,
            event.client_ip,
            event.prev_hash,
            event.hash,
        ]

    return Member("audit-events.csv", lambda: csv_chunks(AUDIT_HEADER, map(rows, events.iterator())))


TOMBSTONE_HEADER = ["kind", "record_id", "description", "record_date", "period_started", "schedule", "disposed_at"]


def _tombstones(selection: Selection, disposed: dict[str, list[int]]) -> QuerySet[Tombstone]:
    """What the disposed records among the chosen ones were: their rows hold nothing more."""
    about = Q(pk__in=[])
    for kind_key, ids in disposed.items():
        about |= Q(kind=kind_key, record_id__in=ids)
    return Tombstone.objects.filter(about, district_id=selection.package.district_id).order_by("kind", "record_id")


def _tombstones_csv(found: QuerySet[Tombstone]) -> Member:
    fields = [attrgetter(name) for name in TOMBSTONE_HEADER]
    return Member(
        "records/disposed.csv",
        lambda: csv_chunks(TOMBSTONE_HEADER, ([read(row) for read in fields] for row in found.iterator())),
    )


def _printed(site: Site) -> list[bytes]:
    return [site_file_pdf(site)]


def members(selection: Selection) -> list[Member]:
    """Every file of the package but the manifest, in the order they are written."""
    sites = Site.objects.filter(pk__in=selection.site_ids).select_related(
        "district", "owner", "supervisor", "school", "request"
    )
    found: list[Member] = [Member(f"site-files/site-{site.pk}.pdf", partial(_printed, site)) for site in sites]
    packaged: dict[str, list[int]] = {}  # kept and disposed: the trail outlives what it describes
    disposed: dict[str, list[int]] = {}
    for kind in kinds():
        records, every_record = selection.records(kind), selection.records(kind, disposed_too=True)
        kept = list(records.values_list("pk", flat=True))
        every = list(every_record.values_list("pk", flat=True))
        packaged.setdefault(records.model._meta.model_name, []).extend(every)
        disposed[kind.key] = sorted(set(every) - set(kept))
        found.append(_rows_csv(f"records/{kind.key}.csv", records))
        for rows in _parts(kind, records):
            found.append(_rows_csv(f"records/{kind.key}-{rows.model._meta.model_name}.csv", rows))
        for rows in _parts(kind, every_record):
            packaged.setdefault(str(rows.model._meta.model_name), []).extend(rows.values_list("pk", flat=True))
    tombstones = _tombstones(selection, disposed)
    packaged[str(Tombstone._meta.model_name)] = list(tombstones.values_list("pk", flat=True))
    found.append(_tombstones_csv(tombstones))
    found += _evidence(packaged.get(str(SiteReview._meta.model_name), []))
    found.append(_audit_csv(audit_events(selection, packaged)))
    return found
