from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from audits.exports import stream_csv
from audits.recorder import record
from policyportal import acknowledgments
from policyportal.forms import add_service_errors
from policyportal.models import AppliesTo


class AcknowledgmentForm(forms.Form):
    read_them = forms.BooleanField(label="I have read these rules and will follow them.")
    typed_name = forms.CharField(label="Type your full name to sign", max_length=200)


@require_http_methods(["GET", "POST"])
def acknowledge(request):
    version, signed = acknowledgments.status(request.user)
    form = AcknowledgmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            acknowledgments.acknowledgment_record(user=request.user, typed_name=form.cleaned_data["typed_name"])
        except ValidationError as refusal:
            add_service_errors(form, refusal)
        else:
            messages.success(request, "Thank you. Your acknowledgment is recorded.")
            return redirect("acknowledge")
    items = [item for item in version.items.all() if item.applies_to == AppliesTo.ACKNOWLEDGMENT] if version else []
    due = acknowledgments.due_at(version) if version else None
    context = {"version": version, "signed": signed, "items": items, "form": form, "due": due}
    return render(request, "policyportal/acknowledge.html", context)


@require_GET
def acknowledgment_report(request):
    if not request.user.is_district_admin:
        raise PermissionDenied("Acknowledgment completion is for district administrators.")
    version, _ = acknowledgments.status(request.user)
    missing = acknowledgments.missing(version) if version else []
    if request.GET.get("format") == "csv" and version:
        record(action="export.csv", actor=request.user, target=version, payload={"report": "acknowledgments_missing"})
        rows = ([p.display_name, p.email, p.school.name if p.school else "District office", p.title] for p in missing)
        return stream_csv("acknowledgments-missing", ["Name", "Email", "School", "Title"], rows)
    context = {
        "version": version,
        "schools": acknowledgments.completion_by_school(version) if version else [],
        "missing": missing,
        "due": acknowledgments.due_at(version) if version else None,
    }
    return render(request, "policyportal/acknowledgment_report.html", context)
