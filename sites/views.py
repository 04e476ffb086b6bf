"""The registry, a site's page, and the small state changes taken from it (each a POST, then back)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from policyportal.forms import OnceForm, VersionForm
from policyportal.models import User
from policyportal.records.selectors import hold_banner
from policyportal.rules import administers
from policyportal.selectors import schools_visible_to
from policyportal.services.submissions import AlreadySent, Stale
from policyportal.stale_views import Retry, stale_page, typed_text
from sites import rules, selectors, services
from sites.forms import ActivateForm, MonitoringForm, NoteForm, ReasonForm, RegistryFilterForm, ReopenForm, TransferForm
from sites.models import Site, ViolationReport

PAGE_SIZE = 25


def act(request, form, call, *, done: str, then, record, retry=None):
    """Run one service with a valid form's data, flash its outcome, and go back to `then`; if `record` (a site or
    a finding) changed since the page was opened, say what changed, and offer `retry(record)` when it gives one."""
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except Stale:
            record.refresh_from_db()
            return _stale(request, record, form, retry(record) if retry else None)
        except AlreadySent as sent:
            messages.info(request, str(sent))
        except ValidationError as refusal:
            messages.error(request, " ".join(refusal.messages))
        else:
            messages.success(request, done)
    else:
        messages.error(request, " ".join(str(error) for errors in form.errors.values() for error in errors))
    return then


def _stale(request, record, form, retry: Retry | None):
    site = record if isinstance(record, Site) else record.site
    return stale_page(
        request,
        record=record,
        district_id=site.district_id,
        record_url=reverse("sites:detail", args=[site.pk]),
        typed=typed_text(form),
        retry=retry,
    )


def _finding_again(form, field: str, url_name: str, label: str, may):
    """`act`'s retry for a finding's action that carries typed text: the same form on the finding as it is
    now, with the text typed, while `may(finding)` still allows it."""

    def again(now) -> Retry | None:
        if not may(now):
            return None
        fresh = type(form)(initial={"version": now.version, field: form.cleaned_data[field]})
        return Retry(fresh, reverse(url_name, args=[now.pk]), label)

    return again


def _colleagues(site):
    return User.objects.filter(rules.receivable_by(site)).order_by("last_name", "first_name")


@require_GET
def registry(request):
    form = RegistryFilterForm(request.GET or None, schools=schools_visible_to(request.user))
    filters = {k: v for k, v in (form.cleaned_data if form.is_valid() else {}).items() if v not in ("", None)}
    page = Paginator(selectors.registry(request.user, **filters), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "sites/registry.html", {"form": form, "page": page, "query": query.urlencode()})


@require_GET
def detail(request, pk: int):
    site = selectors.site_get_for_user(request.user, pk)
    user = request.user
    reviews = list(selectors.site_reviews(site))
    findings = list(selectors.site_findings(site))
    today = site.district.today()
    for finding in findings:
        finding.site = site
        finding.may_report_fixed = rules.may_report_fixed(finding, user)
        finding.may_verify = rules.may_verify(finding, user)
        finding.is_overdue = rules.is_finding_overdue(finding, today)
    site.compliance = rules.compliance_of(site, today)
    site.overdue_findings = sum(finding.is_overdue for finding in findings)
    context = {
        "site": site,
        "findings": findings,
        "reviews": reviews,
        "may_see_site_file": rules.may_see_site_file(site, user),
        "may_report_violation": rules.may_report_about(site),
        "may_suspend": rules.may_suspend(site, user),
        "may_retire": rules.may_retire(site, user),
        "may_accept": rules.may_accept(site, user),
        "start_review_form": OnceForm()
        if rules.may_start_review(site, user, review_open=any(review.is_open for review in reviews))
        else None,
        "activate_form": ActivateForm(initial={"version": site.version, "url": site.url})
        if rules.may_activate(site, user)
        else None,
        "transfer_form": TransferForm(initial={"version": site.version}, colleagues=_colleagues(site))
        if rules.may_offer(site, user)
        else None,
        "version": site.version,
        "hold_banner": hold_banner(user, "site_files", site),
        "checks": selectors.site_monitoring(site),
        "next_check_due": rules.next_check_due(site),
        "check_overdue": rules.is_check_overdue(site, timezone.now()),
        "monitoring_form": MonitoringForm(violations=_own_reports(site, user))
        if rules.may_log_check(site, user)
        else None,
    }
    return render(request, "sites/detail.html", context)


def _own_reports(site, user):
    return ViolationReport.objects.filter(site=site, reporter=user).order_by("-reported_at")


@require_POST
def log_check(request, pk: int):
    site = selectors.site_get_for_user(request.user, pk)
    return act(
        request,
        MonitoringForm(request.POST, violations=_own_reports(site, request.user)),
        lambda data: services.monitoring_log(site=site, by=request.user, **data),
        done="Check logged. Thank you for keeping an eye on the site.",
        record=site,
        then=redirect("sites:detail", pk=site.pk),
    )


@require_POST
def activate(request, pk: int):
    site = selectors.site_get_for_user(request.user, pk)
    return act(
        request,
        ActivateForm(request.POST),
        lambda data: services.site_activate(
            site=site,
            by=request.user,
            url=data["url"],
            setup_confirmed=data["setup_confirmed"],
            expected_version=data["version"],
        ),
        done="The site is active. Log your checks of it regularly.",
        record=site,
        then=redirect("sites:detail", pk=site.pk),
    )


@require_POST
def transfer_offer(request, pk: int):
    site = selectors.site_get_for_user(request.user, pk)
    form = TransferForm(request.POST, colleagues=_colleagues(site))
    return act(
        request,
        form,
        lambda data: services.site_transfer_offer(
            site=site, by=request.user, to=data["to"], expected_version=data["version"]
        ),
        done="The site is offered. It stays yours until they accept it.",
        record=site,
        then=redirect("sites:detail", pk=site.pk),
    )


@require_POST
def transfer_accept(request, pk: int):
    site = selectors.site_get_for_user(request.user, pk)
    return act(
        request,
        VersionForm(request.POST),
        lambda data: services.site_transfer_accept(site=site, by=request.user, expected_version=data["version"]),
        done="The site is yours now.",
        record=site,
        then=redirect("sites:detail", pk=site.pk),
    )


@require_http_methods(["GET", "POST"])
def end(request, pk: int, how: str):
    """Suspend or retire a site: a confirmation page with the reason, then the change."""
    site = selectors.site_get_for_user(request.user, pk)
    may_end = {"suspend": rules.may_suspend, "retire": rules.may_retire}.get(how)
    if may_end is None or not administers(request.user, district_id=site.district_id):
        raise Http404("No such action.")
    service = services.site_suspend if how == "suspend" else services.site_retire
    form = ReasonForm(request.POST or None, initial={"version": site.version})
    if request.method == "GET" and not may_end(site, request.user):  # a stale link: the page says why
        messages.info(request, f"The site is {site.get_status_display().lower()}: there is nothing to {how}.")
        return redirect("sites:detail", pk=site.pk)
    if request.method == "POST":
        return act(
            request,
            form,
            lambda data: service(site=site, by=request.user, reason=data["reason"], expected_version=data["version"]),
            done=f"The site is {'suspended' if how == 'suspend' else 'retired'}. Its owner was told why.",
            record=site,
            retry=lambda now: (
                Retry(
                    ReasonForm(initial={"version": now.version, "reason": form.cleaned_data["reason"]}),
                    reverse("sites:end", args=[now.pk, how]),
                    f"{how.capitalize()} the site",
                )
                if may_end(now, request.user)
                else None
            ),
            then=redirect("sites:detail", pk=site.pk),
        )
    return render(request, "sites/end_confirm.html", {"site": site, "form": form, "how": how})


@require_POST
def finding_fixed(request, pk: int):
    finding = selectors.finding_get_for_user(request.user, pk)
    form = NoteForm(request.POST)
    return act(
        request,
        form,
        lambda data: services.finding_report_fixed(
            finding=finding, by=request.user, note=data["note"], expected_version=data["version"]
        ),
        done="Thank you: the reviewer was asked to check the fix.",
        record=finding,
        retry=_finding_again(
            form,
            "note",
            "sites:finding_fixed",
            "Report it fixed",
            lambda now: rules.may_report_fixed(now, request.user),
        ),
        then=redirect("sites:detail", pk=finding.site_id),
    )


@require_POST
def finding_verify(request, pk: int):
    finding = selectors.finding_get_for_user(request.user, pk)
    return act(
        request,
        VersionForm(request.POST),
        lambda data: services.finding_verify(finding=finding, by=request.user, expected_version=data["version"]),
        done="The finding is closed.",
        record=finding,
        then=redirect("sites:detail", pk=finding.site_id),
    )


@require_POST
def finding_reopen(request, pk: int):
    finding = selectors.finding_get_for_user(request.user, pk)
    form = ReopenForm(request.POST)
    return act(
        request,
        form,
        lambda data: services.finding_reopen(
            finding=finding, by=request.user, reason=data["reason"], expected_version=data["version"]
        ),
        done="The finding is open again; its owner was told what is still wrong.",
        record=finding,
        retry=_finding_again(
            form, "reason", "sites:finding_reopen", "Reopen", lambda now: rules.may_verify(now, request.user)
        ),
        then=redirect("sites:detail", pk=finding.site_id),
    )
