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
    """What the person typed into the form's visible text fields, to copy or reuse: each under its label when
    there are several."""
    typed = [
        (field.label, str(form.cleaned_data[name]))
        for name, field in form.fields.items()
        if isinstance(field, forms.CharField) and not field.widget.is_hidden and form.cleaned_data.get(name)
    ]
    if len(typed) == 1:
        return typed[0][1]
    return "\n\n".join(f"{label}:\n{text}" for label, text in typed)


def stale_page(
    request,
    *,
    record,
    district_id: int,
    record_url: str,
    typed: str,
    retry: Retry | None = None,
    state: str = "",
    about=None,
):
    """`state` says what the record is now, in words that follow "It is now", when it has no status of its own;
    `about` is the record whose history tells its last change, when its events are recorded on another (a
    review's, on its site)."""
    kind = target_type_label(record._meta.model_name).lower()
    context = {
        "kind": kind,
        "state": state or (record.get_status_display().lower() if hasattr(record, "get_status_display") else ""),
        "last_change": last_event_about(about or record, district_id=district_id),
        "record_url": record_url,
        "typed": typed,
        "retry": retry,
    }
    return render(request, "stale.html", context, status=409)
