"""A decision sent from a tab opened before the request changed: a 409 page that says what changed, by whom and
when, links to the request and keeps the typed reason; nothing is recorded."""

from django.urls import reverse

from audits.models import AuditEvent
from requests import services
from requests.models import Decision, Status
from tests import factories

REASON = "The audience is too broad: invite the parents of the team only."


def _post_decision(client, req, *, version, snapshot_hash, outcome="denied"):
    data = {"outcome": outcome, "reason": REASON, "version": version, "snapshot_hash": snapshot_hash}
    return client.post(reverse("requests:decide", args=[req.pk]), data)


def test_a_decision_from_a_stale_tab_says_who_decided_and_keeps_the_reason(client, employee, supervisor):
    req = factories.submitted_request(requester=employee)
    seen_version, seen_hash = req.version, req.snapshot_hash  # the first tab
    factories.decide(req, supervisor, outcome="returned", reason="Name the moderators.")  # the second tab
    req.refresh_from_db()
    client.force_login(supervisor)
    events, decisions = AuditEvent.objects.count(), Decision.objects.count()
    response = _post_decision(client, req, version=seen_version, snapshot_hash=seen_hash)
    assert response.status_code == 409
    page = response.content.decode()
    assert "This request changed since you opened it" in page
    assert f"It is now <strong>{req.get_status_display().lower()}</strong>" in page
    assert f"request returned for changes, by {supervisor.display_name}" in page
    assert f'href="{reverse("requests:detail", args=[req.pk])}"' in page
    assert REASON in page and "readonly" in page, "the reason is kept to copy, with no form to send it again"
    assert 'action="' + reverse("requests:decide", args=[req.pk]) not in page
    assert (AuditEvent.objects.count(), Decision.objects.count()) == (events, decisions)
    req.refresh_from_db()
    assert req.status == Status.RETURNED


def test_a_stale_decision_still_possible_comes_back_in_the_form_with_the_reason(client, employee, supervisor):
    req = factories.submitted_request(requester=employee)
    seen_version, seen_hash = req.version, req.snapshot_hash
    factories.decide(req, supervisor, outcome="returned", reason="Name the moderators.")
    fields = factories.request_fields(requester=employee, admission="The moderators: Pat and Sam.")
    fields.pop("form_token")
    services.request_submit(
        by=employee,
        request=req,
        fields=fields,
        attested=factories.promises(employee.district),
        expected_version=req.version,
    )
    req.refresh_from_db()
    client.force_login(supervisor)
    response = _post_decision(client, req, version=seen_version, snapshot_hash=seen_hash)
    assert response.status_code == 409
    form = response.context["retry"].form
    assert (form.initial["version"], form.initial["snapshot_hash"]) == (req.version, req.snapshot_hash)
    assert form.initial["reason"] == REASON
    page = response.content.decode()
    assert "You can still do this" in page and REASON in page
    assert f"request submitted again, by {employee.display_name}" in page
    again = _post_decision(client, req, version=req.version, snapshot_hash=req.snapshot_hash)
    assert again.status_code == 302
    req.refresh_from_db()
    assert req.status == Status.DENIED


def test_a_replayed_withdrawal_says_the_request_was_already_withdrawn(client, employee, supervisor):
    req = factories.submitted_request(requester=employee)
    seen_version = req.version
    services.request_withdraw(request=req, by=employee, expected_version=req.version)
    client.force_login(employee)
    events = AuditEvent.objects.count()
    response = client.post(reverse("requests:withdraw", args=[req.pk]), {"version": seen_version})
    assert response.status_code == 409
    assert f"request withdrawn, by {employee.display_name}" in response.content.decode()
    assert AuditEvent.objects.count() == events


def test_the_decision_is_confirmed_in_plain_words(client, employee, supervisor, admin):
    req = factories.submitted_request(requester=employee)
    client.force_login(supervisor)
    response = _post_decision(client, req, version=req.version, snapshot_hash=req.snapshot_hash, outcome="approved")
    page = client.get(response.url).content.decode()
    assert f"You approved step 1. The request now waits for {admin.display_name}." in page
    assert "Your decision is recorded" not in page
    client.force_login(admin)
    req.refresh_from_db()
    response = _post_decision(client, req, version=req.version, snapshot_hash=req.snapshot_hash, outcome="approved")
    assert "You approved the request." in client.get(response.url).content.decode()


def test_the_decision_card_shows_no_fingerprint(client, employee, supervisor):
    req = factories.submitted_request(requester=employee)
    client.force_login(supervisor)
    page = client.get(reverse("requests:detail", args=[req.pk])).content.decode()
    assert "Your decision is bound to exactly this version of it" in page
    assert "fingerprint" not in page and req.snapshot_hash[:8] not in page.replace(req.snapshot_hash, "")


def test_a_stale_reassignment_still_possible_comes_back_in_the_form_with_its_reason(client, employee, admin):
    stand_in = factories.user(district=admin.district, role="supervisor", username="standin", supervisor=admin)
    other = factories.user(district=admin.district, role="supervisor", username="other", supervisor=admin)
    req = factories.submitted_request(requester=employee)
    seen_version = req.version
    services.request_reassign(request=req, by=admin, to=stand_in, reason="On leave", expected_version=req.version)
    client.force_login(admin)
    url = reverse("requests:reassign", args=[req.pk])
    typed = {"to": other.pk, "reason": "Away all week."}
    events = AuditEvent.objects.count()
    response = client.post(url, {**typed, "version": seen_version})
    assert response.status_code == 409
    assert f"decision passed on, by {admin.display_name}" in response.content.decode()
    assert AuditEvent.objects.count() == events
    retry = response.context["retry"]
    req.refresh_from_db()
    assert (retry.url, retry.form.initial) == (url, {**typed, "version": req.version})
    assert client.post(url, {**typed, "version": req.version}).status_code == 302
    req.refresh_from_db()
    assert req.current_decider == other
