"""Separation of duties and the refusal paths of the request services: each refused, each changing nothing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from audits.models import AuditEvent
from policyportal.models import Notification, Role
from policyportal.services.submissions import AlreadySent
from requests import services
from requests.models import SocialMediaRequest, Status
from requests.selectors import requests_visible_to
from tests import factories
from tests.concurrency import at_once


def unchanged(req):
    """Snapshot of what a refusal must leave alone."""
    req.refresh_from_db()
    return req.version, req.status, req.current_decider_id, AuditEvent.objects.count()


def test_an_administrator_cannot_choose_who_decides_their_own_request(west_hartford, admin, supervisor, client):
    """The loophole: an admin without supervisor reassigns their own request to someone who reports to them."""
    req = factories.submitted_request(requester=admin)
    before = unchanged(req)
    with pytest.raises(PermissionDenied, match="Nobody chooses who decides their own request"):
        services.request_reassign(request=req, by=admin, to=supervisor, reason="x", expected_version=req.version)
    assert unchanged(req) == before
    client.force_login(admin)
    assert "Reassign this step" not in client.get(reverse("requests:detail", args=[req.pk])).content.decode()


def test_reassigning_cannot_collapse_two_steps_into_one_person(employee, supervisor, admin, west_hartford):
    second_admin = factories.user(district=west_hartford, role=Role.DISTRICT_ADMIN, username="admin2")
    req = factories.submitted_request(requester=employee)
    factories.decide(req, supervisor)
    assert req.current_step == 2
    before = unchanged(req)
    with pytest.raises(ValidationError, match="decided an earlier step"):
        services.request_reassign(
            request=req, by=second_admin, to=supervisor, reason="Away", expected_version=req.version
        )
    assert unchanged(req) == before


def test_the_reassign_page_offers_only_whom_the_step_may_go_to(client, employee, supervisor, admin, west_hartford):
    second_admin = factories.user(district=west_hartford, role=Role.DISTRICT_ADMIN, username="admin2")
    other = factories.user(district=west_hartford, role=Role.SUPERVISOR, username="other", supervisor=admin)
    req = factories.submitted_request(requester=employee)
    factories.decide(req, supervisor)  # step 2 waits for `admin`
    client.force_login(second_admin)
    menu = client.get(reverse("requests:detail", args=[req.pk])).context["reassign_form"].fields["to"].queryset
    assert set(menu) == {other, second_admin}, "not the requester, the current decider, nor step 1's decider"


def test_reassigning_to_the_current_decider_is_refused_without_a_second_notice(employee, supervisor, admin):
    req = factories.submitted_request(requester=employee)
    with pytest.raises(ValidationError, match="already decides this step"):
        services.request_reassign(request=req, by=admin, to=supervisor, reason="x", expected_version=req.version)
    assert Notification.objects.filter(recipient=supervisor, kind="request.waiting").count() == 1


def test_reassignment_needs_a_pending_request_and_a_reason(r14_employee, r14_supervisor, r14_admin, region_14):
    stand_in = factories.user(district=region_14, role=Role.SUPERVISOR, username="r14standin")
    req = factories.submitted_request(requester=r14_employee)
    with pytest.raises(ValidationError, match="Say why"):
        services.request_reassign(request=req, by=r14_admin, to=stand_in, reason=" ", expected_version=req.version)
    factories.decide(req, r14_supervisor)
    with pytest.raises(ValidationError, match="Only a request waiting for a decision"):
        services.request_reassign(request=req, by=r14_admin, to=stand_in, reason="x", expected_version=req.version)


def test_an_administrator_of_another_district_reaches_nothing(employee, supervisor, r14_admin, client):
    req = factories.submitted_request(requester=employee)
    assert not requests_visible_to(r14_admin).exists()
    with pytest.raises(PermissionDenied):
        services.request_reassign(request=req, by=r14_admin, to=r14_admin, reason="x", expected_version=req.version)
    client.force_login(r14_admin)
    for name in ("detail", "permission", "withdraw"):
        assert client.get(reverse(f"requests:{name}", args=[req.pk])).status_code == 404
    assert client.post(reverse("requests:reassign", args=[req.pk]), {"version": req.version}).status_code == 404
    assert req.site_name not in client.get(reverse("requests:district")).content.decode()


def test_the_written_permission_is_404_to_those_who_cannot_see_the_request(
    client, r14_employee, r14_supervisor, region_14
):
    req = factories.submitted_request(requester=r14_employee)
    factories.decide(req, r14_supervisor)
    assert req.status == Status.APPROVED
    colleague = factories.user(district=region_14, username="r14colleague")
    client.force_login(colleague)
    assert client.get(reverse("requests:permission", args=[req.pk])).status_code == 404


def test_a_withdrawn_draft_stays_private(employee, supervisor, admin):
    draft = factories.draft_request(requester=employee)
    services.request_withdraw(request=draft, by=employee, expected_version=draft.version)
    assert not requests_visible_to(supervisor).filter(pk=draft.pk).exists()
    assert not requests_visible_to(admin).filter(pk=draft.pk).exists()


def test_withdrawing_tells_the_decider_and_only_the_requester_may(employee, supervisor, admin):
    req = factories.submitted_request(requester=employee)
    with pytest.raises(PermissionDenied):
        services.request_withdraw(request=req, by=supervisor, expected_version=req.version)
    with pytest.raises(ValidationError, match="changed since you opened it"):
        services.request_withdraw(request=req, by=employee, expected_version=req.version - 1)
    services.request_withdraw(request=req, by=employee, expected_version=req.version)
    assert Notification.objects.filter(recipient=supervisor, kind="request.withdrawn").exists()


def test_the_requester_hears_when_step_one_approves(employee, supervisor, admin):
    req = factories.submitted_request(requester=employee)
    factories.decide(req, supervisor)
    note = Notification.objects.get(recipient=employee, kind="request.approved")
    assert "passed step 1 and goes on to step 2" in note.title


def test_only_the_requester_edits_and_only_with_their_districts_schools(employee, supervisor, region_14):
    draft = factories.draft_request(requester=employee)
    with pytest.raises(PermissionDenied):
        services.request_save_draft(
            by=supervisor, request=draft, fields={"site_name": "x"}, attested=[], expected_version=draft.version
        )
    elsewhere = factories.school(district=region_14, name="Nonnewaug High School")
    with pytest.raises(ValidationError, match="Choose a school of your district"):
        services.request_save_draft(
            by=employee, request=draft, fields={"school": elsewhere}, attested=[], expected_version=draft.version
        )
    draft.refresh_from_db()
    assert draft.school_id != elsewhere.pk


def test_the_reassign_page_hands_the_step_on(client, employee, supervisor, admin, west_hartford):
    stand_in = factories.user(district=west_hartford, role=Role.SUPERVISOR, username="standin", supervisor=admin)
    req = factories.submitted_request(requester=employee)
    client.force_login(admin)
    url = reverse("requests:reassign", args=[req.pk])
    refused = client.post(url, {"to": stand_in.pk, "reason": "", "version": req.version})
    assert refused.status_code == 400
    response = client.post(url, {"to": stand_in.pk, "reason": "Mr. Okafor is on leave", "version": req.version})
    assert response.url == reverse("requests:detail", args=[req.pk])
    req.refresh_from_db()
    assert req.current_decider == stand_in


@pytest.mark.django_db(transaction=True)
def test_the_same_form_sent_twice_at_once_creates_one_request_and_answers_both_with_it(postgres, employee):
    fields = factories.request_fields(requester=employee)

    def send():
        try:
            return services.request_save_draft(by=employee, fields=dict(fields), attested=[]).pk
        except AlreadySent as sent:
            return sent.created_id

    answers = at_once(send)
    assert answers == [SocialMediaRequest.objects.get().pk] * 2
    assert AuditEvent.objects.filter(action="request.created").count() == 1
