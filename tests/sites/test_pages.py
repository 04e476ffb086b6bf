"""Who sees which site, what the pages show, and that their query counts do not grow with the rows."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sites import services
from sites.models import Finding
from sites.selectors import sites_visible_to
from tests import factories


@pytest.fixture
def colleague(west_hartford, supervisor):
    return factories.user(district=west_hartford, username="colleague", supervisor=supervisor)


@pytest.fixture
def other_team(west_hartford, admin):
    lead = factories.user(district=west_hartford, role="supervisor", username="lead", supervisor=admin)
    return factories.user(district=west_hartford, username="otherteam", supervisor=lead)


def test_wh_d8_employees_see_their_sites_supervisors_their_peoples_administrators_all(
    site, employee, supervisor, admin, other_team, outsider
):
    theirs = factories.active_site(requester=other_team, site_name="Other team")
    assert list(sites_visible_to(employee)) == [site]
    assert list(sites_visible_to(supervisor)) == [site]
    assert set(sites_visible_to(admin)) == {site, theirs}
    assert list(sites_visible_to(outsider)) == []


@pytest.mark.parametrize("name", ["sites:detail", "sites:activate", "sites:review_start"])
def test_a_site_out_of_reach_is_a_404(client, site, other_team, outsider, name):
    for stranger in (other_team, outsider):
        client.force_login(stranger)
        method = client.get if name == "sites:detail" else client.post
        assert method(reverse(name, args=[site.pk])).status_code == 404


def test_the_registry_filters_by_compliance_and_searches(client, site, admin, colleague):
    factories.approved_site(requester=colleague, site_name="Chess Club")
    client.force_login(admin)
    never = client.get(reverse("sites:registry"), {"compliance": "never_reviewed", "q": "chess"}).content.decode()
    assert "Chess Club" in never
    assert site.name not in never
    assert "No site matches" in client.get(reverse("sites:registry"), {"compliance": "compliant"}).content.decode()


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_registry_keeps_its_query_count_as_sites_grow(client, site, admin, supervisor, colleague):
    client.force_login(admin)
    few = queries(client, reverse("sites:registry"))
    for number in range(5):
        factories.active_site(requester=colleague, site_name=f"Club {number}")
    assert queries(client, reverse("sites:registry")) == few


def test_the_review_page_keeps_its_query_count_as_items_grow(client, site, supervisor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    review = services.review_start(site=site, by=supervisor)
    client.force_login(supervisor)
    url = reverse("sites:review", args=[review.pk])
    few = queries(client, url)
    for row in review.answers.all()[:3]:
        services.evidence_attach(answer=row, by=supervisor, upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4 x"))
    assert queries(client, url) == few


def test_the_site_page_keeps_its_query_count_as_findings_grow(client, site, supervisor):
    review = services.review_start(site=site, by=supervisor)
    client.force_login(supervisor)
    url = reverse("sites:detail", args=[site.pk])
    few = queries(client, url)
    answers = {row.pk: {"answer": "fail", "note": "Wrong"} for row in review.answers.all()}
    services.review_complete(review=review, by=supervisor, answers=answers)
    assert queries(client, url) == few


def test_evidence_is_served_only_to_those_who_see_the_site(client, site, supervisor, outsider, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    review = services.review_start(site=site, by=supervisor)
    evidence = services.evidence_attach(
        answer=review.answers.first(), by=supervisor, upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4 x")
    )
    client.force_login(outsider)
    assert client.get(reverse("sites:evidence", args=[evidence.pk])).status_code == 404
    client.force_login(supervisor)
    response = client.get(reverse("sites:evidence", args=[evidence.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")


def test_the_registry_and_the_site_page_show_compliance_and_overdue_findings(client, site, supervisor):
    client.force_login(supervisor)
    assert '<span class="badge text-bg-secondary">Never reviewed</span>' in client.get(reverse("sites:registry")).text
    factories.failed_review(site, supervisor)
    Finding.objects.update(due_on=timezone.localdate() - timedelta(days=1))
    for page in (reverse("sites:registry"), reverse("sites:detail", args=[site.pk])):
        text = client.get(page).text
        assert '<span class="badge text-bg-warning">Findings open</span>' in text, page
        assert '<span class="badge text-bg-danger">1 overdue finding</span>' in text, page
