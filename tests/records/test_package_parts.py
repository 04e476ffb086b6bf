"""A records-request package holds the rows a record is made of (`RecordKind.parts`): a request's decisions and
setup promises, a review's answers, findings and evidence, one CSV each, of the chosen site only; and the trail
about them (a finding's events), those of a disposed review's findings too."""

import pytest
from django.utils import timezone

from policyportal.records import disposal
from requests.models import Decision
from sites import services as site_services
from sites.models import Finding, ReviewAnswer, SiteReview
from tests import factories
from tests.records.disposal_support import approve_and_run, schedule, started_long_ago, waiting_batch
from tests.records.test_package_build import ask, opened, rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def failed_site(employee, supervisor, settings, tmp_path):
    """The employee's active site, whose review failed one item: a finding the employee reported fixed."""
    settings.MEDIA_ROOT = tmp_path
    site = factories.active_site(requester=employee)
    (finding,) = factories.failed_review(site, supervisor)
    site_services.finding_report_fixed(finding=finding, by=employee, note="Took it down", expected_version=1)
    return site


@pytest.fixture
def other_failed_site(west_hartford, supervisor, settings, tmp_path):
    colleague = factories.user(district=west_hartford, username="colleague", supervisor=supervisor)
    site = factories.active_site(requester=colleague, site_name="Chess Club")
    factories.failed_review(site, supervisor)
    return site


def ids(archive, path: str) -> list[str]:
    return [row["id"] for row in rows(archive, path)]


def test_the_package_holds_the_chosen_records_parts_and_the_trail_about_them(
    officer, failed_site, other_failed_site, django_capture_on_commit_callbacks
):
    archive = opened(ask(officer, sites=[failed_site], capture=django_capture_on_commit_callbacks))
    (finding,) = Finding.objects.filter(site=failed_site)
    review = SiteReview.objects.get(site=failed_site)
    decisions = Decision.objects.filter(request_id=failed_site.request_id).order_by("pk")
    assert ids(archive, "records/reviews-finding.csv") == [str(finding.pk)]
    assert rows(archive, "records/reviews-finding.csv")[0]["assignee"] == finding.assignee.display_name
    answers = ReviewAnswer.objects.filter(review=review).order_by("pk")
    assert ids(archive, "records/reviews-reviewanswer.csv") == [str(answer.pk) for answer in answers]
    assert ids(archive, "records/requests-decision.csv") == [str(decision.pk) for decision in decisions] != []
    assert "records/requests-requestattestation.csv" in archive.namelist()
    assert rows(archive, "records/reviews-evidence.csv") == []  # no evidence attached: the file is there, empty
    events = {(row["target_type"], row["target_id"], row["action"]) for row in rows(archive, "audit-events.csv")}
    assert {("finding", str(finding.pk), "finding.opened"), ("finding", str(finding.pk), "finding.fixed")} <= events
    others = Finding.objects.filter(site=other_failed_site).values_list("pk", flat=True)
    assert not [event for event in events if event[0] == "finding" and int(event[1]) in others]


def test_the_trail_about_a_disposed_reviews_findings_stays_in_the_package(
    officer, supervisor, employee, west_hartford, failed_site, django_capture_on_commit_callbacks
):
    (finding,) = Finding.objects.filter(site=failed_site)
    site_services.finding_verify(finding=finding, by=supervisor, expected_version=2)
    review = SiteReview.objects.get(site=failed_site)
    started_long_ago("reviews", review)
    schedule(west_hartford, "reviews", supervisor)
    disposal.disposal_list_district(district_id=west_hartford.pk, today=timezone.localdate())
    approve_and_run(waiting_batch(west_hartford), officer, django_capture_on_commit_callbacks)
    assert not SiteReview.objects.filter(pk=review.pk).exists()

    archive = opened(ask(officer, sites=[failed_site], capture=django_capture_on_commit_callbacks))
    assert rows(archive, "records/reviews-finding.csv") == []  # a disposed review's rows are its tombstone
    actions = [row["action"] for row in rows(archive, "audit-events.csv") if row["target_type"] == "finding"]
    assert actions == ["finding.opened", "finding.fixed", "finding.verified"]
