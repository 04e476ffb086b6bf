"""Who may not read the trail or the reports, and filters that are wrong: refused, nothing shown or exported."""

import pytest
from django.urls import reverse

from audits.models import AuditEvent
from tests import factories


@pytest.fixture
def event(admin):
    return AuditEvent.objects.filter(district=admin.district).latest("sequence")


@pytest.mark.parametrize("who", ["supervisor", "employee"])
def test_only_administrators_open_an_event_export_the_trail_or_verify_it(client, request, event, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("audits:event", args=[event.pk])).status_code == 403
    assert client.get(reverse("audits:events"), {"format": "csv"}).status_code == 403
    assert client.post(reverse("audits:verify")).status_code == 403
    assert not AuditEvent.objects.filter(action__in=["export.csv", "audit.chain_verified"]).exists()


def test_an_employee_gets_no_reports_in_any_form(client, employee):
    site = factories.active_site(requester=employee)
    client.force_login(employee)
    for url, params in [
        (reverse("reports:dashboard"), {}),
        (reverse("reports:report", args=["sites"]), {"format": "csv"}),
        (reverse("reports:report", args=["sites"]), {"format": "pdf"}),
        (reverse("reports:site_file", args=[site.pk]), {}),
    ]:
        assert client.get(url, params).status_code == 403, url
    assert not AuditEvent.objects.filter(action__startswith="export.").exists()


def test_a_supervisor_gets_no_file_of_a_site_outside_their_people(client, supervisor, admin, west_hartford):
    other_lead = factories.user(district=west_hartford, role="supervisor", username="lead", supervisor=admin)
    theirs = factories.active_site(requester=factories.user(district=west_hartford, supervisor=other_lead))
    client.force_login(supervisor)
    assert client.get(reverse("reports:site_file", args=[theirs.pk])).status_code == 404


def test_an_unknown_report_or_a_pdf_no_report_has_is_not_found(client, admin):
    client.force_login(admin)
    assert client.get(reverse("reports:report", args=["nonsense"])).status_code == 404
    assert client.get(reverse("reports:report", args=["overdue"]), {"format": "pdf"}).status_code == 404
    assert client.get(reverse("reports:report", args=["sites"]), {"format": "pdf"}).status_code == 200


@pytest.mark.parametrize(
    ("url", "params", "message"),
    [
        ("audits:events", {"start": "garbage", "action": "", "format": "csv"}, "Enter a valid date"),
        ("audits:events", {"start": "2026-12-01", "end": "2026-11-01", "format": "csv"}, "end date is before"),
        ("reports:dashboard", {"start": "2026-12-01", "end": "2026-11-01"}, "end date is before"),
        ("reports:report", {"start": "2026-13-45", "format": "csv"}, "Enter a valid date"),
        ("reports:report", {"start": "2026-12-01", "end": "2026-11-01", "format": "pdf"}, "end date is before"),
    ],
)
def test_wrong_filters_are_shown_and_nothing_is_exported(client, admin, url, params, message):
    client.force_login(admin)
    args = ["sites"] if url == "reports:report" else []
    response = client.get(reverse(url, args=args), params)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert message in response.text
    assert "format=csv" not in response.text, "no download of what the page refused to show"
    assert not AuditEvent.objects.filter(action__startswith="export.").exists()


def test_an_export_is_the_whole_filtered_trail_whatever_page_the_screen_was_on(client, admin):
    client.force_login(admin)
    everything = client.get(reverse("audits:events"), {"format": "csv"})
    rows = b"".join(everything.streaming_content).count(b"\n")
    paged = client.get(reverse("audits:events"), {"format": "csv", "before": "2"})
    assert b"".join(paged.streaming_content).count(b"\n") == rows + 1  # the first export is now one more event
