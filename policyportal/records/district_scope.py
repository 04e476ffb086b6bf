"""Everything of one district, found from the models' foreign keys, so that a new model is included without edits:
`district_export` writes it out and `district_delete` removes it at the end of a contract.

Each table's rows are those whose shortest chain of foreign keys reaches the district (breadth-first from the
District model: a site by `district`, a review answer by `review__district`, a notification by
`recipient__district`). A table no chain reaches (sessions, content types) holds nothing of a district."""

from dataclasses import dataclass
from pathlib import PurePosixPath

from django.apps import apps
from django.core.files.storage import Storage
from django.db import models
from django.db.models import QuerySet

from audits.models import AuditEvent

# Columns never written out: a password hash proves nothing to the district and lets whoever holds it try
# passwords offline.
WITHHELD = {("policyportal.User", "password")}


@dataclass(frozen=True)
class Table:
    model: type[models.Model]
    path: str  # the lookup from a row to its district's id: "pk" for District itself, "site__district"
    depth: int  # how many foreign keys lie between a row and the district (0: the district itself)

    @property
    def label(self) -> str:
        return self.model._meta.label

    @property
    def name(self) -> str:
        return self.model._meta.db_table

    def rows(self, district_id: int) -> QuerySet:
        return self.model._base_manager.filter(**{self.path: district_id}).order_by("pk")

    def columns(self) -> list[models.Field]:
        return [field for field in self.model._meta.concrete_fields if (self.label, field.name) not in WITHHELD]

    def file_fields(self) -> list[models.FileField]:
        return [field for field in self.model._meta.concrete_fields if isinstance(field, models.FileField)]


def _stored(model: type[models.Model]) -> bool:
    meta = model._meta
    return meta.managed and not meta.proxy and not meta.swapped


def tables() -> list[Table]:
    """Every table holding rows of a district, nearest the district first. Among a model's foreign keys at the
    same distance, a required one wins over an optional one (its rows always reach the district)."""
    district_model = apps.get_model("policyportal", "District")
    found = {district_model: Table(district_model, "pk", 0)}
    frontier = [district_model]
    candidates = [model for model in apps.get_models(include_auto_created=True) if _stored(model)]
    while frontier:
        reached = {}
        for model in candidates:
            if model in found:
                continue
            keys = [field for field in model._meta.concrete_fields if field.is_relation]
            for field in sorted(keys, key=lambda field: field.null):
                target = field.related_model
                if isinstance(target, type) and target in frontier:
                    via = found[target]
                    path = field.name if via.depth == 0 else f"{field.name}__{via.path}"
                    reached[model] = Table(model, path, via.depth + 1)
                    break
        found.update(reached)
        frontier = list(reached)
    return sorted(found.values(), key=lambda table: (table.depth, table.label))


def row_counts(district_id: int) -> dict[str, int]:
    return {table.label: table.rows(district_id).count() for table in tables()}


def stored_files(district_id: int) -> list[tuple[Storage, str]]:
    """(storage, name) of every file the district's rows hold in a FileField."""
    files = []
    for table in tables():
        for field in table.file_fields():
            names = table.rows(district_id).exclude(**{field.name: ""}).values_list(field.name, flat=True)
            files += [(field.storage, name) for name in names if name]
    return files


def safe_file_path(name: str) -> PurePosixPath:
    """A stored file's name as a relative path that cannot climb out of the folder it is copied to."""
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts:
        raise ValueError(f"Refusing the stored file name {name!r}.")
    return path


def outside_references(district_id: int) -> list[tuple[str, str, int]]:
    """(table, foreign key, rows) of rows outside the district that point at one of its rows: another district's
    audit event naming one of its people as actor, say. The district cannot be removed while they stand."""
    scope = {table.model: table for table in tables()}
    problems = []
    for model in apps.get_models(include_auto_created=True):
        if not _stored(model):
            continue
        own = scope.get(model)
        for field in model._meta.concrete_fields:
            related = field.related_model
            target = scope.get(related) if isinstance(related, type) else None
            if target is None:
                continue
            pointing = model._base_manager.filter(**{f"{field.name}__in": target.rows(district_id).values("pk")})
            if own is not None:
                pointing = pointing.exclude(pk__in=own.rows(district_id).values("pk"))
            if count := pointing.count():
                problems.append((model._meta.label, field.name, count))
    return problems


def chain_head(district_id: int) -> dict | None:
    """The district's latest audit event: its sequence, hash and time, or None before its first event."""
    head = (
        AuditEvent.objects.filter(district_id=district_id)
        .order_by("-sequence")
        .values("sequence", "hash", "occurred_at")
        .first()
    )
    if head is None:
        return None
    return {"sequence": head["sequence"], "hash": head["hash"], "occurred_at": head["occurred_at"].isoformat()}
