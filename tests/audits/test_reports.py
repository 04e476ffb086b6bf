"""Every figure equals a direct count over the same rows, computed here independently on the demo data."""

import csv
import io
import json
from collections import Counter
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audits import exports, reports
from audits.exports import spreadsheet_safe
from audits.models import AuditEvent
from audits.recorder import record
from policyportal.models import User
from requests.models import SocialMediaRequest
from sites import services as site_services
from sites.models import Finding, Site, SiteReview, ViolationReport
from tests import factories

WIDE = {"start": "2000-01-01", "end": "2100-01-01"}


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO())


@pytest.fixture
def wh_admin(demo):
    return User.objects.get(username="wh.admin")


def scope_for(user, **kwargs):
    return reports.Scope(user=user, start=date(2000, 1, 1), end=date(2100, 1, 1), **kwargs)


def test_dashboard_figures_equal_direct_counts(wh_admin):
    figures = reports.dashboard(scope_for(wh_admin))
    district = wh_admin.district
    submitted = SocialMediaRequest.objects.filter(district=district, submitted_at__isnull=False)
    by_status = Counter(submitted.values_list("status", flat=True))
    assert dict(figures["requests_by_status"]) == {
        label: by_status.get(value, 0) for value, label in SocialMediaRequest._meta.get_field("status").choices[1:]
    }
    assert figures["active_sites"] == Site.objects.filter(district=district, status="active").count()
    unresolved = Finding.objects.filter(site__district=district, status__in=["open", "fixed"])
    assert figures["findings_open"] == unresolved.count() == 1
    assert figures["findings_overdue"] == unresolved.filter(due_on__lt=timezone.localdate()).count() == 1
    reports_ = ViolationReport.objects.filter(district=district)
    assert sum(n for _, n in figures["violations_by_category"]) == reports_.count()
    assert dict(figures["monitoring"]) == {"On time": 0, "Overdue": 1}
    assert sum(row["requests"] for row in figures["per_school"]) == submitted.exclude(school=None).count()


def test_a_school_filter_and_a_date_range_change_the_figures(wh_admin):
    hall = wh_admin.district.schools.get(name="Hall High School")
    everything = reports.dashboard(scope_for(wh_admin))
    hall_only = reports.dashboard(scope_for(wh_admin, school=hall))
    kp = sum(n for _, n in everything["requests_by_status"]) - sum(n for _, n in hall_only["requests_by_status"])
    assert (
        kp
        == SocialMediaRequest.objects.filter(school__name="King Philip Middle School")
        .exclude(submitted_at=None)
        .count()
    )
    nothing = reports.dashboard(reports.Scope(user=wh_admin, start=date(2001, 1, 1), end=date(2001, 12, 31)))
    assert sum(n for _, n in nothing["requests_by_status"]) == 0


def test_a_supervisor_sees_only_their_peoples_records_and_an_employee_none(demo):
    principal = User.objects.get(username="wh.kp.principal")
    figures = reports.dashboard(scope_for(principal))
    assert figures["active_sites"] == 0
    assert dict(figures["requests_by_status"])["Waiting for a decision"] == 1
    with pytest.raises(Exception, match="Reports are for supervisors"):
        scope_for(User.objects.get(username="wh.band"))


def test_the_overdue_report_lists_who_owes_what_since_when(wh_admin):
    rows = reports.overdue_work(scope_for(wh_admin))
    assert {(row["what"], row["owed_by"]) for row in rows} == {
        ("Monitoring check", "Tom Ricci"),
        ("Finding", "Tom Ricci"),
        ("Decision on a request", "David Okafor"),  # waited past the deadline: the reminders chase it too
        ("Decision on a request", "Margaret Chen"),
    }


def csv_of(client, url, **params) -> list[list[str]]:
    response = client.get(url, {**params, "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


@pytest.mark.parametrize("slug", ["sites", "decisions", "overdue", "violations"])
def test_each_report_exports_its_rows_as_csv_and_records_the_export(client, wh_admin, slug):
    client.force_login(wh_admin)
    rows = csv_of(client, reverse("reports:report", args=[slug]), **WIDE)
    page = client.get(reverse("reports:report", args=[slug]), WIDE)
    assert len(rows) - 1 == page.context["page"].paginator.count
    event = AuditEvent.objects.filter(action="export.csv").latest("sequence")
    assert (event.payload["report"], event.payload["start"]) == (slug, "2000-01-01")


def test_csv_cells_cannot_run_as_spreadsheet_formulas():
    for dangerous in ['=HYPERLINK("x")', "+1", "-1+2", "@SUM(A1)", "\tx"]:
        assert spreadsheet_safe(dangerous).startswith("'")
    assert spreadsheet_safe("Hall Varsity Soccer") == "Hall Varsity Soccer"


def test_the_audit_trail_csv_holds_only_the_districts_events(client, wh_admin, monkeypatch):
    monkeypatch.setattr(exports, "ROWS_PER_WRITE", 7)  # many writes and a part-filled last one
    client.force_login(wh_admin)
    rows = csv_of(client, reverse("audits:events"))
    events = AuditEvent.objects.filter(district=wh_admin.district).order_by("-sequence")
    assert [int(row[0]) for row in rows[1:]] == list(events.values_list("sequence", flat=True))
    newest = events.first()
    assert rows[1][1:4] == [newest.occurred_at.isoformat(), newest.actor_name, newest.action]
    assert json.loads(rows[1][7]) == newest.payload


def test_the_compliance_pdf_and_a_site_file_download(client, wh_admin):
    client.force_login(wh_admin)
    response = client.get(reverse("reports:report", args=["sites"]), {"format": "pdf"})
    assert response.content.startswith(b"%PDF-")
    assert 'filename="sites-report-' in response["Content-Disposition"]
    site = Site.objects.get(name="Hall Varsity Soccer")
    file = client.get(reverse("reports:site_file", args=[site.pk]))
    assert file.content.startswith(b"%PDF-")
    assert AuditEvent.objects.filter(action="export.pdf").count() == 2


def test_a_site_of_another_district_has_no_file_here(client, wh_admin):
    client.force_login(wh_admin)
    elsewhere = Site.objects.get(name="Nonnewaug FFA Chapter")
    assert client.get(reverse("reports:site_file", args=[elsewhere.pk])).status_code == 404


def test_verifying_now_records_the_result(client, wh_admin):
    client.force_login(wh_admin)
    response = client.post(reverse("audits:verify"), follow=True)
    assert "The audit trail is intact" in response.content.decode()
    assert AuditEvent.objects.filter(action="audit.chain_verified", payload__intact=True).exists()


def test_an_event_opens_its_payload_and_links_to_its_target(client, wh_admin):
    client.force_login(wh_admin)
    event = AuditEvent.objects.filter(district=wh_admin.district, action="request.submitted").first()
    page = client.get(reverse("audits:event", args=[event.pk])).content.decode()
    assert reverse("requests:detail", args=[int(event.target_id)]) in page
    assert "snapshot_hash" in page
    other = AuditEvent.objects.exclude(district=wh_admin.district).first()
    assert client.get(reverse("audits:event", args=[other.pk])).status_code == 404


def test_the_audit_trail_filters_by_action(client, wh_admin):
    client.force_login(wh_admin)
    page = client.get(reverse("audits:events"), {"action": "site.activated"})
    assert {event.action for event in page.context["events"]} == {"site.activated"}


def test_the_audit_trail_pages_back_by_sequence_without_gaps_or_repeats(client, wh_admin):
    client.force_login(wh_admin)
    for number in range(60):
        record(action="test.paging", actor=wh_admin, payload={"n": number})
    first = client.get(reverse("audits:events"), {"action": "test.paging"}).context
    second = client.get(reverse("audits:events"), {"action": "test.paging", "before": first["older"]}).context
    sequences = [e.sequence for e in first["events"]] + [e.sequence for e in second["events"]]
    assert len(sequences) == len(set(sequences)) == 60
    assert sequences == sorted(sequences, reverse=True)
    assert second["older"] is None


@pytest.mark.parametrize("name", ["reports:dashboard", "audits:events"])
def test_report_pages_keep_their_query_count_as_rows_grow(client, wh_admin, name):
    client.force_login(wh_admin)
    url = reverse(name)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    before = count()
    call_command("run_reminders", stdout=io.StringIO())
    assert count() == before


def test_each_report_page_keeps_its_query_count_as_its_rows_grow(client, wh_admin):
    client.force_login(wh_admin)

    def counts() -> dict[str, tuple[int, int]]:
        found = {}
        for slug in ["sites", "decisions", "overdue", "violations"]:
            with CaptureQueriesContext(connection) as captured:
                page = client.get(reverse("reports:report", args=[slug]), WIDE)
            found[slug] = (len(captured), page.context["page"].paginator.count)
        return found

    before = counts()
    waiting = SocialMediaRequest.objects.get(site_name="King Philip Band Families")
    factories.decide(waiting, wh_admin)
    site = Site.objects.get(name="King Philip Band Families")
    site_services.violation_report(
        by=User.objects.get(username="wh.coach"),
        site=site,
        category="other",
        what_happened="x",
        occurred_on=timezone.localdate(),
    )
    after = counts()
    for slug in ["sites", "decisions", "violations"]:
        assert after[slug][1] > before[slug][1], slug
        assert after[slug][0] == before[slug][0], slug


def test_the_audit_trail_filters_by_user_name(client, wh_admin):
    client.force_login(wh_admin)
    page = client.get(reverse("audits:events"), {"actor": "wh.principal"})
    assert {event.actor.username for event in page.context["events"]} == {"wh.principal"}


def test_the_median_days_to_decide_counts_only_decided_requests_of_the_scope(wh_admin):
    decided = SocialMediaRequest.objects.filter(district=wh_admin.district, decided_at__isnull=False)
    submitted = timezone.now() - timedelta(days=30)
    for request, days in zip(decided, [1, 4], strict=True):
        SocialMediaRequest.objects.filter(pk=request.pk).update(
            submitted_at=submitted, decided_at=submitted + timedelta(days=days, hours=12)
        )

    assert reports.dashboard(scope_for(wh_admin))["median_days_to_decide"] == 3.0  # of 1.5 and 4.5 days
    nothing = reports.Scope(user=wh_admin, start=date(2001, 1, 1), end=date(2001, 12, 31))
    assert reports.dashboard(nothing)["median_days_to_decide"] is None


def test_reviews_done_counts_the_scopes_completed_reviews_in_the_range(wh_admin):
    principal = User.objects.get(username="wh.kp.principal")
    kp_teacher = User.objects.filter(supervisor=principal).first()
    kp_site = factories.active_site(requester=kp_teacher, site_name="KP Chess Club")
    review = site_services.review_start(site=kp_site, by=principal)
    site_services.review_complete(review=review, by=principal, answers=factories.all_pass(review))
    completed = SiteReview.objects.filter(site__district=wh_admin.district, completed_at__isnull=False)
    hall = wh_admin.district.schools.get(name="Hall High School")

    assert reports.dashboard(scope_for(wh_admin))["reviews_done"] == completed.count() == 2
    assert reports.dashboard(scope_for(wh_admin, school=hall))["reviews_done"] == 1
    assert reports.dashboard(scope_for(principal))["reviews_done"] == 1
    nothing = reports.Scope(user=wh_admin, start=date(2001, 1, 1), end=date(2001, 12, 31))
    assert reports.dashboard(nothing)["reviews_done"] == 0
