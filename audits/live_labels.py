"""The trail's pages name a record by its current name, which the trail itself never copies.

An event keeps only a neutral label for a record whose name is text someone typed ("Site 12", `trail_label`):
that text may be disposed of, and the trail must hold nothing a disposal has to remove. So each app registers,
per target type, its records with their current name (`register_live_label`, from its AppConfig.ready); the
trail's selectors read it through one subquery per type, evaluated only for events of that type. A record gone
or emptied by disposal falls back to the neutral label.
"""

from collections.abc import Callable

from django.db.models import Case, CharField, IntegerField, OuterRef, QuerySet, Subquery, Value, When
from django.db.models.functions import Cast

_LIVE: dict[str, tuple[Callable[[], QuerySet], str]] = {}


def register_live_label(target_type: str, records: Callable[[], QuerySet], *, field: str) -> None:
    """`records()` gives the type's rows, `field` the name among their columns or annotations."""
    _LIVE[target_type] = (records, field)


def live_label() -> Case:
    """Per event, its target's current name, or NULL (an unregistered type, a record gone)."""
    by_type = [
        When(
            target_type=target_type,
            then=Subquery(
                records().filter(pk=Cast(OuterRef("target_id"), IntegerField())).values(field)[:1],
                output_field=CharField(),
            ),
        )
        for target_type, (records, field) in _LIVE.items()
    ]
    return Case(*by_type, default=Value(None), output_field=CharField())
