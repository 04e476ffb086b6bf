"""A site page offers an action exactly when the portal would accept it: each button and the request behind it
ask the same rule (`sites.rules`)."""

import pytest
from django.urls import reverse

from policyportal.models import Role
from sites import services
from tests import factories


@pytest.fixture
def offered_supervisor(west_hartford, admin, site, employee):
    """Another school's supervisor, to whom the owner has offered the site (not yet accepted)."""
    other = factories.user(district=west_hartford, role=Role.SUPERVISOR, username="offered", supervisor=admin)
    services.site_transfer_offer(site=site, by=employee, to=other, expected_version=site.version)
    return other


def page_of(client, person, site) -> str:
    client.force_login(person)
    return client.get(reverse("sites:detail", args=[site.pk])).content.decode()


def test_the_site_file_is_offered_to_exactly_those_who_can_download_it(
    client, site, employee, supervisor, admin, offered_supervisor
):
    file_url = reverse("reports:site_file", args=[site.pk])
    for person, allowed in [(admin, True), (supervisor, True), (employee, False), (offered_supervisor, False)]:
        shown = file_url in page_of(client, person, site)
        status = client.get(file_url).status_code
        assert (shown, status == 200) == (allowed, allowed), person.username


def test_a_supervisor_offered_a_site_sees_the_offer_but_no_site_file_and_no_review(client, site, offered_supervisor):
    page = page_of(client, offered_supervisor, site)
    assert "offers you this site" in page
    assert "Site file (PDF)" not in page
    assert "Start a review" not in page
    assert client.get(reverse("reports:site_file", args=[site.pk])).status_code == 404


def test_suspend_and_retire_are_offered_while_the_site_can_still_take_them(client, site, admin):
    suspend, retire = reverse("sites:end", args=[site.pk, "suspend"]), reverse("sites:end", args=[site.pk, "retire"])
    page = page_of(client, admin, site)
    assert suspend in page and retire in page
    site = services.site_suspend(site=site, by=admin, reason="Paused.", expected_version=site.version)
    page = page_of(client, admin, site)
    assert suspend not in page and retire in page
    response = client.get(suspend, follow=True)
    assert response.redirect_chain and "nothing to suspend" in response.content.decode()
    services.site_retire(site=site, by=admin, reason="Closed.", expected_version=site.version)
    page = page_of(client, admin, site)
    assert suspend not in page and retire not in page


def test_a_retired_site_offers_no_violation_report_which_would_be_refused(client, site, employee, admin):
    report_link = f"{reverse('sites:report_violation')}?site={site.pk}"
    assert report_link in page_of(client, employee, site)
    services.site_retire(site=site, by=admin, reason="Closed.", expected_version=site.version)
    assert report_link not in page_of(client, employee, site)


def test_the_fix_and_verify_forms_appear_for_the_one_who_may_send_them(client, site, employee, supervisor, admin):
    [finding] = factories.failed_review(site, supervisor)
    fixed_url, verify_url = (
        reverse(name, args=[finding.pk]) for name in ("sites:finding_fixed", "sites:finding_verify")
    )
    assert fixed_url in page_of(client, employee, site)
    assert fixed_url not in page_of(client, supervisor, site)
    services.finding_report_fixed(finding=finding, by=employee, note="Filter on.", expected_version=finding.version)
    assert fixed_url not in page_of(client, employee, site)
    assert verify_url not in page_of(client, employee, site)
    assert verify_url in page_of(client, supervisor, site)
    assert verify_url in page_of(client, admin, site)
