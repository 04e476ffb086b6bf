import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from audits.models import AuditEvent
from policyportal.models import Notification
from sites import services
from tests import factories


@pytest.fixture
def bystander(west_hartford, admin):
    return factories.user(district=west_hartford, username="bystander", supervisor=admin)


def report(by, **overrides):
    fields = {
        "category": "directory_objection",
        "what_happened": "A photo names a student whose parents objected.",
        "occurred_on": timezone.localdate(),
    }
    fields.update(overrides)
    return services.violation_report(by=by, **fields)


def test_wh_d7_the_owners_supervisor_is_told_at_once_in_the_inbox_and_by_email(
    site, bystander, supervisor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        found = report(bystander, site=site)
    assert found.handler == supervisor
    assert Notification.objects.filter(recipient=supervisor, kind="violation.reported").count() == 1
    assert [message.to for message in mail.outbox] == [[supervisor.email]]
    assert f"/sites/violations/{found.pk}/" in mail.outbox[0].body
    event = AuditEvent.objects.get(action="violation.reported")
    assert (event.actor, event.payload["category"]) == (bystander, "directory_objection")


def test_a_report_about_a_site_whose_supervisor_has_left_goes_to_the_administrators(site, bystander, supervisor, admin):
    factories.close_account(supervisor)
    found = report(bystander, site=site)
    assert found.handler is None
    assert Notification.objects.filter(recipient=admin, kind="violation.reported").exists()
    assert not Notification.objects.filter(recipient=supervisor, kind="violation.reported").exists()


def test_an_unofficial_account_is_reported_to_the_district_administrators(bystander, admin):
    found = report(bystander, account_name="Hall Soccer Fans (unofficial)", account_url="https://www.facebook.com/x")
    assert found.handler is None
    assert Notification.objects.filter(recipient=admin, kind="violation.reported").exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({}, "Choose a district site, or name the account"),
        ({"category": "gossip", "account_name": "x"}, "Choose what kind of violation"),
        ({"occurred_on": timezone.localdate() + timezone.timedelta(days=2), "account_name": "x"}, "in the future"),
    ],
)
def test_a_report_with_nothing_to_act_on_is_refused(bystander, overrides, message):
    with pytest.raises(ValidationError, match=message):
        report(bystander, **overrides)
    assert not AuditEvent.objects.filter(action="violation.reported").exists()


def test_a_site_of_another_district_cannot_be_reported_from_here(site, outsider):
    with pytest.raises(ValidationError, match="Choose a site of your district"):
        report(outsider, site=site)


def test_the_supervisor_records_what_was_done_once(site, bystander, supervisor, employee):
    found = report(bystander, site=site)
    with pytest.raises(PermissionDenied):
        services.violation_resolve(report=found, by=employee, outcome="no_violation", note="fine")
    services.violation_resolve(report=found, by=supervisor, outcome="content_removed", note="Photo taken down.")
    found.refresh_from_db()
    assert (found.outcome.key, found.resolved_by) == ("content_removed", supervisor)
    assert Notification.objects.filter(recipient=bystander, kind="violation.resolved").exists()
    with pytest.raises(ValidationError, match="already recorded"):
        services.violation_resolve(report=found, by=supervisor, outcome="discussed", note="again")
    assert AuditEvent.objects.filter(action="violation.resolved").count() == 1
