import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from audits.models import AuditEvent
from policyportal import services as policy_services
from policyportal.models import AppliesTo, ChecklistItem, Notification, PolicyVersion
from sites import services
from sites.models import Answer, Evidence, Finding, FindingStatus, ReviewOutcome, Site
from sites.rules import with_compliance
from sites.selectors import clause_keyed, previous_answers
from tests import factories
from tests.factories import all_pass, version_of


def compliance(site) -> str:
    return with_compliance(Site.objects.filter(pk=site.pk), site.district, site.district.today()).get().compliance


def test_wh_d2_a_review_asks_each_site_review_item_of_the_current_policy(site, supervisor):
    review = services.review_start(site=site, by=supervisor)
    clauses = list(review.answers.values_list("clause_id", flat=True))
    expected = ChecklistItem.objects.filter(
        policy_version__district=site.district, applies_to=AppliesTo.SITE_REVIEW
    ).order_by("position")
    assert clauses == [item.clause_id for item in expected]
    assert "WH-D2" in clauses and "WH-D7" in clauses
    assert AuditEvent.objects.filter(action="review.started", target_id=str(site.pk)).count() == 1


def test_only_the_supervisor_or_an_administrator_reviews_and_never_the_owner(site, employee, outsider):
    for who in (employee, outsider):
        with pytest.raises(PermissionDenied):
            services.review_start(site=site, by=who)


def test_one_review_at_a_time(site, supervisor):
    services.review_start(site=site, by=supervisor)
    with pytest.raises(ValidationError, match="already has a review in progress"):
        services.review_start(site=site, by=supervisor)


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ({"answer": ""}, "answer pass, fail or not applicable"),
        ({"answer": Answer.FAIL}, "a fail needs a note"),
        ({"answer": Answer.NOT_APPLICABLE}, "not applicable needs a reason"),
    ],
)
def test_an_incomplete_review_is_refused_and_stays_open(site, supervisor, answer, message):
    review = services.review_start(site=site, by=supervisor)
    first = review.answers.first()
    with pytest.raises(ValidationError, match=message):
        services.review_complete(review=review, by=supervisor, answers=all_pass(review, {first.pk: answer}))
    review.refresh_from_db()
    assert review.is_open
    assert not Finding.objects.exists()


def test_a_failed_item_opens_a_finding_for_the_owner_and_sets_the_next_review(site, supervisor, employee):
    review = services.review_start(site=site, by=supervisor)
    services.review_complete(
        review=review, by=supervisor, answers=factories.failing(review, "WH-D9", note="Links to the coach's blog.")
    )
    review.refresh_from_db()
    site.refresh_from_db()
    assert review.outcome == ReviewOutcome.FINDINGS
    assert site.next_review_due == timezone.localdate() + timezone.timedelta(days=site.district.review_cadence_days)
    finding = Finding.objects.get()
    assert (finding.clause_id, finding.assignee, finding.note) == ("WH-D9", employee, "Links to the coach's blog.")
    assert finding.due_on == timezone.localdate() + timezone.timedelta(days=site.district.finding_due_days)
    assert AuditEvent.objects.filter(action="finding.opened", target_id=str(finding.pk)).count() == 1
    assert compliance(site) == "findings_open"


def test_a_finding_is_fixed_verified_or_reopened_by_the_right_people(site, supervisor, employee, admin):
    [finding] = factories.failed_review(site, supervisor, "WH-D4", note="Open join")
    with pytest.raises(PermissionDenied):
        services.finding_report_fixed(finding=finding, by=supervisor, note="done", expected_version=version_of(finding))
    with pytest.raises(ValidationError, match="Only a finding whose fix was reported"):
        services.finding_verify(finding=finding, by=supervisor, expected_version=version_of(finding))
    services.finding_report_fixed(
        finding=finding, by=employee, note="Membership is invitation only now.", expected_version=version_of(finding)
    )
    with pytest.raises(PermissionDenied):
        services.finding_verify(finding=finding, by=employee, expected_version=version_of(finding))
    services.finding_reopen(
        finding=finding, by=supervisor, reason="Still open to join requests.", expected_version=version_of(finding)
    )
    finding.refresh_from_db()
    assert finding.status == FindingStatus.OPEN
    services.finding_report_fixed(
        finding=finding, by=employee, note="Turned on member approval.", expected_version=version_of(finding)
    )
    services.finding_verify(finding=finding, by=admin, expected_version=version_of(finding))
    finding.refresh_from_db()
    assert finding.status == FindingStatus.CLOSED
    actions = list(
        AuditEvent.objects.filter(target_type="finding", target_id=str(finding.pk)).values_list("action", flat=True)
    )
    assert actions == ["finding.opened", "finding.fixed", "finding.reopened", "finding.fixed", "finding.verified"]
    assert compliance(site) == "compliant"


def test_reviews_keep_the_wording_they_were_answered_against(site, supervisor, admin):
    review = services.review_start(site=site, by=supervisor)
    services.review_complete(review=review, by=supervisor, answers=all_pass(review))
    old_text = review.answers.get(clause_id="WH-D2").text
    version = PolicyVersion.objects.get(district=site.district)
    ChecklistItem.objects.filter(policy_version=version, clause_id="WH-D2", applies_to=AppliesTo.SITE_REVIEW).update(
        text="Reworded"
    )
    assert review.answers.get(clause_id="WH-D2").text == old_text


def test_a_new_review_starts_from_the_previous_one_with_answers_reset(site, supervisor):
    first = services.review_start(site=site, by=supervisor)
    services.review_complete(review=first, by=supervisor, answers=all_pass(first))
    second = services.review_start(site=site, by=supervisor)
    assert set(second.answers.values_list("answer", flat=True)) == {""}
    baseline = previous_answers(second)
    assert {answer.answer for answer in baseline.values()} == {Answer.PASS}
    assert set(baseline) == set(clause_keyed(second.answers.order_by("position")))


def test_the_baseline_still_matches_after_a_new_policy_version(site, supervisor, admin):
    first = services.review_start(site=site, by=supervisor)
    services.review_complete(review=first, by=supervisor, answers=all_pass(first))
    version = PolicyVersion.objects.get(district=site.district)
    items = [
        {"applies_to": i.applies_to, "clause_id": i.clause_id, "key": i.key, "text": i.text, "guidance": i.guidance}
        for i in version.items.all()
    ]
    policy_services.policy_publish(district=site.district, by=admin, items=items, based_on=version.number)
    second = services.review_start(site=site, by=supervisor)
    assert second.policy_version.number == 2
    assert len(previous_answers(second)) == second.answers.count()


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "stored_type"),
    [("screen.png", png_bytes(), "image/png"), ("settings.pdf", b"%PDF-1.7\n...", "application/pdf")],
)
def test_images_and_pdfs_are_stored_under_names_the_user_did_not_choose(
    site, supervisor, settings, tmp_path, name, content, stored_type
):
    settings.MEDIA_ROOT = tmp_path
    review = services.review_start(site=site, by=supervisor)
    upload = SimpleUploadedFile(f"../../{name}", content, content_type="text/html")
    evidence = services.evidence_attach(answer=review.answers.first(), by=supervisor, upload=upload)
    assert evidence.content_type == stored_type
    assert "screen" not in evidence.file.name and "settings" not in evidence.file.name
    assert evidence.file.name.startswith("evidence/")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<html><script>alert(1)</script></html>", "PNG or JPEG image, or a PDF"),
        (b"\x89PNG\r\n\x1a\n" + b"not really a png", "PNG or JPEG image, or a PDF"),
        (b"%PDF-" + b"x" * (5 * 1024 * 1024), "the limit is 5 MB"),
    ],
)
def test_a_file_pretending_to_be_an_image_or_too_large_is_refused(
    site, supervisor, settings, tmp_path, content, message
):
    settings.MEDIA_ROOT = tmp_path
    review = services.review_start(site=site, by=supervisor)
    upload = SimpleUploadedFile("photo.png", content, content_type="image/png")
    with pytest.raises(ValidationError, match=message):
        services.evidence_attach(answer=review.answers.first(), by=supervisor, upload=upload)
    assert not Evidence.objects.exists()
    assert not any(tmp_path.rglob("*.*"))


def test_a_reported_fix_goes_to_the_administrators_when_the_supervisor_has_left(site, supervisor, employee, admin):
    [finding] = factories.failed_review(site, supervisor)
    factories.close_account(supervisor)

    services.finding_report_fixed(
        finding=finding, by=employee, note="Private now.", expected_version=version_of(finding)
    )

    assert list(Notification.objects.filter(kind="finding.fixed").values_list("recipient", flat=True)) == [admin.pk]
