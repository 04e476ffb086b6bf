from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from audits import reports, services
from audits.charts import bar_chart
from audits.exports import stream_csv
from audits.forms import ReportFilterForm
from audits.report_specs import SPECS
from audits.reports import site_file as site_files
from audits.rules import may_read_audit_trail
from policyportal import pdf
from policyportal.selectors import schools_visible_to

PAGE_SIZE = 50


def _scope(request) -> tuple[reports.Scope | None, ReportFilterForm, dict]:
    """The scope the filters ask for, or None if they are wrong: nothing is then shown or exported."""
    form = ReportFilterForm(request.GET or None, schools=schools_visible_to(request.user))
    if form.is_bound and not form.is_valid():
        return None, form, {}
    start, end = reports.default_range(request.user.member_district.today())
    filters = form.cleaned_data if form.is_bound else {}
    scope = reports.Scope(
        user=request.user,
        start=filters.get("start") or start,
        end=filters.get("end") or end,
        school=filters.get("school"),
    )
    used = {"start": scope.start, "end": scope.end, "school": scope.school.name if scope.school else None}
    return scope, form, used


def _query(request) -> str:
    query = request.GET.copy()
    for key in ("page", "format"):
        query.pop(key, None)
    return query.urlencode()


def _refused(request, form, title: str):
    return render(request, "audits/filters_refused.html", {"form": form, "title": title}, status=400)


@require_GET
def dashboard(request):
    scope, form, _ = _scope(request)
    if scope is None:
        return _refused(request, form, "Reports")
    figures = reports.dashboard(scope)
    charts = [
        bar_chart("requests", "Requests by status", figures["requests_by_status"]),
        bar_chart("compliance", "Active sites by compliance", figures["sites_by_compliance"]),
        bar_chart("monitoring", "Monitoring of active sites", figures["monitoring"]),
        bar_chart("violations", "Violation reports by category", figures["violations_by_category"]),
        bar_chart("outcomes", "Violation reports by outcome", figures["violations_by_outcome"]),
    ]
    context = {"form": form, "scope": scope, "figures": figures, "charts": charts, "specs": SPECS.values()}
    context["may_read_audit_trail"] = may_read_audit_trail(request.user)
    context["query"] = _query(request)
    return render(request, "audits/dashboard.html", context)


@require_GET
def report(request, slug: str):
    spec = SPECS.get(slug)
    if spec is None:
        raise Http404("No such report.")
    scope, form, used = _scope(request)
    if scope is None:
        return _refused(request, form, spec.title)
    wanted = request.GET.get("format", "html")
    if wanted == "csv":
        rows = spec.csv_rows(scope)
        services.export_record(by=request.user, report=slug, file_format="csv", title=spec.title, filters=used)
        return stream_csv(f"{slug}-report", spec.header, rows)
    if wanted == "pdf":
        if not spec.pdf:
            raise Http404("This report has no PDF.")
        subtitle = f"{scope.district.name} · {scope.start:%B %-d, %Y} to {scope.end:%B %-d, %Y}"
        if scope.school:
            subtitle += f" · {scope.school.name}"
        subtitle += f" · printed {timezone.localtime():%B %-d, %Y %H:%M}"
        body = pdf.tables(
            spec.title, subtitle, [(spec.description, spec.header, list(spec.csv_rows(scope)))], wide=True
        )
        services.export_record(by=request.user, report=slug, file_format="pdf", title=spec.title, filters=used)
        response = HttpResponse(body, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{slug}-report-{timezone.localdate()}.pdf"'
        return response
    page = Paginator(spec.rows(scope), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"spec": spec, "form": form, "scope": scope, "page": page, "cells": spec.cells(page.object_list)}
    context["query"] = _query(request)
    return render(request, "audits/report.html", context)


@require_GET
def site_file(request, pk: int):
    """One site's full file for a records request: request, decisions, reviews, findings, monitoring, violations."""
    scope = reports.Scope(request.user, *reports.default_range(request.user.member_district.today()))
    site = site_files.site_file(scope, pk)
    services.export_record(by=request.user, report="site_file", file_format="pdf", target=site)
    response = HttpResponse(site_files.site_file_pdf(site), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="site-file-{site.pk}.pdf"'
    return response
