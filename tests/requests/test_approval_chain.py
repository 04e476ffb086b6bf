import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audits.models import AuditEvent
from audits.recorder import text_digest
from policyportal.models import Notification
from requests import services
from requests.models import Decision, SocialMediaRequest, Status
from sites.models import Site, SiteStatus
from tests import factories


def actions(req) -> list[str]:
    return list(
        AuditEvent.objects.filter(target_type="socialmediarequest", target_id=str(req.pk))
        .order_by("sequence")
        .values_list("action", flat=True)
    )


def test_r14_d2_the_supervisors_written_approval_is_the_permission_and_opens_the_site(
    r14_employee, r14_supervisor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        req = factories.submitted_request(requester=r14_employee, site_url="https://www.facebook.com/groups/nhsxc")
    assert (req.status, req.current_step, req.steps_total, req.current_decider) == (
        Status.PENDING,
        1,
        1,
        r14_supervisor,
    )
    assert [m.to for m in mail.outbox] == [[r14_supervisor.email]]
    assert f"/requests/{req.pk}/" in mail.outbox[0].body

    with django_capture_on_commit_callbacks(execute=True):
        decision = factories.decide(req, r14_supervisor, reason="Keep the profanity filter at its strongest setting.")
    req.refresh_from_db()
    assert req.status == Status.APPROVED
    assert decision.snapshot_hash == req.snapshot_hash != ""
    assert decision.reason == "Keep the profanity filter at its strongest setting."
    site = Site.objects.get(request=req)
    assert (site.owner, site.supervisor, site.status, site.name, site.url) == (
        r14_employee,
        r14_supervisor,
        SiteStatus.SETTING_UP,
        "Varsity Soccer Updates",
        "https://www.facebook.com/groups/nhsxc",
    )
    assert actions(req) == ["request.submitted", "request.approved"]
    assert AuditEvent.objects.filter(action="site.created", target_id=str(site.pk)).count() == 1
    assert mail.outbox[-1].to == [r14_employee.email]
    assert "was approved" in mail.outbox[-1].subject


def test_wh_d1_west_hartford_needs_the_district_office_after_the_supervisor(employee, supervisor, admin):
    req = factories.submitted_request(requester=employee)
    assert (req.steps_total, req.current_decider) == (2, supervisor)
    factories.decide(req, supervisor)
    req.refresh_from_db()
    assert (req.status, req.current_step, req.current_decider) == (Status.PENDING, 2, admin)
    assert not Site.objects.filter(request=req).exists()
    assert Notification.objects.filter(recipient=admin, kind="request.waiting").exists()

    factories.decide(req, admin)
    req.refresh_from_db()
    assert req.status == Status.APPROVED
    assert list(req.decisions.values_list("step", "decider")) == [(1, supervisor.pk), (2, admin.pk)]
    assert actions(req) == ["request.submitted", "request.step_approved", "request.approved"]
    assert Site.objects.filter(request=req).exists()


def test_wh_d1_an_administrators_approval_at_step_one_is_the_districts(supervisor, admin):
    req = factories.submitted_request(requester=supervisor)
    assert req.current_decider == admin
    factories.decide(req, admin)
    req.refresh_from_db()
    assert req.status == Status.APPROVED


@pytest.mark.parametrize("outcome", ["denied", "returned"])
def test_deny_and_return_need_a_written_reason(r14_employee, r14_supervisor, outcome):
    req = factories.submitted_request(requester=r14_employee)
    with pytest.raises(ValidationError, match="Write the reason"):
        factories.decide(req, r14_supervisor, outcome=outcome, reason="   ")
    req.refresh_from_db()
    assert req.status == Status.PENDING
    assert not Decision.objects.exists()
    assert actions(req) == ["request.submitted"]


def test_a_returned_request_is_edited_and_resubmitted_from_step_one(employee, supervisor):
    req = factories.submitted_request(requester=employee)
    factories.decide(req, supervisor, outcome="returned", reason="Say which parents will be invited.")
    req.refresh_from_db()
    assert (req.status, req.current_decider) == (Status.RETURNED, None)
    fields = factories.request_fields(requester=employee, admission="Parents of rostered players only.")
    fields.pop("form_token")
    resubmitted = services.request_submit(
        by=employee,
        request=req,
        fields=fields,
        attested=factories.promises(employee.district),
        expected_version=req.version,
    )
    assert (resubmitted.status, resubmitted.current_step, resubmitted.current_decider) == (
        Status.PENDING,
        1,
        supervisor,
    )
    assert resubmitted.snapshot["admission"] == "Parents of rostered players only."
    assert actions(req)[-2:] == ["request.returned", "request.resubmitted"]


@pytest.mark.parametrize("outcome", ["approved", "denied"])
def test_a_decided_request_cannot_be_edited_or_withdrawn(r14_employee, r14_supervisor, outcome):
    req = factories.submitted_request(requester=r14_employee)
    factories.decide(req, r14_supervisor, outcome=outcome, reason="Not for a personal fan page.")
    req.refresh_from_db()
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError, match="cannot be changed"):
        services.request_save_draft(
            by=r14_employee, request=req, fields={"site_name": "Renamed"}, attested=[], expected_version=req.version
        )
    with pytest.raises(ValidationError, match="cannot be withdrawn"):
        services.request_withdraw(request=req, by=r14_employee, expected_version=req.version)
    req.refresh_from_db()
    assert (req.site_name, req.status) == ("Varsity Soccer Updates", outcome)
    assert AuditEvent.objects.count() == events


def test_the_requester_may_withdraw_until_it_is_decided(r14_employee, r14_supervisor):
    req = factories.submitted_request(requester=r14_employee)
    services.request_withdraw(request=req, by=r14_employee, expected_version=req.version)
    req.refresh_from_db()
    assert (req.status, req.current_decider) == (Status.WITHDRAWN, None)
    with pytest.raises(ValidationError, match="nothing to decide"):
        factories.decide(req, r14_supervisor)


def test_only_the_current_steps_decider_may_decide(employee, supervisor, admin, outsider):
    req = factories.submitted_request(requester=employee)
    for intruder in (admin, outsider):
        with pytest.raises(PermissionDenied, match="Only the decider of the current step"):
            factories.decide(req, intruder)
    assert not Decision.objects.exists()


def test_nobody_decides_their_own_request(employee, supervisor):
    req = factories.submitted_request(requester=employee)
    req.refresh_from_db()
    with pytest.raises(PermissionDenied, match="Nobody decides their own request"):
        factories.decide(req, employee)
    with pytest.raises(IntegrityError), transaction.atomic():
        SocialMediaRequest.objects.filter(pk=req.pk).update(current_decider=employee)
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(
            request=req,
            requester=employee,
            step=1,
            decider=employee,
            outcome="approved",
            snapshot_hash=req.snapshot_hash,
            decided_at=req.submitted_at,
        )


def test_a_replayed_decision_is_refused_and_changes_nothing(r14_employee, r14_supervisor):
    req = factories.submitted_request(requester=r14_employee)
    seen = req.version
    services.request_decide(
        request=req,
        by=r14_supervisor,
        outcome="returned",
        reason="Add the schedule.",
        expected_version=seen,
        snapshot_hash=req.snapshot_hash,
    )
    with pytest.raises(ValidationError, match="changed since you opened it"):
        services.request_decide(
            request=req,
            by=r14_supervisor,
            outcome="returned",
            reason="Add the schedule.",
            expected_version=seen,
            snapshot_hash=req.snapshot_hash,
        )
    assert Decision.objects.count() == 1
    assert actions(req).count("request.returned") == 1


def test_a_decision_on_a_tampered_snapshot_hash_is_refused(r14_employee, r14_supervisor):
    req = factories.submitted_request(requester=r14_employee)
    with pytest.raises(ValidationError, match="changed since you opened it"):
        services.request_decide(
            request=req,
            by=r14_supervisor,
            outcome="approved",
            reason="",
            expected_version=req.version,
            snapshot_hash="0" * 64,
        )
    req.refresh_from_db()
    assert req.status == Status.PENDING


def test_an_administrator_reassigns_a_step_when_the_supervisor_is_away(employee, supervisor, admin, west_hartford):
    stand_in = factories.user(district=west_hartford, role="supervisor", username="standin", supervisor=admin)
    req = factories.submitted_request(requester=employee)
    services.request_reassign(request=req, by=admin, to=stand_in, reason="On leave", expected_version=req.version)
    req.refresh_from_db()
    assert req.current_decider == stand_in
    event = AuditEvent.objects.get(action="request.reassigned")
    reason = text_digest("On leave")  # the trail proves the reason without holding it
    assert event.payload == {"step": 1, "from": supervisor.pk, "to": stand_in.pk, "reason_sha256": reason}
    assert Notification.objects.filter(recipient=stand_in, kind="request.waiting").exists()
    with pytest.raises(PermissionDenied, match="Only the decider"):
        factories.decide(req, supervisor)


def test_reassignment_is_refused_to_non_administrators_and_to_the_requester(employee, supervisor, admin):
    req = factories.submitted_request(requester=employee)
    with pytest.raises(PermissionDenied):
        services.request_reassign(request=req, by=supervisor, to=admin, reason="x", expected_version=req.version)
    with pytest.raises(ValidationError, match="other than the requester"):
        services.request_reassign(request=req, by=admin, to=employee, reason="x", expected_version=req.version)
    req.refresh_from_db()
    assert req.current_decider == supervisor


def test_reassignment_refuses_a_stale_page_a_plain_employee_the_same_decider_and_no_reason(
    employee, supervisor, admin, west_hartford, region_14
):
    req = factories.submitted_request(requester=employee)
    colleague = factories.user(district=west_hartford, username="colleague", supervisor=supervisor)
    stranger = factories.user(district=region_14, role="supervisor", username="stranger")
    stand_in = factories.user(district=west_hartford, role="supervisor", username="standin", supervisor=admin)
    refusals = [
        ({"to": stand_in, "expected_version": req.version - 1}, "changed"),
        ({"to": colleague}, "other than the requester"),
        ({"to": stranger}, "other than the requester"),
        ({"to": supervisor}, "already decides this step"),
        ({"to": stand_in, "reason": "  "}, "Say why"),
    ]
    for change, words in refusals:
        with pytest.raises(ValidationError, match=words):
            services.request_reassign(
                **{"request": req, "by": admin, "reason": "On leave", "expected_version": req.version, **change}
            )
    req.refresh_from_db()
    assert req.current_decider == supervisor
    assert not AuditEvent.objects.filter(action="request.reassigned").exists()


def test_a_requester_without_supervisor_waits_for_an_administrator_to_assign_one(west_hartford, admin):
    loner = factories.user(district=west_hartford, username="loner")
    req = factories.submitted_request(requester=loner)
    assert (req.status, req.current_decider) == (Status.PENDING, None)
    assert Notification.objects.filter(recipient=admin, kind="request.needs_decider").exists()


def test_an_approval_through_the_page_reads_no_person_but_the_signed_in_one_and_never_the_district(
    client, r14_employee, r14_supervisor
):
    req = factories.submitted_request(requester=r14_employee)
    client.force_login(r14_supervisor)
    form = {"outcome": "approved", "reason": "", "version": req.version, "snapshot_hash": req.snapshot_hash}

    with CaptureQueriesContext(connection) as captured:
        response = client.post(reverse("requests:decide", args=[req.pk]), form)

    assert response.status_code == 302
    assert Site.objects.filter(request=req, owner=r14_employee, supervisor=r14_supervisor).exists()
    reads = [query["sql"] for query in captured if query["sql"].startswith("SELECT")]
    people = [sql for sql in reads if 'FROM "policyportal_user"' in sql]
    assert len(people) == 1, people  # the signed-in supervisor; the requester is joined to the request's reads
    assert not [sql for sql in reads if 'FROM "policyportal_district"' in sql]
