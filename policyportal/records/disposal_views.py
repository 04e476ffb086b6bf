"""The disposal pages, for the district's records officers (a 404 for anyone else): the list waiting for approval,
its approval, and the lists approved before with their tombstones."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from policyportal.forms import add_service_errors
from policyportal.records import disposal, disposal_selectors, rules
from policyportal.records.disposal_forms import DisposalApproveForm

PAST_LISTS_ON_FIRST_PAGE = 5
PAST_LISTS_PAGE_SIZE = 25


@require_GET
def waiting_list(request):
    user = request.user
    waiting = disposal_selectors.waiting_list_for(user, request.GET.get("page"))
    past = list(disposal_selectors.past_lists_for(user)[: PAST_LISTS_ON_FIRST_PAGE + 1])
    context = {
        "waiting": waiting,
        "page": waiting.page if waiting else None,
        "past": past[:PAST_LISTS_ON_FIRST_PAGE],
        "more_past": len(past) > PAST_LISTS_ON_FIRST_PAGE,
    }
    return render(request, "records/disposal.html", context)


@require_GET
def past_lists(request):
    lists = disposal_selectors.past_lists_for(request.user)
    page = Paginator(lists, PAST_LISTS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "records/disposal_lists.html", {"page": page})


@require_GET
def past_list(request, pk: int):
    batch = disposal_selectors.batch_for(request.user, pk)
    if rules.disposal_waiting(batch):
        return redirect("records:disposal")
    context = {
        "batch": batch,
        "page": disposal_selectors.tombstones_of(batch, request.GET.get("page")),
        "kept": disposal_selectors.kept_items_of(batch),
    }
    return render(request, "records/disposal_list.html", context)


@require_http_methods(["GET", "POST"])
def approve(request, pk: int):
    user = request.user
    batch, total = disposal_selectors.waiting_batch_for(user, pk)
    form = DisposalApproveForm(request.POST or None, expected=total)
    if request.method == "POST" and form.is_valid():
        try:
            disposal.disposal_approve(batch=batch, by=user, expected_count=form.cleaned_data["count"])
        except ValidationError as refusal:
            add_service_errors(form, refusal)
        else:
            messages.success(
                request,
                f"Disposal approved: the {total} records are being disposed of. Each leaves a tombstone below.",
            )
            return redirect("records:disposal_list", pk=batch.pk)
    status = 400 if form.errors else 200
    return render(
        request, "records/disposal_approve.html", {"batch": batch, "total": total, "form": form}, status=status
    )
