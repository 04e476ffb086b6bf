"""The disposal pages: for the district's records officers only, the waiting list in a constant number of queries,
an approval that asks for the number of records first, and a disposed record gone from every page."""

import datetime

import pytest
from django.urls import reverse

from audits import reports
from audits.models import AuditEvent
from policyportal.records import disposal
from policyportal.records.models import DisposalStatus, Tombstone
from sites.models import Finding, FindingStatus
from tests import factories
from tests.records.disposal_support import approve_and_run, schedule, started_long_ago, waiting_batch

pytestmark = pytest.mark.django_db


@pytest.fixture
def listed_site(employee, admin, west_hartford):
    site = factories.active_site(requester=employee)
    started_long_ago("site_files", site)
    schedule(west_hartford, "site_files", admin)
    disposal.disposal_list_sweep()
    return site


@pytest.mark.parametrize("who", ["employee", "supervisor", "admin"])
def test_only_records_officers_see_the_pages(client, request, listed_site, west_hartford, who):
    batch = waiting_batch(west_hartford)
    client.force_login(request.getfixturevalue(who))
    for url in (
        reverse("records:disposal"),
        reverse("records:disposal_lists"),
        reverse("records:disposal_list", args=[batch.pk]),
        reverse("records:disposal_approve", args=[batch.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("records:disposal_approve", args=[batch.pk]), {"count": 1}).status_code == 404
    batch.refresh_from_db()
    assert batch.status == DisposalStatus.LISTED


def test_another_districts_officer_sees_only_their_own_districts_list(client, r14_officer, listed_site, west_hartford):
    batch = waiting_batch(west_hartford)
    client.force_login(r14_officer)
    page = client.get(reverse("records:disposal"))
    assert page.context["waiting"] is None
    assert f"Site {listed_site.pk}" not in page.content.decode()
    assert client.get(reverse("records:disposal_list", args=[batch.pk])).status_code == 404
    approve = reverse("records:disposal_approve", args=[batch.pk])
    assert client.get(approve).status_code == 404
    assert client.post(approve, {"count": 1}).status_code == 404
    batch.refresh_from_db()
    assert batch.status == DisposalStatus.LISTED


def test_the_waiting_list_reads_in_the_same_queries_for_any_number_of_records(
    client, officer, employee, listed_site, django_assert_num_queries
):
    client.force_login(officer)
    url = reverse("records:disposal")
    page = client.get(url)
    assert f"Site {listed_site.pk} (Facebook group, active)".encode() in page.content
    assert b"3 years after the site is retired" in page.content
    with django_assert_num_queries(10):  # session, user, unread count; batch, counts, page count, page, schedules,
        client.get(url)  # the page's sites, the approved lists
    for name in ("Chess Club", "Robotics", "Debate"):
        started_long_ago("site_files", factories.active_site(requester=employee, name=name))
    disposal.disposal_list_sweep()
    with django_assert_num_queries(10):
        assert client.get(url).context["waiting"].total == 4


def test_nothing_waiting_says_why_and_where_to_set_periods(client, officer):
    client.force_login(officer)
    page = client.get(reverse("records:disposal")).content.decode()
    assert "Nothing is waiting" in page
    assert reverse("records:schedules") in page


def test_approval_asks_for_the_number_and_refuses_a_wrong_one(
    client, officer, listed_site, west_hartford, django_capture_on_commit_callbacks
):
    batch = waiting_batch(west_hartford)
    url = reverse("records:disposal_approve", args=[batch.pk])
    client.force_login(officer)
    confirm = client.get(url).content.decode()
    assert "Approve the disposal of 1 record?" in confirm
    wrong = client.post(url, {"count": "12"})
    assert wrong.status_code == 400
    assert "type 1 to approve" in wrong.content.decode()
    assert 'value="12"' in wrong.content.decode()  # what was typed is kept
    batch.refresh_from_db()
    assert batch.status == DisposalStatus.LISTED
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, {"count": "1"})
    assert done.status_code == 302
    assert done["Location"] == reverse("records:disposal_list", args=[batch.pk])
    batch.refresh_from_db()
    assert batch.status == DisposalStatus.DONE
    approved = AuditEvent.objects.get(action="records.disposal_approved")
    assert (approved.actor_id, approved.payload) == (officer.pk, {"batch": batch.pk, "approved": {"site_files": 1}})
    page = client.get(done["Location"]).content.decode()
    assert f"Site {listed_site.pk} (Facebook group, active)" in page
    assert "3 years after the site is retired" in page


def test_a_disposed_site_and_its_request_are_on_no_page_and_in_no_report(
    client, admin, employee, officer, listed_site, west_hartford, django_capture_on_commit_callbacks
):
    everything = reports.Scope(user=admin, start=datetime.date(2000, 1, 1), end=datetime.date(2100, 1, 1))
    before = reports.dashboard(everything)
    approve_and_run(waiting_batch(west_hartford), officer, django_capture_on_commit_callbacks)
    after = reports.dashboard(everything)
    assert after["active_sites"] == before["active_sites"] - 1
    assert sum(count for _, count in after["requests_by_status"]) == (
        sum(count for _, count in before["requests_by_status"]) - 1
    )
    assert Tombstone.objects.filter(kind="site_files", record_id=listed_site.pk).exists()
    for person in (admin, employee):
        client.force_login(person)
        assert client.get(reverse("sites:detail", args=[listed_site.pk])).status_code == 404
        assert client.get(reverse("requests:detail", args=[listed_site.request_id])).status_code == 404
    client.force_login(admin)
    registry = client.get(reverse("sites:registry"))
    assert listed_site.pk not in [site.pk for site in registry.context["page"].object_list]


def test_a_disposed_reviews_findings_leave_its_sites_page(
    client, employee, supervisor, admin, officer, west_hartford, django_capture_on_commit_callbacks
):
    site = factories.active_site(requester=employee)
    finding = factories.failed_review(site, supervisor)[0]
    Finding.objects.filter(pk=finding.pk).update(status=FindingStatus.CLOSED)
    started_long_ago("reviews", finding.review)
    schedule(west_hartford, "reviews", admin)
    disposal.disposal_list_sweep()
    client.force_login(admin)
    assert [shown.pk for shown in client.get(reverse("sites:detail", args=[site.pk])).context["findings"]] == [
        finding.pk
    ]
    approve_and_run(waiting_batch(west_hartford), officer, django_capture_on_commit_callbacks)
    page = client.get(reverse("sites:detail", args=[site.pk]))
    assert page.status_code == 200  # the site file is kept: only its review went
    assert list(page.context["findings"]) == []
    assert client.get(reverse("sites:review", args=[finding.review_id])).status_code == 404
