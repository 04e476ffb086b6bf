"""The installation operator's pages: the districts (names, slugs, time zones, nothing they hold), a new
district from a policy template, and a district's first administrator. Anyone else gets a 404: the pages are
not there for them. OperatorMiddleware keeps operators here."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from policyportal import policy_templates, rules, selectors
from policyportal.forms import add_service_errors
from policyportal.invitations import INVITATION_DAYS
from policyportal.operator_forms import AdministratorInviteForm, DistrictCreateForm, template_counts
from policyportal.services.districts import district_administrator_invite, district_create
from policyportal.services.submissions import AlreadySent


def operator_only(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not rules.is_operator(request.user):
            raise Http404("No such page.")
        return view(request, *args, **kwargs)

    return wrapped


@operator_only
@require_GET
def home(request):
    districts = list(selectors.districts_for_operator(request.user))
    return render(request, "operator/home.html", {"districts": districts})


@operator_only
@require_http_methods(["GET", "POST"])
def district_new(request):
    templates = policy_templates.available()
    form = DistrictCreateForm(request.POST or None, templates=templates)
    if request.method == "POST" and form.is_valid():
        try:
            district = district_create(**form.cleaned_data, by=request.user)
        except AlreadySent as sent:
            messages.info(request, str(sent))
            created = selectors.districts_for_operator(request.user).get(pk=sent.created_id)
            return redirect("operator:administrator_invite", slug=created.slug)
        except ValidationError as refusal:
            add_service_errors(form, refusal)
        else:
            messages.success(
                request,
                f"{district.name} is created, with its rules from the “{form.cleaned_data['template']}” template. "
                "Now invite its first administrator.",
            )
            return redirect("operator:administrator_invite", slug=district.slug)
    options = [
        {"radio": radio, "template": template, "counts": template_counts(template)}
        for radio, template in zip(form["template"], templates, strict=True)
    ]
    return render(request, "operator/district_create.html", {"form": form, "template_options": options})


@operator_only
@require_http_methods(["GET", "POST"])
def administrator_invite(request, slug: str):
    district = selectors.district_get_for_operator(request.user, slug)
    may_invite = rules.may_invite_first_administrator(
        request.user, has_acting_administrator=selectors.has_acting_administrator(district)
    )
    form = AdministratorInviteForm(request.POST or None)
    if request.method == "POST" and may_invite and form.is_valid():
        try:
            person = district_administrator_invite(district=district, **form.cleaned_data, by=request.user)
        except AlreadySent as sent:
            messages.info(request, str(sent))
            return redirect("operator:home")
        except ValidationError as refusal:
            add_service_errors(form, refusal)
        else:
            messages.success(
                request,
                f"The invitation to {person.display_name} ({person.email}) is on its way. Its link works once, "
                f"for {INVITATION_DAYS} days; invite them again here for a new one.",
            )
            return redirect("operator:home")
    context = {"district": district, "form": form, "may_invite": may_invite, "days": INVITATION_DAYS}
    return render(request, "operator/administrator_invite.html", context)
