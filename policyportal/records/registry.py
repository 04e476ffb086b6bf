"""The kinds of record a district keeps, as each app registers them (`register_kind`, from its AppConfig.ready).

A kind says where its rows are and how the records office reads them, all as lookups on the kind's model:
- `starts`: the events a retention period may be counted from, each the date field that holds it (a record whose
  field is empty has not reached that event, so it is never due);
- `district`, `site`, `people` and `made`: the paths a schedule, a hold and a records request select by;
- `kept_while`: records that are never due while it matches them (a request whose site file is still kept);
- `describe`: a record in words without its free text, for a tombstone ("Request 12, denied");
- `dispose`: empties the given records of their texts and files (the app's own service, inside the caller's
  transaction), so that only their tombstones remain to say what they were.
- `includes`: records of other kinds disposed of with each record of this kind, by the field holding their id
  (a site file empties the request that opened it): a hold on one of them keeps the record too.
- `parts`: the rows of other models a record is made of, each model's label with its path to the record (a request's
  decisions, "requests.Decision": "request"): a records-request package holds them, and the trail about them.
- `pages`: the paths of a record's pages. A notification linking to one of them (or to a part of it, `#...`, or
  with a query, `?...`) is about the record, and quotes what was typed in it: it goes when the record is disposed.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models


@dataclass(frozen=True)
class StartEvent:
    label: str  # "the site is retired": reads after "3 years after"
    field: str  # the date field that holds it: "retired_at"


@dataclass(frozen=True)
class RecordKind:
    key: str
    label: str  # "Site files"
    model: str  # "groupsites.Site"
    starts: dict[str, StartEvent]
    made: str  # when a record was made: the date a hold's date range and a records request's range select by
    dispose: Callable[[Iterable[Any]], None] = field(compare=False)
    district: str = "district"
    site: str | None = None
    people: tuple[str, ...] = ()
    describe: Callable[[Any], str] = str
    kept_while: models.Q | None = None  # records matching it are never due (the site file they belong to is kept)
    includes: dict[str, str] = field(default_factory=dict, compare=False)  # kind key -> the field holding its id
    parts: dict[str, str] = field(default_factory=dict, compare=False)  # model label -> its path to the record
    pages: Callable[[Any], list[str]] = field(default=lambda record: [], compare=False)  # ["/sites/12/"]

    @property
    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)

    def start(self, key: str) -> StartEvent:
        return self.starts[key]


_KINDS: dict[str, RecordKind] = {}


def register_kind(kind: RecordKind) -> None:
    _KINDS[kind.key] = kind


def kinds() -> list[RecordKind]:
    return list(_KINDS.values())


def kind(key: str) -> RecordKind:
    return _KINDS[key]
