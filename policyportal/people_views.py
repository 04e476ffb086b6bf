"""The people pages. The district's administrators add, edit, deactivate (handing on the person's open work)
and reactivate people; supervisors see the people they supervise. Each page asks the rules and passes their
answers to its template as flags."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from policyportal import handover, rules, selectors
from policyportal.forms import OnceForm, add_service_errors
from policyportal.models import User
from policyportal.people_forms import (
    HandoverForm,
    NewPersonForm,
    PeopleFilterForm,
    PersonForm,
    RecordsOfficerForm,
    field_name,
    person_initial,
)
from policyportal.records import rules as records_rules
from policyportal.records.services import records_officer_set
from policyportal.services import people as services
from policyportal.services.invitations import invitation_send
from policyportal.services.submissions import AlreadySent

PAGE_SIZE = 25


@require_GET
def people(request):
    user = request.user
    manages = rules.administers(user)
    form = PeopleFilterForm(request.GET or None, schools=selectors.schools_visible_to(user), manages=manages)
    found = selectors.people_visible_to(user, **form.selection())
    page = selectors.people_page(found, request.GET.get("page"), PAGE_SIZE)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "filtered": bool(query),
        "manages": manages,
        "problems": selectors.people_problems(user),
    }
    return render(request, "policyportal/people.html", context)


def _require_manager(user: User, person: User | None = None) -> None:
    allowed = rules.administers(user) if person is None else rules.may_manage(user, person)
    if not allowed:
        raise PermissionDenied("Only the district's administrators add and change people.")


def _supervisor_choices(person: User):
    """Whom they may report to, and whoever they report to now (even if that account is closed: saving
    other details must not drop the supervisor unasked)."""
    eligible = selectors.supervisors_for(person)
    if person.supervisor_id is not None:
        eligible = eligible | User.objects.filter(pk=person.supervisor_id)
    return eligible.order_by("last_name", "first_name", "pk")


@require_http_methods(["GET", "POST"])
def person_new(request):
    user = request.user
    _require_manager(user)
    district = user.member_district
    school = request.GET.get("school", "")
    form = NewPersonForm(
        request.POST or None,
        schools=selectors.schools_visible_to(user),
        supervisors=selectors.supervisors_for(User(district=district)),
        initial={"school": school, "schools": [school] if school else []},
    )
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(
                district=district,
                by=user,
                username=form.cleaned_data["username"],
                invite=form.cleaned_data.get("invite", False),
                form_token=form.cleaned_data["form_token"],
                **form.values(),
            )
        except AlreadySent as sent:
            messages.info(request, str(sent))
            return redirect("person_edit", pk=sent.created_id)
        except ValidationError as refusal:
            add_service_errors(form, refusal)
        else:
            invited = " and invited by email" if form.cleaned_data.get("invite") else ""
            messages.success(request, f"{person.display_name} was added{invited}.")
            return redirect("person_edit", pk=person.pk)
    return render(request, "policyportal/person_form.html", {"form": form, "person": None})


@require_http_methods(["GET", "POST"])
def person_edit(request, pk: int):
    user = request.user
    person = selectors.person_get_for_user(user, pk)
    _require_manager(user, person)
    form = PersonForm(
        request.POST or None,
        initial=person_initial(person),
        person=person,
        schools=selectors.schools_visible_to(user),
        supervisors=_supervisor_choices(person),
    )
    if request.method == "POST" and form.is_valid():
        try:
            changes = services.person_update(person=person, by=user, values=form.values())
        except ValidationError as refusal:
            add_service_errors(form, refusal)
        else:
            if changes:
                messages.success(request, f"Saved the changes to {person.display_name}.")
            else:
                messages.info(request, "Nothing changed.")
            return redirect("person_edit", pk=person.pk)
    context = {
        "person": person,
        "form": form,
        "may_deactivate": rules.may_deactivate(user, person),
        "may_reactivate": rules.may_reactivate(user, person),
        "awaits_invitation": person.is_active and not rules.has_accepted(person),
        "invite_form": OnceForm(),
        "is_last_administrator": rules.is_last_administrator(person),
        "lacks_supervisor": rules.lacks_supervisor(person),
        "supervises_nobody": rules.supervises_nobody(person),
        "records_officer_form": RecordsOfficerForm(initial={"is_records_officer": person.is_records_officer})
        if records_rules.may_appoint_records_officers(user)
        else None,
    }
    return render(request, "policyportal/person_form.html", context)


def _why_not_deactivated(user: User, person: User) -> str:
    if not person.is_active:
        return f"{person.display_name}'s account is already deactivated."
    if person.pk == user.pk:
        return "Nobody closes their own account: ask another administrator."
    return (
        f"{person.display_name} is the district's last active administrator: make someone else an administrator "
        "before closing this account."
    )


@require_http_methods(["GET", "POST"])
def person_deactivate(request, pk: int):
    """The confirmation page: each item of their open work and where it goes (defaults pre-filled, editable per
    item or per kind), then one POST that closes the account and hands everything on."""
    user = request.user
    person = selectors.person_get_for_user(user, pk)
    _require_manager(user, person)
    if not rules.may_deactivate(user, person):
        messages.info(request, _why_not_deactivated(user, person))
        return redirect("person_edit", pk=person.pk)
    plan = handover.plan_for(person, user)
    form = HandoverForm(request.POST or None, plan=plan)
    if request.method == "POST":
        kind = request.POST.get("apply")
        if kind:  # "send every item of this kind to ...": shown again, nothing applied
            form = HandoverForm(form.applied_to_kind(kind), plan=plan)
        elif form.is_valid():
            try:
                services.person_deactivate(person=person, by=user, handover=form.destinations())
            except services.HandoverRefused as refusal:
                for key, errors in refusal.message_dict.items():
                    name = field_name(key)
                    form.add_error(name if name in form.fields else None, errors)
            except ValidationError as refusal:
                form.add_error(None, refusal.messages)
            else:
                handed = len(plan.items)
                messages.success(
                    request,
                    f"{person.display_name}'s account is closed: they can no longer sign in. "
                    f"{handed} item{'s' if handed != 1 else ''} of open work handed on.",
                )
                return redirect("person_edit", pk=person.pk)
    return render(request, "policyportal/person_deactivate.html", {"person": person, "form": form, "plan": plan})


@require_POST
def person_reactivate(request, pk: int):
    user = request.user
    person = selectors.person_get_for_user(user, pk)
    _require_manager(user, person)
    try:
        services.person_reactivate(person=person, by=user)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, f"{person.display_name} can sign in again. Check their supervisor and schools.")
    return redirect("person_edit", pk=person.pk)


@require_POST
def person_invite(request, pk: int):
    """Send a person who has not chosen a password yet a new invitation (any earlier link stops working)."""
    user = request.user
    person = selectors.person_get_for_user(user, pk)
    _require_manager(user, person)
    form = OnceForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.non_field_errors())
        invitation_send(user=person, by=user, form_token=form.cleaned_data["form_token"])
    except AlreadySent as sent:
        messages.info(request, str(sent))
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, f"An invitation is on its way to {person.email}. Earlier links no longer work.")
    return redirect("person_edit", pk=person.pk)


@require_POST
def person_records_officer(request, pk: int):
    """Make a person one of the district's records officers, or no longer one."""
    user = request.user
    person = selectors.person_get_for_user(user, pk)
    if not records_rules.may_appoint_records_officers(user):
        raise PermissionDenied("Only the district's administrators name its records officers.")
    form = RecordsOfficerForm(request.POST)
    value = form.is_valid() and form.cleaned_data["is_records_officer"]
    try:
        changed = records_officer_set(person=person, value=value, by=user)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        if not changed:
            messages.info(request, "Nothing changed.")
        elif value:
            messages.success(request, f"{person.display_name} is now a records officer.")
        else:
            messages.success(request, f"{person.display_name} is no longer a records officer.")
    return redirect("person_edit", pk=person.pk)
