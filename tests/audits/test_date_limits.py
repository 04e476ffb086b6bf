"""Dates and page marks as anyone may type them: refused with a message, never a 500, and nothing exported."""

import pytest
from django.urls import reverse

from audits.models import AuditEvent

# The district's request list shows every request beside the refused filter; the rest show nothing until corrected.
PAGES = [
    ("reports:dashboard", (), 400),
    ("reports:report", ("sites",), 400),
    ("reports:report", ("decisions",), 400),
    ("audits:events", (), 400),
    ("requests:district", (), 200),
]


@pytest.mark.parametrize(("name", "args", "status"), PAGES)
@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"end": "9999-12-31"}, "Choose a date up to December 31, 2100."),
        ({"start": "0001-01-01"}, "Choose a date from January 1, 2000 on."),
    ],
)
def test_a_date_out_of_range_is_refused_with_a_message(client, admin, name, args, status, params, message):
    client.force_login(admin)
    response = client.get(reverse(name, args=args), params)
    assert response.status_code == status
    assert message in response.content.decode()


@pytest.mark.parametrize(
    ("url", "params"),
    [
        (reverse("reports:report", args=["sites"]), {"format": "csv", "end": "9999-12-31"}),
        (reverse("reports:report", args=["violations"]), {"format": "csv", "start": "0001-01-01"}),
        (reverse("audits:events"), {"format": "csv", "end": "9999-12-31"}),
    ],
)
def test_an_export_that_cannot_be_produced_records_no_export(client, admin, url, params):
    client.force_login(admin)
    assert client.get(url, params).status_code == 400
    assert not AuditEvent.objects.filter(action__startswith="export.").exists()


@pytest.mark.parametrize("before", ["²", "99999999999999999999", "-3", "1e3"])
def test_a_page_mark_that_is_no_number_shows_the_newest_page(client, admin, before):
    client.force_login(admin)
    response = client.get(reverse("audits:events"), {"before": before})
    assert response.status_code == 200
    assert response.context["paged"] is False
