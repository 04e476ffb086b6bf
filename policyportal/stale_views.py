"""The answer to a stale or replayed state change (`Stale`): a 409 page that says what the record is now, who
changed it last and when, links to it, and keeps what the person typed, in the form again when they may still act.
"""

from dataclasses import dataclass

from django import forms
from django.shortcuts import render

from audits.labels import target_type_label
from audits.selectors import last_event_about


@dataclass(frozen=True)
class Retry:
    """The same action again on the record as it is now: a fresh form (its current version, the typed text)."""

    form: forms.Form
    url: str
    label: str


def typed_text(form: forms.Form) -> str:
    """What the person typed into the form's visible text fields, to copy or reuse."""
    return "\n".join(
        str(form.cleaned_data[name])
        for name, field in form.fields.items()
        if isinstance(field, forms.CharField) and not field.widget.is_hidden and form.cleaned_data.get(name)
    )


def stale_page(request, *, record, district_id: int, record_url: str, typed: str, retry: Retry | None = None):
    kind = target_type_label(record._meta.model_name).lower()
    context = {
        "kind": kind,
        "state": record.get_status_display() if hasattr(record, "get_status_display") else "",
        "last_change": last_event_about(record, district_id=district_id),
        "record_url": record_url,
        "typed": typed,
        "retry": retry,
    }
    return render(request, "stale.html", context, status=409)
