from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audits import services as audit_services
from audits.selectors import last_event_about
from policyportal.forms import VersionForm, add_service_errors
from policyportal.models import AppliesTo
from policyportal.records.selectors import hold_banner
from policyportal.selectors import current_items, schools_visible_to
from policyportal.services.submissions import AlreadySent, Stale
from policyportal.stale_views import Retry, stale_page, typed_text
from requests import rules, selectors, services, written_permission
from requests.forms import DecisionForm, DistrictRequestFilterForm, ReassignForm, RequestForm
from requests.models import Outcome
from sites import rules as site_rules

PAGE_SIZE = 25
DECIDED = {
    Outcome.APPROVED: "You approved the request.",
    Outcome.RETURNED: "You returned the request for changes. The requester was told why.",
    Outcome.DENIED: "You denied the request. The requester was told why.",
}


@require_GET
def my_requests(request):
    page = Paginator(selectors.requests_of(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "requests/my_requests.html", {"page": page})


@require_GET
def waiting(request):
    page = Paginator(selectors.requests_waiting_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "now": timezone.now(), "unassigned": selectors.requests_without_decider(request.user)}
    return render(request, "requests/waiting.html", context)


@require_GET
def district_requests(request):
    if not rules.oversees_requests(request.user):
        raise PermissionDenied("All requests of the district are for district administrators.")
    form = DistrictRequestFilterForm(request.GET or None, schools=schools_visible_to(request.user))
    filters = form.cleaned_data if form.is_valid() else {}
    found = selectors.district_requests(request.user, **{k: v for k, v in filters.items() if v not in ("", None)})
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "requests/district_requests.html", {"form": form, "page": page, "query": query.urlencode()})


@require_http_methods(["GET", "POST"])
def edit(request, pk: int | None = None):
    existing = selectors.request_get_for_user(request.user, pk) if pk else None
    if existing is not None and existing.requester_id != request.user.pk:
        raise Http404("Only the requester edits a request.")
    form = RequestForm(
        request.POST or None,
        instance=existing,
        items=current_items(request.user.district_id, AppliesTo.REQUEST_ATTESTATION),
        schools=schools_visible_to(request.user),
    )
    if existing is not None and not rules.may_edit(existing, request.user):
        if request.method == "POST":  # sent or withdrawn from another tab since this form was opened
            return _edit_stale(request, existing, form)
        messages.info(request, f"This request is {existing.get_status_display().lower()} and can no longer be edited.")
        return redirect("requests:detail", pk=existing.pk)
    if request.method == "POST" and form.is_valid():
        submitting = request.POST.get("action") == "submit"
        service = services.request_submit if submitting else services.request_save_draft
        try:
            saved = service(
                by=request.user,
                fields=form.request_fields(),
                attested=form.attested_items(),
                request=existing,
                expected_version=form.cleaned_data["version"],
            )
        except AlreadySent as sent:
            messages.info(request, str(sent))
            return redirect("requests:detail", pk=sent.created_id)
        except Stale:
            return _edit_stale(request, existing, form)
        except ValidationError as error:
            add_service_errors(form, error)
            if submitting:
                messages.error(request, "Nothing was submitted. Fix what is marked below, or save it as a draft.")
        else:
            if submitting:
                messages.success(request, "Your request was submitted. You will be told when it is decided.")
            else:
                messages.success(request, "Draft saved. Submit it when it is complete.")
            return redirect("requests:detail", pk=saved.pk)
    return render(request, "requests/form.html", {"form": form, "existing": existing})


def _edit_stale(request, existing, form):
    """The request was saved, sent or withdrawn from another tab since this form was opened. If it can still be
    edited, the form again with what was typed, now against the request as it is; else what changed, and the
    typed text to copy."""
    existing.refresh_from_db()
    if not rules.may_edit(existing, request.user):
        form.is_valid()  # what was typed, to copy
        return _stale(request, existing, form)
    typed = request.POST.copy()
    typed["version"] = existing.version
    again = RequestForm(
        typed,
        instance=existing,
        items=current_items(request.user.district_id, AppliesTo.REQUEST_ATTESTATION),
        schools=schools_visible_to(request.user),
    )
    changed = last_event_about(existing, district_id=existing.district_id)
    return render(request, "requests/form.html", {"form": again, "existing": existing, "changed": changed}, status=409)


def _detail(request, found, *, decision_form=None, reassign_form=None, status=200):
    user = request.user
    site = getattr(found, "site", None)  # opened by the approval, if it was approved
    can_decide = rules.may_decide(found, user)
    can_reassign = rules.may_reassign(found, user)
    if can_decide and decision_form is None:
        decision_form = DecisionForm(initial={"version": found.version, "snapshot_hash": found.snapshot_hash})
    if can_reassign and reassign_form is None:
        reassign_form = ReassignForm(
            initial={"version": found.version},
            deciders=rules.step_deciders(found),
        )
    context = {
        "req": found,
        "decisions": selectors.request_decisions(found),
        "history": selectors.request_history(found),
        "attestations": selectors.request_attestations(found),
        "decision_form": decision_form if can_decide else None,
        "reassign_form": reassign_form if can_reassign else None,
        "may_edit": rules.may_edit(found, user),
        "may_withdraw": rules.may_withdraw(found, user),
        "has_written_permission": rules.has_written_permission(found),
        "may_open_site": site is not None and site_rules.may_see_site(site, user),
        "hold_banner": hold_banner(user, "requests", found),
    }
    return render(request, "requests/detail.html", context, status=status)


def _stale(request, found, form, retry: Retry | None = None):
    return stale_page(
        request,
        record=found,
        district_id=found.district_id,
        record_url=reverse("requests:detail", args=[found.pk]),
        typed=typed_text(form),
        retry=retry,
    )


@require_GET
def detail(request, pk: int):
    return _detail(request, selectors.request_get_for_user(request.user, pk))


@require_POST
def decide(request, pk: int):
    found = selectors.request_get_for_user(request.user, pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            decision = services.request_decide(
                request=found,
                by=request.user,
                outcome=form.cleaned_data["outcome"],
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
                snapshot_hash=form.cleaned_data["snapshot_hash"],
            )
        except Stale:
            found.refresh_from_db()
            return _stale(request, found, form, retry=_decide_again(found, request.user, form.cleaned_data["reason"]))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            found.refresh_from_db()
            messages.success(request, _decided(found, decision))
            return redirect("requests:detail", pk=found.pk)
    found.refresh_from_db()
    return _detail(request, found, decision_form=form, status=400)


def _decided(found, decision) -> str:
    if decision.outcome == Outcome.APPROVED and found.is_pending:
        who = found.current_decider.display_name if found.current_decider else "the next decider"
        return f"You approved step {decision.step}. The request now waits for {who}."
    return DECIDED[decision.outcome]


def _decide_again(found, user, reason: str) -> Retry | None:
    if not rules.may_decide(found, user):
        return None
    form = DecisionForm(initial={"version": found.version, "snapshot_hash": found.snapshot_hash, "reason": reason})
    return Retry(form, reverse("requests:decide", args=[found.pk]), "Record my decision")


@require_POST
def reassign(request, pk: int):
    found = selectors.request_get_for_user(request.user, pk)
    form = ReassignForm(request.POST, deciders=rules.step_deciders(found))
    if form.is_valid():
        try:
            services.request_reassign(
                request=found,
                by=request.user,
                to=form.cleaned_data["to"],
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except Stale:
            found.refresh_from_db()
            return _stale(request, found, form, retry=_reassign_again(found, request.user, form.cleaned_data))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"The decision now waits for {form.cleaned_data['to'].display_name}.")
            return redirect("requests:detail", pk=found.pk)
    return _detail(request, found, reassign_form=form, status=400)


def _reassign_again(found, user, typed: dict) -> Retry | None:
    if not rules.may_reassign(found, user):
        return None
    initial = {"version": found.version, "to": typed["to"].pk, "reason": typed["reason"]}
    form = ReassignForm(initial=initial, deciders=rules.step_deciders(found))
    return Retry(form, reverse("requests:reassign", args=[found.pk]), "Reassign")


@require_http_methods(["GET", "POST"])
def withdraw(request, pk: int):
    found = selectors.request_get_for_user(request.user, pk)
    if found.requester_id != request.user.pk:
        raise Http404("Only the requester withdraws a request.")
    form = VersionForm(request.POST or None, initial={"version": found.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.request_withdraw(request=found, by=request.user, expected_version=form.cleaned_data["version"])
        except Stale:
            found.refresh_from_db()
            return _stale(request, found, form)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Your request was withdrawn.")
        return redirect("requests:detail", pk=found.pk)
    return render(request, "requests/withdraw_confirm.html", {"req": found, "form": form})


@require_GET
def permission(request, pk: int):
    found = _with_written_permission(request, pk)
    return render(request, "requests/permission.html", {"req": found, "decisions": selectors.request_decisions(found)})


@require_GET
def permission_pdf(request, pk: int):
    """The written permission printed as a tagged PDF, for whoever may read the permission page; each download
    is recorded like the reports' PDFs."""
    found = _with_written_permission(request, pk)
    body = written_permission.permission_pdf(found, selectors.request_decisions(found))
    audit_services.export_record(by=request.user, report="written_permission", file_format="pdf", target=found)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="written-permission-{found.pk}.pdf"'
    return response


def _with_written_permission(request, pk: int):
    found = selectors.request_get_for_user(request.user, pk)
    if not rules.has_written_permission(found):
        raise Http404("Only an approved request has a written permission.")
    return found
