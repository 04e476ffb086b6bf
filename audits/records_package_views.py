"""The records officer's package pages, under /records/packages/: the list, the request form, a package's page
with its progress, and the download. Everyone else, another district's officer included, gets 404s."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from audits.reports.records_package import selectors, services
from audits.reports.records_package.forms import PackageForm
from policyportal.records import rules

PAGE_SIZE = 20
TYPED = ("starts_on", "ends_on", "find_sites", "find_people")


def _officer_only(request) -> None:
    if not rules.may_manage_records(request.user):
        raise Http404("No such page.")


@require_GET
def packages(request):
    _officer_only(request)
    page = Paginator(selectors.packages_visible_to(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "records/packages.html", {"page": page, "days": settings.RECORDS_PACKAGE_DAYS})


@require_http_methods(["GET", "POST"])
def package_new(request):
    _officer_only(request)
    status = 200
    finding = request.method == "POST" and "find" in request.POST
    if request.method == "POST" and not finding:
        form = PackageForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            package = services.package_request(
                by=request.user,
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                sites=list(data["sites"]),
                people=list(data["people"]),
            )
            messages.success(request, "Your package is being built. This page shows how far it has got.")
            return redirect("records_packages:package", package.pk)
        status = 400
    else:
        form = PackageForm(initial={name: request.POST.get(name, "") for name in TYPED}, user=request.user)
    choosers = form.choosers(request.POST if request.method == "POST" else None)
    return render(request, "records/packages_new.html", {"form": form, "choosers": choosers}, status=status)


def _package_page(request, package, status: int = 200):
    now = timezone.now()
    context = {
        "package": package,
        "downloadable": rules.package_downloadable(package, now),
        "expired": rules.package_expired(package, now),
        "sites": package.sites.order_by("name"),
        "people": package.people.all(),
    }
    return render(request, "records/packages_detail.html", context, status=status)


@require_GET
def package(request, pk: int):
    return _package_page(request, selectors.package_get_for_user(request.user, pk))


@require_GET
def package_progress(request, pk: int):
    """The page's script asks this every few seconds while the package is built."""
    package = selectors.package_get_for_user(request.user, pk)
    return JsonResponse(
        {
            "finished": package.is_finished,
            "status": package.get_status_display(),
            "done": package.files_done,
            "total": package.files_total,
        }
    )


@require_GET
def package_download(request, pk: int):
    package = selectors.package_get_for_user(request.user, pk)
    try:
        services.package_download(package=package, by=request.user)
    except services.PackageNotDownloadable:
        return _package_page(request, package, status=410)
    return FileResponse(
        package.file.open("rb"),
        as_attachment=True,
        filename=f"records-package-{package.pk}.zip",
        content_type="application/zip",
    )
