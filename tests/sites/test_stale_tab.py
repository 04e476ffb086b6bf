"""An action on a site (a check of it too), a finding, a violation report or a review sent from a tab opened
before the record changed: a 409 page that says what changed, by whom and when, links to the record and keeps
what was typed; nothing is recorded."""

import uuid
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from audits.models import AuditEvent
from sites import services
from sites.models import Answer, Evidence, Finding, FindingStatus, MonitoringCheck, SiteStatus
from tests import factories

REASON = "Posts show students without the permission of their parents."


def test_suspending_a_site_retired_in_another_tab_says_so_and_keeps_the_reason(client, site, admin):
    seen_version = site.version
    services.site_retire(site=site, by=admin, reason="The club closed.", expected_version=site.version)
    client.force_login(admin)
    events = AuditEvent.objects.count()
    response = client.post(reverse("sites:end", args=[site.pk, "suspend"]), {"reason": REASON, "version": seen_version})
    assert response.status_code == 409
    page = response.content.decode()
    assert "This site changed since you opened it" in page
    assert "It is now <strong>retired</strong>" in page
    assert f"site retired, by {admin.display_name}" in page
    assert f'href="{reverse("sites:detail", args=[site.pk])}"' in page
    assert REASON in page and "readonly" in page
    assert AuditEvent.objects.count() == events
    site.refresh_from_db()
    assert site.status == SiteStatus.RETIRED


def test_a_stale_suspension_still_possible_comes_back_in_the_form(client, site, admin, employee, west_hartford):
    seen_version = site.version
    colleague = factories.user(district=west_hartford, username="colleague", supervisor=employee.supervisor)
    services.site_transfer_offer(site=site, by=employee, to=colleague, expected_version=site.version)
    client.force_login(admin)
    url = reverse("sites:end", args=[site.pk, "suspend"])
    response = client.post(url, {"reason": REASON, "version": seen_version})
    assert response.status_code == 409
    assert f"site offered to a colleague, by {employee.display_name}" in response.content.decode()
    retry = response.context["retry"]
    assert (retry.url, retry.form.initial) == (url, {"version": factories.version_of(site), "reason": REASON})
    assert client.post(url, {"reason": REASON, "version": factories.version_of(site)}).status_code == 302
    site.refresh_from_db()
    assert site.status == SiteStatus.SUSPENDED


def test_reopening_a_finding_closed_in_another_tab_keeps_what_is_still_wrong(client, site, supervisor, employee):
    (finding,) = factories.failed_review(site, supervisor)
    finding = services.finding_report_fixed(
        finding=finding, by=employee, note="Closed the group.", expected_version=finding.version
    )
    seen_version = finding.version
    services.finding_verify(finding=finding, by=supervisor, expected_version=finding.version)
    client.force_login(supervisor)
    events = AuditEvent.objects.count()
    response = client.post(
        reverse("sites:finding_reopen", args=[finding.pk]), {"reason": REASON, "version": seen_version}
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "This finding changed since you opened it" in page
    assert f"fix checked, finding closed, by {supervisor.display_name}" in page
    assert REASON in page
    assert AuditEvent.objects.count() == events
    finding.refresh_from_db()
    assert finding.status == FindingStatus.CLOSED


def _report(site, employee):
    return services.violation_report(
        by=employee, site=site, category="harassment", what_happened="A rude comment.", occurred_on=date.today()
    )


def test_recording_what_was_done_about_a_report_already_handled_keeps_the_details(client, site, supervisor, admin):
    bystander = factories.user(district=admin.district, username="bystander")
    report = _report(site, bystander)
    services.violation_resolve(report=report, by=admin, outcome="content_removed", note="Taken down.")
    client.force_login(supervisor)
    events = AuditEvent.objects.count()
    response = client.post(
        reverse("sites:violation_resolve", args=[report.pk]), {"outcome": "discussed", "note": REASON}
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "This violation report changed since you opened it" in page
    assert "It is now <strong>handled: " in page
    assert f"violation report resolved, by {admin.display_name}" in page
    assert f'href="{reverse("sites:violation", args=[report.pk])}"' in page
    assert REASON in page and "readonly" in page
    assert AuditEvent.objects.count() == events
    report.refresh_from_db()
    assert (report.outcome.key, report.outcome_note, report.resolved_by) == ("content_removed", "Taken down.", admin)


def _typed_answers(review, note: str) -> dict:
    """The review page's POST: the WH-D9 item fails with `note`, the others pass."""
    data = {}
    for row in review.answers.all():
        failing = row.clause_id == "WH-D9"
        data |= {f"answer_{row.pk}": Answer.FAIL if failing else Answer.PASS, f"note_{row.pk}": note if failing else ""}
        data |= {f"reason_{row.pk}": "", f"evidence_link_{row.pk}": ""}
    return data


@pytest.mark.parametrize("action", ["save", "complete"])
def test_answers_sent_to_a_review_completed_in_another_tab_are_kept_to_copy(client, site, supervisor, action):
    review = services.review_start(site=site, by=supervisor)
    services.review_complete(review=review, by=supervisor, answers=factories.all_pass(review))
    client.force_login(supervisor)
    events, findings = AuditEvent.objects.count(), Finding.objects.count()
    data = _typed_answers(review, REASON) | {"action": action}
    response = client.post(reverse("sites:review", args=[review.pk]), data)
    assert response.status_code == 409
    page = response.content.decode()
    assert "This site review changed since you opened it" in page
    assert "It is now <strong>complete</strong>" in page
    assert f"review completed, by {supervisor.display_name}" in page
    assert f"WH-D9: Fail · What is wrong: {REASON}" in page
    assert f'href="{reverse("sites:review", args=[review.pk])}"' in page
    assert (AuditEvent.objects.count(), Finding.objects.count()) == (events, findings)
    assert set(review.answers.values_list("answer", "note")) == {(Answer.PASS, "")}


def test_evidence_sent_to_a_review_closed_as_its_site_was_suspended_says_so(client, site, supervisor, admin):
    review = services.review_start(site=site, by=supervisor)
    services.site_suspend(site=site, by=admin, reason="Posts show students.", expected_version=site.version)
    client.force_login(supervisor)
    events = AuditEvent.objects.count()
    failing = review.answers.get(clause_id="WH-D9")
    upload = SimpleUploadedFile("proof.pdf", b"%PDF-1.4 proof", content_type="application/pdf")
    data = _typed_answers(review, REASON) | {"answer": failing.pk, f"file_{failing.pk}": upload}
    response = client.post(reverse("sites:review_attach", args=[review.pk]), data | {"form_token": uuid.uuid4()})
    assert response.status_code == 409
    page = response.content.decode()
    assert "It is now <strong>closed: the site is suspended</strong>" in page
    assert f"site suspended, by {admin.display_name}" in page
    assert f"WH-D9: Fail · What is wrong: {REASON}" in page
    assert AuditEvent.objects.count() == events
    assert not Evidence.objects.exists()
    assert set(review.answers.values_list("answer", flat=True)) == {""}


def test_a_check_logged_on_a_site_suspended_since_the_page_opened_keeps_what_was_found(client, site, employee, admin):
    services.site_suspend(site=site, by=admin, reason="Posts show students.", expected_version=site.version)
    client.force_login(employee)
    events = AuditEvent.objects.count()
    data = {
        "checked_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "looked_at": ["new_posts"],
        "found": REASON,
        "form_token": uuid.uuid4(),
    }
    response = client.post(reverse("sites:log_check", args=[site.pk]), data)
    assert response.status_code == 409
    page = response.content.decode()
    assert "It is now <strong>suspended</strong>" in page
    assert f"site suspended, by {admin.display_name}" in page
    assert REASON in page
    assert AuditEvent.objects.count() == events
    assert not MonitoringCheck.objects.exists()


def test_a_fix_reported_from_a_stale_tab_comes_back_in_the_form_while_still_possible(client, site, supervisor, admin):
    (finding,) = factories.failed_review(site, supervisor)
    seen_version = finding.version
    services.finding_reviewer_change(finding=finding, by=admin, to=admin, expected_version=finding.version)
    client.force_login(site.owner)
    url = reverse("sites:finding_fixed", args=[finding.pk])
    response = client.post(url, {"note": REASON, "version": seen_version})
    assert response.status_code == 409
    assert f"reviewer changed, by {admin.display_name}" in response.content.decode()
    retry = response.context["retry"]
    assert (retry.url, retry.form.initial) == (url, {"version": factories.version_of(finding), "note": REASON})
    assert client.post(url, {"note": REASON, "version": factories.version_of(finding)}).status_code == 302
    finding.refresh_from_db()
    assert (finding.status, finding.fix_note) == (FindingStatus.FIXED, REASON)
