"""Who sees which request: the requester, their supervisor, the deciders, the district's administrators.
Everyone else gets a 404, never a 403."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from requests import services
from requests.selectors import requests_visible_to
from tests import factories


@pytest.fixture
def colleague(west_hartford, supervisor):
    return factories.user(district=west_hartford, username="colleague", supervisor=supervisor)


def test_an_employee_sees_only_their_own_requests(employee, colleague):
    mine = factories.submitted_request(requester=employee)
    factories.submitted_request(requester=colleague)
    assert list(requests_visible_to(employee)) == [mine]


def test_a_supervisor_sees_their_peoples_submitted_requests_but_not_drafts(employee, supervisor):
    submitted = factories.submitted_request(requester=employee)
    factories.draft_request(requester=employee)
    assert list(requests_visible_to(supervisor)) == [submitted]


def test_an_administrator_sees_the_districts_submitted_requests(employee, colleague, admin):
    submitted = {factories.submitted_request(requester=employee), factories.submitted_request(requester=colleague)}
    assert set(requests_visible_to(admin)) == submitted


def test_a_reassigned_decider_sees_the_request(employee, admin, west_hartford):
    stand_in = factories.user(district=west_hartford, role="supervisor", username="standin", supervisor=admin)
    req = factories.submitted_request(requester=employee)
    assert not requests_visible_to(stand_in).exists()
    services.request_reassign(request=req, by=admin, to=stand_in, reason="Away", expected_version=req.version)
    assert list(requests_visible_to(stand_in)) == [req]


@pytest.mark.parametrize("path", ["detail", "edit", "withdraw", "permission", "permission_pdf"])
def test_out_of_reach_requests_are_404(client, employee, colleague, outsider, path):
    req = factories.draft_request(requester=employee)
    for stranger in (colleague, outsider):
        client.force_login(stranger)
        assert client.get(reverse(f"requests:{path}", args=[req.pk])).status_code == 404


def test_an_outsider_cannot_decide_by_posting(client, employee, outsider):
    req = factories.submitted_request(requester=employee)
    client.force_login(outsider)
    data = {"outcome": "approved", "version": req.version, "snapshot_hash": req.snapshot_hash}
    assert client.post(reverse("requests:decide", args=[req.pk]), data).status_code == 404
    req.refresh_from_db()
    assert req.decisions.count() == 0


def test_the_district_list_is_for_administrators_only(client, supervisor):
    client.force_login(supervisor)
    assert client.get(reverse("requests:district")).status_code == 403


def test_the_district_list_filters_by_status_and_school(client, employee, colleague, admin, west_hartford):
    hall = factories.school(district=west_hartford, name="Hall High School")
    factories.submitted_request(requester=employee, site_name="Hall Robotics", school=hall)
    factories.submitted_request(requester=colleague, site_name="Bugbee Garden")
    client.force_login(admin)
    page = client.get(reverse("requests:district"), {"school": hall.pk, "status": "pending"}).content.decode()
    assert "Hall Robotics" in page
    assert "Bugbee Garden" not in page
    bad = client.get(reverse("requests:district"), {"start": "2026-12-01", "end": "2026-11-01"})
    assert "The end date is before the start date" in bad.content.decode()


def query_count(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("viewer", "url_name"),
    [("employee", "requests:mine"), ("supervisor", "requests:waiting"), ("admin", "requests:district")],
)
def test_lists_keep_their_query_count_as_requests_grow(client, request, employee, colleague, viewer, url_name):
    user = request.getfixturevalue(viewer)
    client.force_login(user)
    url = reverse(url_name)
    factories.submitted_request(requester=employee)
    few = query_count(client, url)
    for number in range(8):
        factories.submitted_request(requester=employee if number % 2 else colleague, site_name=f"Site {number}")
    assert query_count(client, url) == few


def test_the_request_page_keeps_its_query_count_as_history_grows(client, employee, supervisor):
    req = factories.submitted_request(requester=employee)
    client.force_login(supervisor)
    url = reverse("requests:detail", args=[req.pk])
    few = query_count(client, url)
    for number in range(3):
        factories.decide(req, supervisor, outcome="returned", reason=f"Round {number}")
        services.request_submit(
            by=employee,
            request=req,
            fields={},
            attested=factories.promises(employee.district),
            expected_version=req.version,
        )
    assert query_count(client, url) == few
