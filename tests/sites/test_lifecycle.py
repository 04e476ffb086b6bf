import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audits.models import AuditEvent
from audits.recorder import text_digest
from policyportal.models import Notification
from sites import services
from sites.models import SiteStatus
from tests import factories


def events(site, action):
    return AuditEvent.objects.filter(action=action, target_type="site", target_id=str(site.pk))


def test_the_owner_takes_an_approved_site_live_with_its_real_address(employee, supervisor, admin):
    site = factories.approved_site(requester=employee)
    assert site.status == SiteStatus.SETTING_UP
    live = services.site_activate(
        site=site,
        by=employee,
        url=" https://www.facebook.com/groups/hallsoccer ",
        setup_confirmed=True,
        expected_version=site.version,
    )
    assert (live.status, live.url) == (SiteStatus.ACTIVE, "https://www.facebook.com/groups/hallsoccer")
    assert events(site, "site.activated").count() == 1


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://www.facebook.com/groups/hallsoccer", "full https:// address"),
        ("javascript:alert(1)", "full https:// address"),
        ("https://www.instagram.com/hallsoccer", "not on facebook.com"),
        ("https://facebook.com.evil.example/groups/x", "not on facebook.com"),
        ("https://www.facebook.com/hallsoccer", "looks like https://www.facebook.com/groups/"),
    ],
)
def test_an_address_off_the_platform_is_refused_and_changes_nothing(employee, supervisor, admin, url, message):
    site = factories.approved_site(requester=employee)
    with pytest.raises(ValidationError, match=message):
        services.site_activate(site=site, by=employee, url=url, setup_confirmed=True, expected_version=site.version)
    site.refresh_from_db()
    assert (site.status, site.url) == (SiteStatus.SETTING_UP, "")
    assert not events(site, "site.activated").exists()


def test_activation_needs_the_setup_confirmed_and_the_owner(employee, supervisor, admin):
    site = factories.approved_site(requester=employee)
    url = "https://www.facebook.com/groups/hallsoccer"
    with pytest.raises(ValidationError, match="Confirm that the site is set up"):
        services.site_activate(site=site, by=employee, url=url, setup_confirmed=False, expected_version=site.version)
    with pytest.raises(PermissionDenied):
        services.site_activate(site=site, by=supervisor, url=url, setup_confirmed=True, expected_version=site.version)


def test_a_site_is_handed_on_only_when_the_new_owner_accepts(site, employee, west_hartford, supervisor):
    successor = factories.user(district=west_hartford, username="successor", supervisor=supervisor)
    site = services.site_transfer_offer(site=site, by=employee, to=successor, expected_version=site.version)
    assert site.owner == employee
    assert Notification.objects.filter(recipient=successor, kind="site.transfer_offered").exists()
    with pytest.raises(PermissionDenied):
        services.site_transfer_accept(site=site, by=supervisor, expected_version=site.version)
    site = services.site_transfer_accept(site=site, by=successor, expected_version=site.version)
    assert (site.owner, site.transfer_to) == (successor, None)
    assert events(site, "site.transferred").get().payload == {
        "from": employee.pk,
        "to": successor.pk,
        "findings_reassigned": [],
    }


def test_a_site_cannot_be_offered_to_another_district(site, employee, outsider):
    with pytest.raises(ValidationError, match="another employee of your district"):
        services.site_transfer_offer(site=site, by=employee, to=outsider, expected_version=site.version)


@pytest.mark.parametrize("how", ["suspend", "retire"])
def test_an_administrator_suspends_or_retires_with_a_reason(site, admin, supervisor, employee, how):
    service = services.site_suspend if how == "suspend" else services.site_retire
    with pytest.raises(PermissionDenied):
        service(site=site, by=supervisor, reason="Parents complained", expected_version=site.version)
    with pytest.raises(ValidationError, match="Write the reason"):
        service(site=site, by=admin, reason=" ", expected_version=site.version)
    ended = service(site=site, by=admin, reason="Parents complained", expected_version=site.version)
    status = SiteStatus.SUSPENDED if how == "suspend" else SiteStatus.RETIRED
    assert (ended.status, ended.status_reason) == (status, "Parents complained")
    assert events(site, f"site.{status}").get().payload == {"reason_sha256": text_digest("Parents complained")}
    assert Notification.objects.filter(recipient=employee, kind=f"site.{status}").exists()


def test_a_stale_form_on_a_site_is_refused(site, admin):
    with pytest.raises(ValidationError, match="changed since you opened it"):
        services.site_suspend(site=site, by=admin, reason="x", expected_version=site.version - 1)
