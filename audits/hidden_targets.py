"""The trail names only what its reader may see: a record whose page is a 404 to the reader (another person's
private draft) is shown by neutral words, on the page, in the event's detail and in the CSV export.

The trail imports no other app, so an app whose records are not all visible to every reader of the trail
registers, per target type, the records a reader may not see (`hidden_from(reader)`, a queryset asked of the app's
own rules) and the words shown instead (`register_hidden`, from its AppConfig.ready). Each registration adds
one subquery to the trail's query, evaluated once per page or export whatever the number of events.
"""

from collections.abc import Callable

from django.db.models import BooleanField, Case, CharField, F, Q, QuerySet, Value, When
from django.db.models.functions import Cast, Coalesce, NullIf

from audits.live_labels import live_label

_HIDDEN: dict[str, tuple[Callable[..., QuerySet], str]] = {}


def register_hidden(target_type: str, *, hidden_from: Callable[..., QuerySet], label: str) -> None:
    _HIDDEN[target_type] = (hidden_from, label)


def _keys(records: QuerySet) -> QuerySet:
    """The records' primary keys as the trail writes them (`target_id` is text)."""
    return records.annotate(key=Cast("pk", CharField())).values("key")


def _hidden_events(reader) -> list[tuple[Q, str]]:
    """Per registered type, the events about records `reader` may not see, and what to call those records."""
    return [
        (Q(target_type=target_type, target_id__in=_keys(hidden_from(reader))), label)
        for target_type, (hidden_from, label) in _HIDDEN.items()
    ]


def with_shown_labels(events: QuerySet, reader) -> QuerySet:
    """`shown_label`: the target's current name (`audits.live_labels`), else the label the event kept, or the
    neutral words for a record `reader` may not see, whatever its name; and `target_hidden`, so that such a
    record is not linked either."""
    hidden = _hidden_events(reader)
    named = Coalesce(NullIf(live_label(), Value("")), F("target_label"), output_field=CharField())
    return events.annotate(
        shown_label=Case(*[When(q, then=Value(label)) for q, label in hidden], default=named, output_field=CharField()),
        target_hidden=Case(
            *[When(q, then=Value(True)) for q, _ in hidden], default=Value(False), output_field=BooleanField()
        ),
    )
