from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, RequestDataTooBig, TooManyFieldsSent, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.defaults import bad_request

from audits.forms import positive_int
from policyportal import health, rules, selectors, services
from policyportal.forms import DistrictSettingsForm, OnceForm, PolicyItemFormSet
from policyportal.models import District
from policyportal.services.submissions import AlreadySent

PAGE_SIZE = 25


@login_not_required
@never_cache
@require_GET
def healthz(request):
    status = health.check()
    healthy = all(value == "ok" for value in status.values())
    return JsonResponse(status, status=200 if healthy else 503)


@require_GET
def policy(request):
    version = selectors.current_policy(request.user.district_id)
    sections = selectors.policy_sections(version) if version else []
    context = {"version": version, "sections": sections, "may_publish": rules.administers(request.user)}
    return render(request, "policyportal/policy.html", context)


@require_http_methods(["GET", "POST"])
def policy_edit(request):
    """Administrators change the rules by publishing a new version, starting from the current one."""
    if not rules.administers(request.user):
        raise PermissionDenied("Publishing the district's rules is for district administrators.")
    version = selectors.current_policy(request.user.district_id)
    initial = [
        {"applies_to": i.applies_to, "clause_id": i.clause_id, "key": i.key, "text": i.text, "guidance": i.guidance}
        for i in (version.items.all() if version else [])
    ]
    formset = PolicyItemFormSet(request.POST or None, initial=initial)
    once = OnceForm(request.POST or None)
    if request.method == "POST" and formset.is_valid():
        items = [form.cleaned_data for form in formset if form.cleaned_data and not form.cleaned_data["DELETE"]]
        try:
            if not once.is_valid():
                raise ValidationError(once.non_field_errors())
            published = services.policy_publish(
                district=request.user.district,
                by=request.user,
                items=[{key: value for key, value in item.items() if key != "DELETE"} for item in items],
                based_on=positive_int(request.POST.get("based_on")) or 0,  # 0: the district had no version
                form_token=once.cleaned_data["form_token"],
            )
        except AlreadySent as sent:
            messages.info(request, str(sent))
            return redirect("policy")
        except ValidationError as refusal:
            messages.error(request, " ".join(refusal.messages))
        else:
            messages.success(request, f"Version {published.number} is published. New reviews and requests use it.")
            return redirect("policy")
    context = {"formset": formset, "once": once, "version": version}
    return render(request, "policyportal/policy_edit.html", context)


@require_http_methods(["GET", "POST"])
def district_settings(request):
    if not rules.administers(request.user):
        raise PermissionDenied("District settings are for district administrators.")
    district = request.user.district
    form = DistrictSettingsForm(request.POST or None, instance=District.objects.get(pk=district.pk))
    if request.method == "POST" and form.is_valid():
        changed = services.district_settings_update(district=district, by=request.user, values=form.cleaned_data)
        messages.success(request, f"Saved ({len(changed)} changed). Reminders use the new settings from now on.")
        return redirect("district_settings")
    return render(request, "policyportal/district_settings.html", {"form": form})


@require_GET
def inbox(request):
    page = Paginator(selectors.notifications_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "policyportal/inbox.html", {"page": page})


@require_POST
def notification_open(request, pk: int):
    notification = selectors.notification_get_for_user(request.user, pk)
    services.notification_mark_read(notification=notification, by=request.user)
    if notification.link and url_has_allowed_host_and_scheme(notification.link, allowed_hosts=None):
        return HttpResponseRedirect(notification.link)
    return redirect("inbox")


@require_POST
def notifications_read_all(request):
    count = services.notifications_mark_all_read(by=request.user)
    messages.success(request, f"Marked {count} notification{'s' if count != 1 else ''} as read.")
    return redirect("inbox")


def request_refused(request, exception):
    """Django's answer to a request it will not read (handler400): a form too large to read gets a page that says
    so, in the portal's layout; any other malformed request gets Django's plain answer."""
    if isinstance(exception, RequestDataTooBig):
        megabytes = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1024 / 1024
        too_big = f"The form you sent is larger than {megabytes:g} MB, the most the portal reads."
    elif isinstance(exception, TooManyFieldsSent):
        too_big = f"The form you sent has more than {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS} fields."
    else:
        return bad_request(request, exception)
    return render(request, "413.html", {"too_big": too_big}, status=413)
