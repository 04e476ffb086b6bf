"""The refusals of the site services: wrong person, wrong state, bad input. Each changes nothing."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from audits.models import AuditEvent
from sites import services
from sites.models import FindingStatus, Site
from sites.personal.services import consultations
from tests import factories
from tests.factories import all_pass, version_of
from tests.sites.test_violations import report


def events() -> int:
    return AuditEvent.objects.count()


@pytest.fixture
def finding(site, supervisor):
    [opened] = factories.failed_review(site, supervisor)
    return opened


@pytest.fixture
def retired(site, admin):
    services.site_retire(site=site, by=admin, reason="Season over", expected_version=site.version)
    site.refresh_from_db()
    return site


def test_an_active_site_is_not_activated_again(site, employee):
    before = events()
    with pytest.raises(ValidationError, match="cannot be activated again"):
        services.site_activate(
            site=site, by=employee, url=site.url, setup_confirmed=True, expected_version=site.version
        )
    assert events() == before


def test_only_the_owner_offers_a_site_and_never_a_retired_one(site, supervisor, employee, admin, west_hartford):
    colleague = factories.user(district=west_hartford, username="colleague", supervisor=supervisor)
    with pytest.raises(PermissionDenied, match="Only the site's owner"):
        services.site_transfer_offer(site=site, by=supervisor, to=colleague, expected_version=site.version)
    services.site_retire(site=site, by=admin, reason="Season over", expected_version=site.version)
    site.refresh_from_db()
    with pytest.raises(ValidationError, match="retired site cannot be handed on"):
        services.site_transfer_offer(site=site, by=employee, to=colleague, expected_version=site.version)
    assert Site.objects.get(pk=site.pk).transfer_to is None


def test_a_retired_site_is_not_monitored(retired, employee):
    with pytest.raises(ValidationError, match="Only an active site is monitored"):
        services.monitoring_log(site=retired, by=employee, checked_at=timezone.now(), looked_at=["members"], found="")
    assert not retired.monitoring_checks.exists()


def test_a_check_links_only_a_report_its_owner_filed_about_this_site(site, employee, supervisor):
    theirs = report(supervisor, site=site)
    with pytest.raises(ValidationError, match="Link a violation report you filed"):
        services.monitoring_log(
            site=site, by=employee, checked_at=timezone.now(), looked_at=["members"], found="", violation=theirs
        )
    assert not site.monitoring_checks.exists()


def test_a_review_answer_must_be_pass_fail_or_not_applicable(site, supervisor):
    review = services.review_start(site=site, by=supervisor)
    row = review.answers.first()
    with pytest.raises(ValidationError, match="choose pass, fail or not applicable"):
        services.review_complete(review=review, by=supervisor, answers=all_pass(review, {row.pk: {"answer": "maybe"}}))
    review.refresh_from_db()
    assert review.completed_at is None


def test_a_fix_is_reported_once_with_a_note_and_reopened_with_a_reason(finding, employee, supervisor):
    with pytest.raises(ValidationError, match="Say what you changed"):
        services.finding_report_fixed(finding=finding, by=employee, note="   ", expected_version=version_of(finding))
    services.finding_report_fixed(
        finding=finding, by=employee, note="Invitation only now.", expected_version=version_of(finding)
    )
    with pytest.raises(ValidationError, match="This finding is fix reported"):
        services.finding_report_fixed(finding=finding, by=employee, note="Again", expected_version=version_of(finding))
    with pytest.raises(ValidationError, match="Say what is still wrong"):
        services.finding_reopen(finding=finding, by=supervisor, reason="", expected_version=version_of(finding))
    finding.refresh_from_db()
    assert (finding.status, finding.fix_note) == (FindingStatus.FIXED, "Invitation only now.")


@pytest.mark.parametrize("how", ["fixed", "verify", "reopen"])
def test_a_finding_of_another_district_is_not_found(client, finding, outsider, how):
    client.force_login(outsider)
    assert (
        client.post(reverse(f"sites:finding_{how}", args=[finding.pk]), {"note": "x", "reason": "x"}).status_code == 404
    )
    finding.refresh_from_db()
    assert finding.status == FindingStatus.OPEN


def test_what_was_done_about_a_report_is_chosen_and_described(site, supervisor, employee):
    filed = report(employee, site=site)
    with pytest.raises(ValidationError, match="Choose what was done"):
        services.violation_resolve(report=filed, by=supervisor, outcome="shrugged", note="Looked")
    with pytest.raises(ValidationError, match="Describe what was done"):
        services.violation_resolve(report=filed, by=supervisor, outcome="content_removed", note="")
    filed.refresh_from_db()
    assert filed.outcome is None


def test_a_question_about_a_post_needs_a_supervisor_an_own_site_and_the_post(site, employee, west_hartford, supervisor):
    colleague = factories.user(district=west_hartford, username="colleague", supervisor=supervisor)
    alone = factories.user(district=west_hartford, username="alone")
    ask = {"text": "Go team!", "links": "", "site": None, "findings": []}
    with pytest.raises(ValidationError, match="no supervisor in the portal"):
        consultations.consultation_ask(by=alone, **ask)
    factories.close_account(supervisor)
    with pytest.raises(ValidationError, match="no supervisor in the portal"):
        consultations.consultation_ask(by=employee, **ask)
    supervisor.is_active = True
    supervisor.save(update_fields=["is_active"])
    with pytest.raises(ValidationError, match="one of your own sites"):
        consultations.consultation_ask(by=colleague, **{**ask, "site": site})
    with pytest.raises(ValidationError, match="Paste the post"):
        consultations.consultation_ask(by=employee, **{**ask, "text": "  "})
    assert not AuditEvent.objects.filter(action__startswith="consultation.").exists()


def test_a_question_about_a_post_on_an_own_site_that_is_not_active_is_refused(site, employee, admin):
    services.site_suspend(site=site, by=admin, reason="Complaint", expected_version=site.version)
    site.refresh_from_db()

    with pytest.raises(ValidationError, match="is not active"):
        consultations.consultation_ask(by=employee, text="Go team!", links="", site=site, findings=[])

    assert not AuditEvent.objects.filter(action__startswith="consultation.").exists()


def test_a_violation_is_not_filed_against_a_retired_site_but_may_name_its_account(retired, employee):
    with pytest.raises(ValidationError, match="That site is retired"):
        report(employee, site=retired)
    assert not AuditEvent.objects.filter(action="violation.reported").exists()

    filed = report(employee, account_name=retired.name)

    assert filed.site is None and filed.account_name == retired.name


def test_a_fix_report_is_verified_only_from_a_page_that_showed_it(client, finding, employee, supervisor, admin):
    services.finding_report_fixed(
        finding=finding, by=employee, note="Invitation only now.", expected_version=version_of(finding)
    )
    seen = version_of(finding)  # the supervisor opens the site page and reads this fix report
    services.finding_reopen(finding=finding, by=admin, reason="Still public", expected_version=seen)
    services.finding_report_fixed(
        finding=finding, by=employee, note="Set to private.", expected_version=version_of(finding)
    )
    client.force_login(supervisor)
    before = events()

    response = client.post(reverse("sites:finding_verify", args=[finding.pk]), {"version": seen})

    assert response.status_code == 409
    page = response.content.decode()
    assert "This finding changed since you opened it" in page
    assert f"fix reported, by {employee.display_name}" in page, "the new fix report the supervisor has not read"
    finding.refresh_from_db()
    assert finding.status == FindingStatus.FIXED and finding.closed_at is None
    assert events() == before
    with pytest.raises(ValidationError, match="changed since you opened"):
        services.finding_reopen(finding=finding, by=supervisor, reason="Not yet", expected_version=seen)


def test_a_form_from_a_page_older_than_versions_asks_for_a_reload(client, finding, employee):
    client.force_login(employee)
    response = client.post(reverse("sites:finding_fixed", args=[finding.pk]), {"note": "Done"}, follow=True)

    assert "This page is out of date. Nothing was saved: reload it and try again." in response.content.decode()
    finding.refresh_from_db()
    assert finding.status == FindingStatus.OPEN


def test_each_step_of_a_fix_works_from_the_version_its_page_shows(client, finding, employee, supervisor):
    def shown_version(user) -> str:
        client.force_login(user)
        page = client.get(reverse("sites:detail", args=[finding.site_id])).content.decode()
        return re.findall(r'name="version" value="(\d+)"', page[page.index(f"/findings/{finding.pk}/") :])[0]

    client.post(
        reverse("sites:finding_fixed", args=[finding.pk]),
        {"note": "Invitation only.", "version": shown_version(employee)},
    )
    client.post(
        reverse("sites:finding_reopen", args=[finding.pk]),
        {"reason": "Still public", "version": shown_version(supervisor)},
    )
    client.post(
        reverse("sites:finding_fixed", args=[finding.pk]), {"note": "Private now.", "version": shown_version(employee)}
    )
    client.post(reverse("sites:finding_verify", args=[finding.pk]), {"version": shown_version(supervisor)})

    finding.refresh_from_db()
    assert (finding.status, finding.fix_note, finding.version) == (FindingStatus.CLOSED, "Private now.", 5)
