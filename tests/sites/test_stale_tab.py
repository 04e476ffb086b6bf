"""A site's or a finding's action sent from a tab opened before the record changed: a 409 page that says what
changed, by whom and when, links to the site and keeps the typed reason or note; nothing is recorded."""

from django.urls import reverse

from audits.models import AuditEvent
from sites import services
from sites.models import FindingStatus, SiteStatus
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
