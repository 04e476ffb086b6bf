"""The staff import's pages, for the district's administrators: upload, preview, confirm, result."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from policyportal.directory import formats, rules, selectors, services
from policyportal.directory.forms import StaffApplyForm, StaffUploadForm
from policyportal.directory.plan import FIELD_LABELS
from policyportal.models import StaffImport, StaffImportStatus

PAGE_SIZE = 50
SECTIONS = {
    "problems": "Problems",
    "new": "New",
    "changed": "Changed",
    "leaving": "Leaving",
    "overridden": "Supervisor kept",
    "closed": "Closed in the portal",
    "schools": "Schools",
}


def _require_importer(request) -> None:
    if not rules.may_import_staff(request.user):
        raise PermissionDenied("Importing staff is for the district's administrators.")


@require_http_methods(["GET", "POST"])
def upload(request):
    _require_importer(request)
    form = StaffUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploads = [formats.Upload(f.name, f.read(formats.MAX_FILE_BYTES + 1)) for f in form.cleaned_data["files"]]
        staff_import = services.staff_import_preview(
            district=request.user.member_district,
            uploads=uploads,
            by=request.user,
            format=form.cleaned_data["format"],
            full=form.cleaned_data["full"],
        )
        return redirect("staff_import:preview", pk=staff_import.pk)
    imports = selectors.staff_imports_for(request.user)[:10]
    return render(request, "directory/upload.html", {"form": form, "imports": imports})


def _items(staff_import: StaffImport, section: str) -> list:
    planned = staff_import.plan
    if section == "schools":
        schools = planned.get("schools", {})
        return [{**s, "kind": "new"} for s in schools.get("new", [])] + [
            {**s, "kind": "updated"} for s in schools.get("updated", [])
        ]
    return planned.get(section, [])


def _shown_changes(changed: list[dict]) -> list[dict]:
    return [
        {**item, "rows": [(FIELD_LABELS[name], old, new) for name, (old, new) in item["changes"].items()]}
        for item in changed
    ]


def _summary(staff_import: StaffImport) -> dict:
    counts = staff_import.counts
    limit = staff_import.plan.get("limit", {})
    return {
        "counts": counts,
        "ignored": sorted(counts.get("ignored", {}).items()),
        "limit": limit,
        "over_limit": bool(limit.get("over")),
        "has_problems": bool(counts.get("problems")),
        "has_leavers": bool(counts.get("leaving")),
        "is_waiting": staff_import.status == StaffImportStatus.PREVIEWED,
    }


@require_GET
def preview(request, pk: int):
    _require_importer(request)
    staff_import = selectors.staff_import_get_for_user(request.user, pk)
    summary = _summary(staff_import)
    available = [key for key in SECTIONS if _items(staff_import, key)]
    section = request.GET.get("show", "")
    if section not in SECTIONS:
        section = available[0] if available else "new"
    page = Paginator(_items(staff_import, section), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = _shown_changes(page.object_list) if section == "changed" else page.object_list
    context = {
        "staff_import": staff_import,
        **summary,
        "sections": [(key, SECTIONS[key], len(_items(staff_import, key))) for key in SECTIONS],
        "section": section,
        "section_label": SECTIONS[section],
        "page": page,
        "rows": rows,
        "query": f"show={section}",
        "may_confirm": summary["is_waiting"] and not summary["has_problems"],
    }
    return render(request, "directory/preview.html", context)


@require_http_methods(["GET", "POST"])
def confirm(request, pk: int):
    _require_importer(request)
    staff_import = selectors.staff_import_get_for_user(request.user, pk)
    if staff_import.status != StaffImportStatus.PREVIEWED or staff_import.counts.get("problems"):
        return redirect("staff_import:preview", pk=pk)
    initial = {"digest": staff_import.plan_digest}
    form = StaffApplyForm(initial=initial)
    leavers_form = StaffApplyForm(initial={**initial, "close_leavers": True})
    if request.method == "POST":
        posted = StaffApplyForm(request.POST)
        if posted.is_valid():
            try:
                services.staff_import_apply(
                    staff_import=staff_import,
                    by=request.user,
                    digest=posted.cleaned_data["digest"],
                    confirm_leavers=posted.cleaned_data["close_leavers"],
                    confirm_over_limit=posted.cleaned_data["confirm_over_limit"],
                )
            except services.StalePreview as stale:
                messages.warning(request, " ".join(stale.messages))
                return redirect("staff_import:preview", pk=pk)
            except ValidationError as refusal:
                messages.error(request, " ".join(refusal.messages))
            else:
                return redirect("staff_import:result", pk=pk)
        if posted.data.get("close_leavers") in ("True", "true", "on", "1"):
            leavers_form = posted
        else:
            form = posted
    context = {"staff_import": staff_import, **_summary(staff_import), "form": form, "leavers_form": leavers_form}
    return render(request, "directory/confirm.html", context)


@require_GET
def result(request, pk: int):
    _require_importer(request)
    staff_import = selectors.staff_import_get_for_user(request.user, pk)
    if staff_import.status != StaffImportStatus.APPLIED:
        return redirect("staff_import:preview", pk=pk)
    context = {
        "staff_import": staff_import,
        "applied": staff_import.counts.get("applied", {}),
        "follow_up": selectors.staff_import_follow_up(staff_import),
    }
    return render(request, "directory/result.html", context)


@require_POST
def discard(request, pk: int):
    _require_importer(request)
    staff_import = selectors.staff_import_get_for_user(request.user, pk)
    if services.staff_import_discard(staff_import=staff_import, by=request.user):
        messages.success(request, "The import was discarded: nothing changed.")
    return redirect("staff_import:upload")
