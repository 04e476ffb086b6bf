"""The request form through the browser's eyes: clear refusals that change nothing."""

import uuid

import pytest
from django.urls import reverse

from audits.models import AuditEvent
from policyportal.models import Notification
from policyportal.services.submissions import ALREADY_SENT
from requests import services
from requests.models import DESCRIPTION_MAX, SocialMediaRequest, Status
from tests import factories


@pytest.fixture
def form_data(employee):
    school = factories.school(district=employee.district, name="Hall High School")
    data = {
        "site_name": "Robotics Club",
        "platform": "facebook_group",
        "platform_other": "",
        "serves": "club",
        "serves_name": "Robotics",
        "school": str(school.pk),
        "audience": ["students", "parents"],
        "description": factories.DESCRIPTION,
        "admission": "Club members and their parents, by invitation.",
        "form_token": str(uuid.uuid4()),
        "action": "submit",
    }
    for item in factories.promises(employee.district):
        data[f"attest_{item.pk}"] = "on"
    return data


@pytest.fixture
def signed_in(client, employee):
    client.force_login(employee)
    return client


def test_the_form_shows_each_promise_with_its_clause_id(signed_in):
    page = signed_in.get(reverse("requests:new")).content.decode()
    for clause in ["WH-D2", "WH-D3", "WH-D4", "WH-D8", "WH-D9", "WH-D10"]:
        assert clause in page


def test_a_complete_form_is_submitted_to_the_supervisor(signed_in, form_data, supervisor):
    response = signed_in.post(reverse("requests:new"), form_data)
    req = SocialMediaRequest.objects.get()
    assert response.url == reverse("requests:detail", args=[req.pk])
    assert (req.status, req.current_decider) == (Status.PENDING, supervisor)
    assert req.attestations.count() == len(factories.promises(req.district))


def test_a_draft_saves_with_only_a_name(signed_in, employee):
    response = signed_in.post(
        reverse("requests:new"), {"site_name": "Chess club", "action": "save", "form_token": str(uuid.uuid4())}
    )
    req = SocialMediaRequest.objects.get()
    assert response.url == reverse("requests:detail", args=[req.pk])
    assert (req.status, req.requester) == (Status.DRAFT, employee)
    assert AuditEvent.objects.filter(action="request.created", target_id=str(req.pk)).exists()


def refused(client, data, message, *, status=200, url=None):
    """Posts `data`, expects the form again with `message`, and nothing stored or recorded."""
    events = AuditEvent.objects.count()
    response = client.post(url or reverse("requests:new"), data)
    assert response.status_code == status
    assert message in response.content.decode()
    assert AuditEvent.objects.count() == events
    return response


def test_a_short_description_is_refused_saying_why(signed_in, form_data):
    refused(signed_in, {**form_data, "description": "Team news."}, "at least 100 characters (this has 10)")
    assert not SocialMediaRequest.objects.exists()


def test_an_unconfirmed_promise_is_refused_naming_its_clause(signed_in, form_data, employee):
    item = factories.promises(employee.district)[0]
    del form_data[f"attest_{item.pk}"]
    refused(signed_in, form_data, f"still open: {item.clause_id}")
    assert not SocialMediaRequest.objects.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"site_name": ""}, "Fill in the site"),
        ({"platform": "myspace"}, "Select a valid choice"),
        ({"platform": "other", "platform_other": ""}, "Name the platform"),
        ({"serves_name": ""}, "Name the club"),
        ({"audience": []}, "Choose at least one audience"),
        ({"description": "x" * (DESCRIPTION_MAX + 1)}, f"at most {DESCRIPTION_MAX} characters"),
        ({"site_url": "javascript:alert(1)"}, "full https:// address"),
        ({"site_url": "http://facebook.com/groups/hallrobotics"}, "full https:// address"),
    ],
)
def test_bad_or_missing_input_is_refused_and_changes_nothing(signed_in, form_data, change, message):
    refused(signed_in, {**form_data, **change}, message)
    assert not SocialMediaRequest.objects.exists()


def test_a_school_of_another_district_is_refused(signed_in, form_data, region_14):
    elsewhere = factories.school(district=region_14, name="Nonnewaug High School")
    refused(signed_in, {**form_data, "school": str(elsewhere.pk)}, "Select a valid choice")


def test_a_replayed_create_post_creates_nothing_new_and_shows_the_request_it_created(signed_in, form_data):
    first = signed_in.post(reverse("requests:new"), form_data)
    events = AuditEvent.objects.count()
    again = signed_in.post(reverse("requests:new"), form_data, follow=True)
    assert again.redirect_chain == [(first.url, 302)]
    assert ALREADY_SENT in again.content.decode()
    assert SocialMediaRequest.objects.count() == 1
    assert AuditEvent.objects.count() == events
    assert Notification.objects.filter(kind="request.waiting").count() == 1, "the decider is told once"


def test_a_stale_edit_is_refused_and_comes_back_with_what_was_typed_against_the_request_as_it_is(signed_in, employee):
    req = factories.draft_request(requester=employee)
    url = reverse("requests:edit", args=[req.pk])
    data = {"site_name": "New name", "action": "save", "version": str(req.version)}
    signed_in.post(url, data)
    older_tab = {**data, "site_name": "Older tab"}
    response = refused(signed_in, older_tab, "changed since you opened it: request edited", status=409, url=url)
    req.refresh_from_db()
    assert req.site_name == "New name"
    form = response.context["form"]
    assert (form["site_name"].value(), form["version"].value()) == ("Older tab", req.version)
    assert signed_in.post(url, {**older_tab, "version": req.version}).status_code == 302
    req.refresh_from_db()
    assert req.site_name == "Older tab"


def test_an_edit_of_a_request_submitted_from_another_tab_keeps_the_text_to_copy(signed_in, employee):
    req = factories.draft_request(requester=employee)
    seen_version = req.version
    fields = factories.request_fields(requester=employee)
    fields.pop("form_token")
    promises = factories.promises(employee.district)
    services.request_submit(by=employee, request=req, fields=fields, attested=promises, expected_version=req.version)
    url = reverse("requests:edit", args=[req.pk])
    data = {"site_name": "Older tab", "admission": "By invitation.", "action": "save", "version": seen_version}
    response = refused(signed_in, data, "This request changed since you opened it", status=409, url=url)
    page = response.content.decode()
    assert "It is now <strong>waiting for a decision</strong>" in page
    assert "Older tab" in page and "By invitation." in page
    req.refresh_from_db()
    assert req.site_name != "Older tab"


def test_a_tampered_decision_version_is_refused(client, employee, supervisor):
    req = factories.submitted_request(requester=employee)
    client.force_login(supervisor)
    data = {"outcome": "approved", "reason": "", "version": str(req.version + 7), "snapshot_hash": req.snapshot_hash}
    refused(client, data, "changed since you opened it", status=409, url=reverse("requests:decide", args=[req.pk]))
    req.refresh_from_db()
    assert req.status == Status.PENDING


def test_deciding_through_the_page_records_the_reason(client, employee, supervisor):
    req = factories.submitted_request(requester=employee)
    client.force_login(supervisor)
    response = client.post(
        reverse("requests:decide", args=[req.pk]),
        {
            "outcome": "returned",
            "reason": "Name the parents' access.",
            "version": req.version,
            "snapshot_hash": req.snapshot_hash,
        },
    )
    assert response.url == reverse("requests:detail", args=[req.pk])
    detail = client.get(response.url).content.decode()
    assert "Name the parents&#x27; access." in detail
    assert f"Request returned for changes, by {supervisor.display_name}, with a written reason" in detail
    assert "request.returned" not in detail, "the history names events in words, not by their codes"


def test_withdrawing_asks_first_then_withdraws(signed_in, employee):
    req = factories.submitted_request(requester=employee)
    url = reverse("requests:withdraw", args=[req.pk])
    assert "Withdraw “Varsity Soccer Updates”?" in signed_in.get(url).content.decode()
    req.refresh_from_db()
    assert req.status == Status.PENDING
    signed_in.post(url, {"version": req.version})
    req.refresh_from_db()
    assert req.status == Status.WITHDRAWN


def test_the_written_permission_prints_only_for_an_approved_request(client, r14_employee, r14_supervisor):
    req = factories.submitted_request(requester=r14_employee)
    client.force_login(r14_employee)
    url = reverse("requests:permission", args=[req.pk])
    assert client.get(url).status_code == 404
    factories.decide(req, r14_supervisor, reason="Invite the athletic director.")
    page = client.get(url).content.decode()
    assert "Written permission" in page
    assert req.snapshot_hash in page
    assert "Invite the athletic director." in page
