"""Acknowledging the personal-use rules, and the administrators' view of who has."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from audits.exports import stream_csv
from policyportal.forms import add_service_errors
from policyportal.models import AppliesTo
from policyportal.services.submissions import AlreadySent
from sites.personal import rules, selectors
from sites.personal.forms import AcknowledgmentForm
from sites.personal.services import acknowledgments

MISSING_PAGE = 50


@require_http_methods(["GET", "POST"])
def acknowledge(request):
    version, signed = selectors.acknowledgment_status(request.user)
    form = AcknowledgmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            acknowledgments.acknowledgment_record(
                user=request.user,
                typed_name=form.cleaned_data["typed_name"],
                form_token=form.cleaned_data["form_token"],
            )
        except AlreadySent as sent:
            messages.info(request, str(sent))
            return redirect("acknowledge")
        except ValidationError as refusal:
            add_service_errors(form, refusal)
        else:
            messages.success(request, "Thank you. Your acknowledgment is recorded.")
            return redirect("acknowledge")
    items = [item for item in version.items.all() if item.applies_to == AppliesTo.ACKNOWLEDGMENT] if version else []
    context = {
        "version": version,
        "signed": signed,
        "items": items,
        "form": form,
        "due": rules.acknowledgment_due_at(version) if version else None,
        "may_see_acknowledgments": rules.may_see_acknowledgments(request.user),
    }
    return render(request, "personal/acknowledge.html", context)


@require_GET
def acknowledgment_report(request):
    if not rules.may_see_acknowledgments(request.user):
        raise PermissionDenied("Acknowledgment completion is for district administrators.")
    version, _ = selectors.acknowledgment_status(request.user)
    if request.GET.get("format") == "csv" and version:
        rows = acknowledgments.acknowledgments_export(by=request.user, version=version)
        return stream_csv("acknowledgments-missing", acknowledgments.EXPORT_COLUMNS, rows)
    context = {
        "version": version,
        "schools": selectors.acknowledgment_completion_by_school(version) if version else [],
        "missing": Paginator(selectors.acknowledgments_missing(version) if version else [], MISSING_PAGE).get_page(
            request.GET.get("page")
        ),
        "due": rules.acknowledgment_due_at(version) if version else None,
    }
    return render(request, "personal/acknowledgment_report.html", context)
