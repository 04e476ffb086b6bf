import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import TextField
from django.db.models.functions import Cast
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from audits import selectors, services
from audits.details import details_in_words
from audits.exports import stream_csv
from audits.forms import EventFilterForm, positive_int
from audits.rules import may_read_audit_trail
from audits.streaming import queryset_rows

PAGE_SIZE = 50
CSV_HEADER = ["Sequence", "When (UTC)", "Who", "Action", "About", "Record", "Label", "Details", "Address", "Hash"]
CSV_FIELDS = [
    "sequence",
    "occurred_at",
    "actor_name",
    "action",
    "target_type",
    "target_id",
    "shown_label",
    "payload_text",
    "client_ip",
    "hash",
]


def _require_admin(request) -> None:
    if not may_read_audit_trail(request.user):
        raise PermissionDenied("The audit trail is for district administrators.")


@require_GET
def event_list(request):
    _require_admin(request)
    actions, target_types = selectors.filter_choices(request.user)
    # A name typed rather than a menu of everyone: a district has thousands of people (bench/README.md).
    form = EventFilterForm(request.GET or None, actions=actions, target_types=target_types)
    verification = selectors.last_verification(request.user)
    if form.is_bound and not form.is_valid():  # nothing shown or exported until the filters are corrected
        context = {"form": form, "events": [], "verification": verification}
        return render(request, "audits/event_list.html", context, status=400)
    filters = form.cleaned_data if form.is_bound else {}
    exporting = request.GET.get("format") == "csv"
    # `before` pages the screen; an export is always the whole filtered trail, as its audit event says.
    before = None if exporting else positive_int(request.GET.get("before"))
    events = selectors.events_filtered(
        request.user,
        before=before,
        actor=filters.get("actor"),
        action=filters.get("action", ""),
        target_type=filters.get("target_type", ""),
        target_id=filters.get("target_id", ""),
        since=filters.get("start"),
        until=filters.get("end"),
    )
    if exporting:
        columns = events.annotate(payload_text=Cast("payload", TextField())).values_list(*CSV_FIELDS)
        rows = ((sequence, occurred_at.isoformat(), *rest) for sequence, occurred_at, *rest in queryset_rows(columns))
        used = {key: str(value) for key, value in filters.items() if value not in ("", None)}
        services.export_record(by=request.user, report="audit", file_format="csv", title="Audit trail", filters=used)
        return stream_csv("audit-trail", CSV_HEADER, rows)
    shown = list(events[: PAGE_SIZE + 1])
    query = request.GET.copy()
    for key in ("before", "format"):
        query.pop(key, None)
    context = {
        "form": form,
        "events": shown[:PAGE_SIZE],
        "older": shown[PAGE_SIZE - 1].sequence if len(shown) > PAGE_SIZE else None,
        "paged": before is not None,
        "query": query.urlencode(),
        "verification": verification,
    }
    return render(request, "audits/event_list.html", context)


@require_GET
def event_detail(request, pk: int):
    _require_admin(request)
    event = selectors.event_get_for_user(request.user, pk)
    context = {
        "event": event,
        "details": details_in_words(event.payload),
        "payload": json.dumps(event.payload, indent=2, sort_keys=True, ensure_ascii=False),
        "target_url": selectors.target_url(event),
    }
    return render(request, "audits/event_detail.html", context)


@require_POST
def verify(request):
    report = services.chain_verify(by=request.user)
    if report.intact:
        messages.success(request, f"The audit trail is intact: {report.events} events verified.")
    else:
        messages.error(request, f"The audit trail was tampered with at event {report.broken_at}: {report.problem}.")
    return redirect("audits:events")
