"""One submission, one record: a form that creates a record, sent twice (a double click, a second tab, a retry),
creates it once, records it once and tells people once; the second sending is answered with the first's record."""

import uuid
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audits.models import AuditEvent
from policyportal.models import FormSubmission, Notification
from policyportal.services.submissions import ALREADY_SENT, USED
from sites import services
from sites.models import Evidence, MonitoringCheck, SiteReview, ViolationReport
from sites.personal.models import Acknowledgment, Consultation
from tests.concurrency import at_once
from tests.sites.test_reviews import png_bytes

RUNS = 20


def violation_form(site) -> dict:
    return {
        "site": site.pk,
        "category": "directory_objection",
        "what_happened": "A photo names a student whose parents objected.",
        "occurred_on": timezone.localdate().isoformat(),
        "form_token": uuid.uuid4(),
    }


def check_form() -> dict:
    checked_at = timezone.localtime(timezone=ZoneInfo("America/New_York")).strftime("%Y-%m-%dT%H:%M")
    return {"checked_at": checked_at, "looked_at": ["comments"], "found": "", "form_token": uuid.uuid4()}


def question_form() -> dict:
    return {
        "text": "Our team won today!",
        "links": "",
        "question": "Fine?",
        "action": "ask",
        "form_token": uuid.uuid4(),
    }


def counts(model, action: str, kind: str | None = None) -> tuple[int, int, int]:
    """The records, their audit events and the notices (each an email in the outbox) there are now."""
    notices = Notification.objects.filter(kind=kind).count() if kind else 0
    return model.objects.count(), AuditEvent.objects.filter(action=action).count(), notices


FORMS = {
    "violation": (ViolationReport, "violation.reported", "violation.reported"),
    "check": (MonitoringCheck, "monitoring.logged", None),
    "question": (Consultation, "consultation.asked", "consultation.asked"),
}


def sending(name, site) -> tuple[str, dict, str]:
    """The URL a form is sent to, its data, and where its record is shown (`{pk}` for the record's own page)."""
    if name == "violation":
        return reverse("sites:report_violation"), violation_form(site), "/sites/violations/{pk}/"
    if name == "check":
        return reverse("sites:log_check", args=[site.pk]), check_form(), reverse("sites:detail", args=[site.pk])
    return reverse("sites:precheck"), question_form(), "/sites/questions/{pk}/"


@pytest.mark.parametrize("name", FORMS)
def test_a_form_sent_twice_creates_one_record_one_event_one_notice(client, site, employee, name):
    model, action, kind = FORMS[name]
    url, data, shown = sending(name, site)
    client.force_login(employee)
    first = client.post(url, data)
    second = client.post(url, data, follow=True)
    created = model.objects.get()
    assert first.url == shown.format(pk=created.pk)
    assert second.redirect_chain == [(first.url, 302)]
    assert ALREADY_SENT in second.content.decode()
    assert counts(model, action, kind) == (1, 1, 1 if kind else 0)


def test_evidence_sent_twice_is_attached_once(client, site, supervisor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    review = services.review_start(site=site, by=supervisor)
    answer = review.answers.first()
    client.force_login(supervisor)
    token = uuid.uuid4()
    for _ in range(2):
        upload = SimpleUploadedFile("screen.png", png_bytes(), content_type="image/png")
        response = client.post(
            reverse("sites:review_attach", args=[review.pk]),
            {"answer": answer.pk, f"file_{answer.pk}": upload, "form_token": token},
        )
        assert response.url == reverse("sites:review", args=[review.pk]) + f"#item-{answer.pk}"
    assert Evidence.objects.count() == 1
    assert AuditEvent.objects.filter(action="review.evidence_attached").count() == 1


def test_a_refused_sending_leaves_its_form_free_to_be_corrected_and_sent(client, site, employee):
    client.force_login(employee)
    data = violation_form(site)
    future = client.post(reverse("sites:report_violation"), {**data, "occurred_on": "2099-01-01"})
    assert future.status_code == 200 and not ViolationReport.objects.exists()
    corrected = client.post(reverse("sites:report_violation"), data)
    assert corrected.url == reverse("sites:violation", args=[ViolationReport.objects.get().pk])


def test_a_form_without_its_token_is_refused_and_changes_nothing(client, site, employee):
    client.force_login(employee)
    data = violation_form(site)
    del data["form_token"]
    page = client.post(reverse("sites:report_violation"), data)
    assert "This page is out of date" in page.content.decode()
    assert counts(ViolationReport, "violation.reported", "violation.reported") == (0, 0, 0)


def test_anothers_token_answers_with_nothing_of_theirs_and_creates_nothing(client, site, employee, supervisor):
    url, data, _ = sending("violation", site)
    client.force_login(employee)
    client.post(url, data)
    client.force_login(supervisor)
    page = client.post(url, data)
    assert USED in page.content.decode()
    assert "/sites/violations/" not in page.get("Location", "")
    assert counts(ViolationReport, "violation.reported", "violation.reported") == (1, 1, 1)


def test_a_token_of_one_form_does_not_send_another(client, site, employee):
    client.force_login(employee)
    token = uuid.uuid4()
    client.post(reverse("sites:report_violation"), {**violation_form(site), "form_token": token})
    client.post(reverse("sites:log_check", args=[site.pk]), {**check_form(), "form_token": token})
    assert not MonitoringCheck.objects.exists()
    assert FormSubmission.objects.get().form == "violation.report"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("name", FORMS)
def test_sent_twice_at_the_same_moment_one_wins_in_every_run(postgres, site, employee, name):
    """Two tabs send the same form together, 20 times: each time one record, one event, one notice, and both
    tabs are answered with that record."""
    model, action, kind = FORMS[name]
    tabs = [Client(), Client()]
    for tab in tabs:
        tab.force_login(employee)
    winners = 0
    for _ in range(RUNS):
        url, data, shown = sending(name, site)
        before = counts(model, action, kind)
        ready = list(tabs)
        answers = at_once(lambda: ready.pop().post(url, data))  # noqa: B023  (run before the loop moves on)
        after = counts(model, action, kind)
        created = FormSubmission.objects.get(token=data["form_token"]).created_id
        same_answer = {answer.status_code for answer in answers} == {302} and {answer.url for answer in answers} == {
            shown.format(pk=created)
        }
        one_each = [a - b for a, b in zip(after, before, strict=True)] == [1, 1, 1 if kind else 0]
        winners += same_answer and one_each
    assert winners == RUNS


def test_a_review_started_twice_is_started_once_and_both_answers_open_it(client, site, supervisor):
    client.force_login(supervisor)
    url, data = reverse("sites:review_start", args=[site.pk]), {"form_token": uuid.uuid4()}
    first = client.post(url, data)
    second = client.post(url, data, follow=True)
    review = SiteReview.objects.get(site=site)
    assert first.url == reverse("sites:review", args=[review.pk])
    assert second.redirect_chain == [(first.url, 302)]
    assert ALREADY_SENT in second.content.decode()
    assert "already has a review in progress" not in second.content.decode()
    assert AuditEvent.objects.filter(action="review.started").count() == 1


def test_a_review_started_without_its_token_starts_nothing(client, site, supervisor):
    client.force_login(supervisor)
    page = client.post(reverse("sites:review_start", args=[site.pk]), follow=True)
    assert "This page is out of date" in page.content.decode()
    assert not SiteReview.objects.exists()


def test_the_acknowledgment_signed_twice_is_signed_once(client, employee):
    client.force_login(employee)
    data = {"read_them": "on", "typed_name": employee.get_full_name(), "form_token": uuid.uuid4()}
    first = client.post(reverse("acknowledge"), data)
    second = client.post(reverse("acknowledge"), data, follow=True)
    assert first.url == reverse("acknowledge")
    assert second.redirect_chain == [(first.url, 302)]
    assert ALREADY_SENT in second.content.decode()
    assert "acknowledged version" in second.content.decode()
    assert Acknowledgment.objects.filter(user=employee).count() == 1
    assert AuditEvent.objects.filter(action="acknowledgment.signed").count() == 1
