"""The records office's pages, for the district's records officers (a 404 for anyone else): its home, the
retention schedules, and the legal holds."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from policyportal.forms import add_service_errors
from policyportal.records import selectors, services
from policyportal.records.forms import HoldForm, ScheduleForm
from policyportal.services.submissions import AlreadySent

HOLDS_PAGE_SIZE = 25


@require_GET
def home(request):
    user = request.user
    context = {"schedules": selectors.schedules_for(user), "holds": selectors.standing_holds_for(user)}
    return render(request, "records/home.html", context)


@require_GET
def schedules(request):
    return render(request, "records/schedules.html", {"schedules": selectors.schedules_for(request.user)})


@require_http_methods(["GET", "POST"])
def schedule_edit(request, kind: str):
    user = request.user
    row = selectors.schedule_kind_for(user, kind)
    initial = {}
    if row.schedule is not None:
        schedule = row.schedule
        initial = {"starts": schedule.starts, "years": schedule.years, "months": schedule.months}
        initial["authority"] = schedule.authority
    form = ScheduleForm(request.POST or None, kind=row.kind, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.retention_schedule_set(
                district=user.member_district, kind=row.kind.key, by=user, **form.cleaned_data
            )
        except ValidationError as refusal:
            add_service_errors(form, refusal)
        else:
            messages.success(request, f"Saved the retention period of {row.kind.label.lower()}.")
            return redirect("records:schedules")
    return render(request, "records/schedule_form.html", {"row": row, "form": form}, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def schedule_remove(request, kind: str):
    user = request.user
    row = selectors.schedule_kind_for(user, kind)
    if row.schedule is None:
        messages.info(request, f"{row.kind.label} have no retention period: they are kept.")
        return redirect("records:schedules")
    if request.method == "POST":
        services.retention_schedule_remove(district=user.member_district, kind=row.kind.key, by=user)
        messages.success(request, f"Removed the retention period: {row.kind.label.lower()} are kept from now on.")
        return redirect("records:schedules")
    return render(request, "records/schedule_remove.html", {"row": row})


@require_GET
def holds(request):
    page = selectors.holds_page(request.user, request.GET.get("page"), HOLDS_PAGE_SIZE)
    return render(request, "records/holds.html", {"page": page})


@require_http_methods(["GET", "POST"])
def hold_new(request):
    user = request.user
    selectors.require_officer(user)
    form = HoldForm(request.POST or None, sites=selectors.hold_sites(user), people=selectors.hold_people(user))
    if request.method == "POST" and form.is_valid():
        try:
            hold = services.legal_hold_place(district=user.member_district, by=user, **form.values())
        except AlreadySent as sent:
            messages.info(request, str(sent))
            return redirect("records:hold", pk=sent.created_id)
        except ValidationError as refusal:
            add_service_errors(form, refusal)
        else:
            messages.success(request, "The hold is placed: nothing it covers can be disposed of until it is lifted.")
            return redirect("records:hold", pk=hold.pk)
    return render(request, "records/hold_form.html", {"form": form}, status=400 if form.errors else 200)


@require_GET
def hold(request, pk: int):
    found = selectors.hold_get_for_user(request.user, pk)
    coverage = selectors.hold_coverage(found) if found.is_standing else []
    return render(request, "records/hold.html", {"hold": found, "coverage": coverage})


@require_http_methods(["GET", "POST"])
def hold_lift(request, pk: int):
    found = selectors.hold_get_for_user(request.user, pk)
    if not found.is_standing:
        messages.info(request, "This hold was already lifted.")
        return redirect("records:hold", pk=found.pk)
    if request.method == "POST":
        try:
            services.legal_hold_lift(hold=found, by=request.user)
        except ValidationError as refusal:
            messages.error(request, " ".join(refusal.messages))
        else:
            messages.success(request, "The hold is lifted: what it kept may be disposed of once its period has passed.")
        return redirect("records:hold", pk=found.pk)
    return render(request, "records/hold_lift.html", {"hold": found})
