"""The audit trail holds no text a person wrote into a record, and still proves what was written (issue 19).

One distinctive string goes, through the real forms as the people who use them, into every free-text field of
every form that makes or changes a record: the request form, decisions and reassignment, a site's address and
the reasons it is suspended or retired, a monitoring check, a review's answers, a finding's fix and reopening, a
violation report and what was done about it, a question about a post and its answer, the pre-check, a student
of the objection roster, the roster's purge, a retention period's authority and a legal hold's reason. Then no
text column of any audit event (what it names, who, what it holds) contains it, while the events hold the
SHA-256 of what was written.

People's own names, school names and the policy's wording are the district's directory and configuration, not
the records' text: events name people and schools. A signature must be the signer's own name, so that form is
checked with the name typed in another case, which no event may copy.
"""

import uuid
from datetime import timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone

from audits.models import AuditEvent
from audits.recorder import text_digest
from policyportal.models import AppliesTo, Notification, Role, User
from policyportal.reminders import sweep
from policyportal.selectors import current_items
from requests.models import SocialMediaRequest
from sites import services
from sites.models import Answer, Finding, MonitoringCheck, Site, ViolationReport
from sites.personal.models import Acknowledgment, Consultation, DirectoryObjection
from tests import factories

WRITTEN = "Zanzibar-7Q"


def trail_holding(text: str, lookup: str = "icontains") -> list[AuditEvent]:
    """Every event with `text` in any of its text columns (in any case, unless `lookup` is "contains")."""
    columns = ["action", "actor_name", "target_type", "target_id", "target_label", "payload_text"]
    holding = Q()
    for column in columns:
        holding |= Q(**{f"{column}__{lookup}": text})
    return list(AuditEvent.objects.annotate(payload_text=Cast("payload", TextField())).filter(holding))


def sent(client, url: str, data: dict, **extra) -> None:
    """Posts a form that must be accepted: the page sends its author on."""
    response = client.post(url, data, **extra)
    assert response.status_code == 302, response.content.decode()[:3000]


def event(action: str, target) -> AuditEvent:
    return AuditEvent.objects.get(action=action, target_type=target._meta.model_name, target_id=str(target.pk))


def key(district, applies_to: str) -> str:
    return current_items(district.pk, applies_to)[0].key


@pytest.fixture
def second_supervisor(west_hartford, admin):
    return factories.user(district=west_hartford, role=Role.SUPERVISOR, username="second", supervisor=admin)


def file_a_request(client, employee) -> SocialMediaRequest:
    """The employee saves a draft with the string in every text field, edits it, and submits it."""
    school = factories.school(district=employee.district, name="Hall High School")
    form = {
        "site_name": f"{WRITTEN} Robotics",
        "site_url": f"https://example.org/{WRITTEN}",
        "platform": "other",
        "platform_other": f"{WRITTEN} Forums",
        "serves": "club",
        "serves_name": f"{WRITTEN} club",
        "school": str(school.pk),
        "audience": ["students", "parents"],
        "description": f"{factories.DESCRIPTION} {WRITTEN}",
        "admission": f"Members of {WRITTEN}, by invitation.",
        "form_token": str(uuid.uuid4()),
        "action": "save",
    }
    for item in factories.promises(employee.district):
        form[f"attest_{item.pk}"] = "on"
    client.force_login(employee)
    sent(client, reverse("requests:new"), form)
    request = SocialMediaRequest.objects.get()
    edit = reverse("requests:edit", args=[request.pk])
    sent(client, edit, {**form, "admission": f"Members of {WRITTEN} only.", "version": request.version})
    request.refresh_from_db()
    sent(client, edit, {**form, "action": "submit", "version": request.version})
    request.refresh_from_db()
    assert request.status == "pending" and WRITTEN in request.description
    return request


def decide(client, request, by, outcome: str, reason: str) -> None:
    request.refresh_from_db()
    client.force_login(by)
    data = {"outcome": outcome, "reason": reason, "version": request.version, "snapshot_hash": request.snapshot_hash}
    sent(client, reverse("requests:decide", args=[request.pk]), data)
    request.refresh_from_db()


def take_the_request_to_a_site(client, employee, admin, second_supervisor) -> Site:
    """Returned with a reason, submitted again, passed on with a reason, approved with conditions."""
    request = file_a_request(client, employee)
    decide(client, request, request.current_decider, "returned", f"Name the moderators, {WRITTEN}.")
    client.force_login(employee)
    edit = reverse("requests:edit", args=[request.pk])
    form = client.get(edit).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None and name != "school"}
    data.update(
        {
            "school": str(request.school_id),
            "audience": request.audience,
            "action": "submit",
            "version": request.version,
            **{f"attest_{item.pk}": "on" for item in factories.promises(employee.district)},
        }
    )
    sent(client, edit, data)
    request.refresh_from_db()
    client.force_login(admin)
    reassigned = {"to": second_supervisor.pk, "reason": f"Away this week, {WRITTEN}.", "version": request.version}
    sent(client, reverse("requests:reassign", args=[request.pk]), reassigned)
    request.refresh_from_db()
    while request.status == "pending":
        decide(client, request, request.current_decider, "approved", f"Post weekly, {WRITTEN}.")
    assert request.status == "approved"
    assert event("request.returned", request).payload["reason_sha256"] == text_digest(
        f"Name the moderators, {WRITTEN}."
    )
    assert event("request.reassigned", request).payload["reason_sha256"] == text_digest(f"Away this week, {WRITTEN}.")
    return request.site


def run_the_site(client, site, employee, supervisor) -> Finding:
    """Activated at an address holding the string; a check logged; a review with a failed item, its finding
    reported fixed and reopened."""
    client.force_login(employee)
    activation = {"url": f"https://example.org/{WRITTEN}", "setup_confirmed": "on", "version": site.version}
    sent(client, reverse("sites:activate", args=[site.pk]), activation)
    check = {
        "checked_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "looked_at": ["comments"],
        "found": f"A post about {WRITTEN}.",
        "form_token": uuid.uuid4(),
    }
    sent(client, reverse("sites:log_check", args=[site.pk]), check)
    assert WRITTEN in MonitoringCheck.objects.get(site=site).found

    client.force_login(supervisor)
    sent(client, reverse("sites:review_start", args=[site.pk]), {"form_token": uuid.uuid4()})
    review = site.reviews.get()
    rows = list(review.answers.order_by("pk"))
    answers = {"action": "complete"}
    for row in rows:
        answers.update({f"answer_{row.pk}": Answer.PASS, f"note_{row.pk}": "", f"reason_{row.pk}": ""})
        answers[f"evidence_link_{row.pk}"] = f"https://example.org/evidence/{WRITTEN}"
    failed, not_applicable = rows[0], rows[1]
    answers.update({f"answer_{failed.pk}": Answer.FAIL, f"note_{failed.pk}": f"Anyone joins {WRITTEN}."})
    answers.update(
        {f"answer_{not_applicable.pk}": Answer.NOT_APPLICABLE, f"reason_{not_applicable.pk}": f"No {WRITTEN}."}
    )
    sent(client, reverse("sites:review", args=[review.pk]), answers)
    finding = Finding.objects.get(site=site)

    client.force_login(employee)
    fixed = {"note": f"Closed the group, {WRITTEN}.", "version": finding.version}
    sent(client, reverse("sites:finding_fixed", args=[finding.pk]), fixed)
    finding.refresh_from_db()
    client.force_login(supervisor)
    reopened = {"reason": f"Still open, {WRITTEN}.", "version": finding.version}
    sent(client, reverse("sites:finding_reopen", args=[finding.pk]), reopened)
    assert event("finding.fixed", finding).payload == {"note_sha256": text_digest(f"Closed the group, {WRITTEN}.")}
    assert event("finding.reopened", finding).payload == {"reason_sha256": text_digest(f"Still open, {WRITTEN}.")}
    return finding


def report_violations(client, site, employee, admin) -> None:
    """One report about the site, one about an unofficial account; the first is handled with a note."""
    district = site.district
    client.force_login(employee)
    report = {
        "category": key(district, AppliesTo.VIOLATION_CATEGORY),
        "what_happened": f"A student's photo with {WRITTEN}.",
        "occurred_on": timezone.localdate().isoformat(),
        "links": f"https://example.org/posts/{WRITTEN}",
        "form_token": uuid.uuid4(),
    }
    sent(client, reverse("sites:report_violation"), {**report, "site": site.pk})
    account = {"account_name": f"{WRITTEN} fans", "account_url": f"https://example.org/{WRITTEN}"}
    sent(client, reverse("sites:report_violation"), {**report, **account, "form_token": uuid.uuid4()})
    on_site = ViolationReport.objects.get(site=site)
    client.force_login(admin)
    handled = {"outcome": key(district, AppliesTo.VIOLATION_OUTCOME), "note": f"Removed the {WRITTEN} post."}
    sent(client, reverse("sites:violation_resolve", args=[on_site.pk]), handled)
    assert ViolationReport.objects.filter(outcome_note__contains=WRITTEN).count() == 1


def ask_about_a_post(client, employee, supervisor) -> None:
    client.force_login(employee)
    post = {"text": f"Go {WRITTEN}!", "links": f"https://example.org/{WRITTEN}", "form_token": uuid.uuid4()}
    page = client.post(reverse("sites:precheck"), {**post, "action": "check"})
    assert page.status_code == 200
    question = {**post, "question": f"Is {WRITTEN} fine?", "action": "ask", "form_token": uuid.uuid4()}
    sent(client, reverse("sites:precheck"), question)
    asked = Consultation.objects.get()
    client.force_login(supervisor)
    sent(client, reverse("sites:consultation", args=[asked.pk]), {"answer": "changes", "note": f"Drop {WRITTEN}."})


def end_the_site(client, site, admin) -> None:
    client.force_login(admin)
    site.refresh_from_db()
    sent(
        client,
        reverse("sites:end", args=[site.pk, "suspend"]),
        {"reason": f"Paused, {WRITTEN}.", "version": site.version},
    )
    site.refresh_from_db()
    sent(
        client,
        reverse("sites:end", args=[site.pk, "retire"]),
        {"reason": f"Closed, {WRITTEN}.", "version": site.version},
    )
    assert event("site.retired", site).payload == {"reason_sha256": text_digest(f"Closed, {WRITTEN}.")}


def read_the_inbox(client, people) -> None:
    """Each person opens their notifications, whose titles quote the site's name."""
    for person in people:
        client.force_login(person)
        for notification in Notification.objects.filter(recipient=person):
            client.post(reverse("notification_open", args=[notification.pk]))
    assert Notification.objects.filter(title__contains=WRITTEN, read_at__isnull=False).exists()


def objection_roster(client, region_14) -> None:
    """A Region 14 administrator imports a student named with the string, then a records officer purges the
    roster with a reason holding it."""
    school = factories.school(district=region_14, name="Nonnewaug High School")
    administrator = factories.user(district=region_14, role=Role.DISTRICT_ADMIN, username="r14admin")
    client.force_login(administrator)
    csv = f"student_id,first_name,last_name,preferred_name,school,grade\n1001,{WRITTEN},Cruz,,{school.name},10\n"
    upload = SimpleUploadedFile("roster.csv", csv.encode(), content_type="text/csv")
    assert client.post(reverse("sites:roster_preview"), {"file": upload, "mode": "merge"}).status_code == 200
    sent(client, reverse("sites:roster_import"), {})
    assert DirectoryObjection.objects.filter(first_name=WRITTEN).exists()
    User.objects.filter(pk=administrator.pk).update(is_records_officer=True)
    sent(client, f"{reverse('sites:roster_purge')}?school=all", {"reason": f"Contract ended, {WRITTEN}."})
    assert not DirectoryObjection.objects.exists()


def sign_the_rules(client, employee) -> str:
    """The employee signs the personal-use rules, typing their name in a case of their own."""
    typed = f"  {employee.get_full_name().swapcase()} "
    client.force_login(employee)
    sent(client, reverse("acknowledge"), {"read_them": "on", "typed_name": typed, "form_token": uuid.uuid4()})
    assert Acknowledgment.objects.filter(user=employee).exists()
    return typed.strip()


def records_office(client, site, admin) -> None:
    """The district's records officer sets a retention period citing its authority, and holds the site."""
    User.objects.filter(pk=admin.pk).update(is_records_officer=True)
    client.force_login(admin)
    schedule = {"starts": "retired", "years": 3, "months": 0, "authority": f"CT M1 {WRITTEN}"}
    sent(client, reverse("records:schedule_edit", args=["site_files"]), schedule)
    hold = {"reason": f"Claim {WRITTEN} v. district", "site": site.pk, "form_token": uuid.uuid4()}
    sent(client, reverse("records:hold_new"), hold)
    placed = AuditEvent.objects.get(action="records.hold_placed")
    assert placed.payload["reason_sha256"] == text_digest(f"Claim {WRITTEN} v. district")


def test_no_event_holds_what_was_written_into_a_record(
    client, west_hartford, region_14, employee, supervisor, admin, second_supervisor
):
    before = AuditEvent.objects.count()
    site = take_the_request_to_a_site(client, employee, admin, second_supervisor)
    run_the_site(client, site, employee, supervisor)
    report_violations(client, site, employee, admin)
    ask_about_a_post(client, employee, supervisor)
    end_the_site(client, site, admin)
    records_office(client, site, admin)
    typed_signature = sign_the_rules(client, employee)
    read_the_inbox(client, [employee, supervisor, second_supervisor, admin])
    objection_roster(client, region_14)

    assert AuditEvent.objects.count() - before > 30
    assert trail_holding(WRITTEN) == []
    assert trail_holding(typed_signature, lookup="contains") == []


def test_an_events_page_says_a_reason_was_written_and_keeps_its_fingerprint_for_checking(client, employee, admin):
    site = factories.active_site(requester=employee)
    reason = f"Paused, {WRITTEN}."
    services.site_suspend(site=site, by=admin, reason=reason, expected_version=site.version)
    client.force_login(admin)
    page = client.get(reverse("audits:event", args=[event("site.suspended", site).pk])).content.decode()
    shown, recorded = page.split("<details>")
    assert "Reason" in shown and "written (the trail keeps its fingerprint, not the text)" in shown
    assert text_digest(reason) not in shown and text_digest(reason) in recorded
    assert WRITTEN not in page


def test_the_trail_shows_a_record_by_its_current_name_and_a_disposed_one_by_its_number(client, employee, admin):
    """The events keep "Site 12"; the trail's page reads the name from the site while it has one."""
    site = factories.active_site(requester=employee, site_name=f"{WRITTEN} Robotics")
    client.force_login(admin)
    assert f"{WRITTEN} Robotics" in client.get(reverse("audits:events"), {"target_type": "site"}).content.decode()
    assert set(AuditEvent.objects.filter(target_type="site").values_list("target_label", flat=True)) == {
        f"Site {site.pk}"
    }
    Site.objects.filter(pk=site.pk).update(name="")  # as a disposal empties it
    page = client.get(reverse("audits:events"), {"target_type": "site"}).content.decode()
    assert WRITTEN not in page and f"Site {site.pk}" in page


def test_reminders_name_records_without_their_typed_names(employee, supervisor, admin):
    """A late check, review, fix and decision: the reminders' events name each by its number."""
    site = factories.active_site(requester=employee, site_name=f"{WRITTEN} Robotics")
    factories.failed_review(site, supervisor, note=f"Anyone joins {WRITTEN}.")
    factories.submitted_request(requester=employee, site_name=f"{WRITTEN} Chess")
    with time_machine.travel(timezone.now() + timedelta(days=120)):
        reminded = sweep()
    kinds = {due.kind.split(".")[0] for due in reminded}
    assert {"monitoring", "review", "finding", "request"} <= kinds
    assert any(WRITTEN in due.title for due in reminded), "the reminders themselves still name the site"
    assert AuditEvent.objects.filter(action__startswith="reminder.").count() == len(reminded)
    assert trail_holding(WRITTEN) == []
