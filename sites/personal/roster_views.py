"""The directory-objection roster behind the pre-check: read it, import it from the student system."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from audits.forms import positive_int
from policyportal.selectors import schools_visible_to
from sites.personal import rules
from sites.personal.forms import RosterImportForm
from sites.personal.services import roster

PAGE_SIZE = 50
SESSION_KEY = "roster_import"
EARLIEST = datetime.datetime.min.replace(tzinfo=datetime.UTC).isoformat()


@require_GET
def roster_list(request):
    school_id = positive_int(request.GET.get("school"))
    school = schools_visible_to(request.user).filter(pk=school_id).first() if school_id else None
    try:
        students = roster.roster_open(by=request.user, school=school)
    except PermissionDenied:
        raise Http404("No such list.") from None
    page = Paginator(students, PAGE_SIZE).get_page(request.GET.get("page"))
    may_import = rules.may_import_roster(request.user)
    context = {"page": page, "form": RosterImportForm() if may_import else None, "may_import": may_import}
    return render(request, "personal/roster.html", {**context, "school": school})


@require_POST
def roster_preview(request):
    if not rules.may_import_roster(request.user):
        raise PermissionDenied("Only a district administrator imports the roster.")
    # Whatever this upload holds, an earlier preview is no longer what the administrator is looking at.
    request.session.pop(SESSION_KEY, None)
    form = RosterImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Choose a CSV file and how to import it.")
        return redirect("sites:roster")
    content = form.cleaned_data["file"].read(roster.MAX_BYTES + 1)
    parsed = roster.parse(request.user.district, content)
    replaces = form.cleaned_data["mode"] == "replace"
    kept: set[str] = set()
    if parsed.acceptable:
        request.session[SESSION_KEY] = {
            "content": content.decode("utf-8-sig"),
            "mode": form.cleaned_data["mode"],
            "previewed_at": timezone.now().isoformat(),
        }
        kept = roster.kept_by_holds(roster.held_student_ids(request.user.district), parsed.rows, replaces)
    context = {"parsed": parsed, "replaces": replaces, "kept_by_holds": len(kept)}
    return render(request, "personal/roster_preview.html", context)


@require_POST
def roster_confirm(request):
    pending = request.session.pop(SESSION_KEY, None)
    if pending is None:
        messages.error(request, "Nothing is waiting to be imported: upload the file again.")
        return redirect("sites:roster")
    try:
        imported = roster.roster_import(
            district=request.user.district,
            by=request.user,
            content=pending["content"].encode(),
            replace=pending["mode"] == "replace",
            # A preview from before this was recorded counts as made before any purge.
            previewed_at=datetime.datetime.fromisoformat(pending.get("previewed_at", EARLIEST)),
        )
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, _imported_in_words(imported))
    return redirect("sites:roster")


def _imported_in_words(imported: roster.Imported) -> str:
    words = f"Imported {imported.students} student{'s' if imported.students != 1 else ''}."
    kept = imported.kept_by_holds
    if kept:
        entries = "entries" if kept != 1 else "entry"
        words += f" {kept} student{'s' if kept != 1 else ''} stayed as they were: a legal hold covers their {entries}."
    return words
