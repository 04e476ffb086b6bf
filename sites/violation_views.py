from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audits.forms import positive_int
from policyportal.forms import add_service_errors
from policyportal.records.selectors import hold_banner
from policyportal.services.submissions import AlreadySent, Stale
from policyportal.stale_views import stale_page, typed_text
from sites import selectors, services
from sites.forms import ResolveForm, ViolationForm
from sites.rules import may_resolve

PAGE_SIZE = 25


@require_http_methods(["GET", "POST"])
def report(request):
    site_id = positive_int(request.GET.get("site"))
    initial = {"site": site_id} if site_id else {}
    form = ViolationForm(
        request.POST or None,
        sites=selectors.reportable_sites(request.user),
        categories=selectors.violation_categories(request.user),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            found = services.violation_report(by=request.user, **form.cleaned_data)
        except AlreadySent as sent:
            messages.info(request, str(sent))
            return redirect("sites:violation", pk=sent.created_id)
        except ValidationError as refusal:
            add_service_errors(form, refusal)
        else:
            messages.success(request, "Thank you. Your report was sent at once to the person who handles it.")
            return redirect("sites:violation", pk=found.pk)
    return render(request, "sites/violation_form.html", {"form": form})


@require_GET
def violations(request):
    found = selectors.violations_visible_to(request.user)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "sites/violations.html", {"page": page})


def _detail(request, found, form: ResolveForm | None = None) -> dict:
    """The report, and for whoever may record what was done the form offering the outcomes they may record,
    naming those left to a district administrator."""
    context = {"report": found, "form": None, "hold_banner": hold_banner(request.user, "violations", found)}
    if found.resolved_at is None and may_resolve(found, request.user):
        allowed, for_administrators = selectors.violation_outcomes(found, request.user)
        context.update(form=form or ResolveForm(outcomes=allowed), for_administrators=for_administrators)
    return context


@require_GET
def violation(request, pk: int):
    found = selectors.violation_get_for_user(request.user, pk)
    return render(request, "sites/violation_detail.html", _detail(request, found))


@require_POST
def resolve(request, pk: int):
    found = selectors.violation_get_for_user(request.user, pk)
    allowed, for_administrators = selectors.violation_outcomes(found, request.user)
    # Every outcome of the policy is a valid choice here, so that one the person may not record is refused by
    # the service, which says why.
    form = ResolveForm(request.POST, outcomes=allowed + for_administrators)
    if form.is_valid():
        try:
            services.violation_resolve(report=found, by=request.user, **form.cleaned_data)
        except Stale:
            found.refresh_from_db()
            return stale_page(
                request,
                record=found,
                district_id=found.district_id,
                record_url=reverse("sites:violation", args=[found.pk]),
                typed=typed_text(form),
                state=f"handled: {found.outcome.text}" if found.outcome else "",
            )
        except ValidationError as refusal:
            add_service_errors(form, refusal)
        else:
            messages.success(request, "What was done is recorded, and the reporter was told.")
            return redirect("sites:violation", pk=found.pk)
    return render(request, "sites/violation_detail.html", _detail(request, found, form), status=400)
