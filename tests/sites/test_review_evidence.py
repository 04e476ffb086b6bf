"""Attaching evidence on the review page keeps every answer typed: the page sends its answers with the file, and
they are saved first, whether the file is then taken or refused."""

import re
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audits.models import AuditEvent
from sites import services
from sites.models import Answer, Evidence
from tests.sites.test_reviews import png_bytes

NOTE = "Anyone can join the group without approval."


@pytest.fixture
def review(site, supervisor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return services.review_start(site=site, by=supervisor)


def typed(review, failing) -> dict:
    """The review page as sent after typing: every item passes but `failing`, which fails with a note."""
    data = {}
    for row in review.answers.all():
        fails = row.pk == failing.pk
        data[f"answer_{row.pk}"] = Answer.FAIL if fails else Answer.PASS
        data[f"note_{row.pk}"] = NOTE if fails else ""
        data[f"reason_{row.pk}"] = ""
        data[f"evidence_link_{row.pk}"] = ""
    return data


def attaching(review, row, upload, **data) -> dict:
    """The press of the item's "Attach evidence" button, with the file chosen in its row."""
    return {**data, "answer": row.pk, f"file_{row.pk}": upload, "form_token": uuid.uuid4()}


def answers_of(review) -> dict[str, tuple[str, str]]:
    return {row.clause_id: (row.answer, row.note) for row in review.answers.all()}


def png():
    return SimpleUploadedFile("screen.png", png_bytes(), content_type="image/png")


def test_evidence_attached_with_typed_answers_saves_them_and_returns_to_the_item(client, review, supervisor):
    row = review.answers.get(clause_id="WH-D9")
    client.force_login(supervisor)
    response = client.post(
        reverse("sites:review_attach", args=[review.pk]), attaching(review, row, png(), **typed(review, row))
    )
    assert response.url == reverse("sites:review", args=[review.pk]) + f"#item-{row.pk}"
    assert Evidence.objects.get().answer == row
    saved = answers_of(review)
    assert saved.pop("WH-D9") == (Answer.FAIL, NOTE)
    assert set(saved.values()) == {(Answer.PASS, "")}
    assert AuditEvent.objects.filter(action="review.saved").count() == 1
    assert AuditEvent.objects.filter(action="review.evidence_attached", payload__clause="WH-D9").count() == 1
    page = client.get(response.url).content.decode()
    assert "Evidence attached to WH-D9. Your answers are saved too." in page
    assert NOTE in page


def test_a_refused_file_keeps_the_typed_answers_and_says_why_at_its_item(client, review, supervisor):
    row = review.answers.get(clause_id="WH-D9")
    client.force_login(supervisor)
    text = SimpleUploadedFile("notes.txt", b"just words", content_type="image/png")
    response = client.post(
        reverse("sites:review_attach", args=[review.pk]), attaching(review, row, text, **typed(review, row))
    )
    assert response.status_code == 400
    assert not Evidence.objects.exists()
    assert answers_of(review)["WH-D9"] == (Answer.FAIL, NOTE)
    page = response.content.decode()
    assert "Your answers are saved. The file was not attached" in page
    item = page[page.index(f'id="item-{row.pk}"') :]
    assert "Attach a PNG or JPEG image, or a PDF." in item[: item.index("</details>")]


def test_attach_without_a_file_asks_for_one_and_still_saves_the_answers(client, review, supervisor):
    row = review.answers.get(clause_id="WH-D9")
    client.force_login(supervisor)
    data = {**typed(review, row), "answer": row.pk, "form_token": uuid.uuid4()}
    response = client.post(reverse("sites:review_attach", args=[review.pk]), data)
    assert response.status_code == 400
    assert "Choose a file to attach to WH-D9." in response.content.decode()
    assert answers_of(review)["WH-D9"] == (Answer.FAIL, NOTE)
    assert not Evidence.objects.exists()


def test_answers_with_a_mistake_are_shown_again_and_nothing_is_saved_or_attached(client, review, supervisor):
    row = review.answers.get(clause_id="WH-D9")
    client.force_login(supervisor)
    data = {**typed(review, row), f"evidence_link_{row.pk}": "not a link at all"}
    response = client.post(reverse("sites:review_attach", args=[review.pk]), attaching(review, row, png(), **data))
    assert response.status_code == 400
    assert NOTE in response.content.decode()
    assert answers_of(review)["WH-D9"] == ("", "")
    assert not Evidence.objects.exists()
    assert not AuditEvent.objects.filter(action__in=["review.saved", "review.evidence_attached"]).exists()


def test_an_upload_that_sends_no_answers_leaves_the_saved_answers_alone(client, review, supervisor):
    row = review.answers.get(clause_id="WH-D9")
    client.force_login(supervisor)
    client.post(reverse("sites:review", args=[review.pk]), {**typed(review, row), "action": "save"})
    client.post(reverse("sites:review_attach", args=[review.pk]), attaching(review, row, png()))
    assert answers_of(review)["WH-D9"] == (Answer.FAIL, NOTE)
    assert Evidence.objects.get().answer == row


def test_the_owner_may_not_attach_and_nothing_changes(client, review, employee):
    row = review.answers.get(clause_id="WH-D9")
    client.force_login(employee)
    response = client.post(
        reverse("sites:review_attach", args=[review.pk]), attaching(review, row, png(), **typed(review, row))
    )
    assert response.status_code == 403
    assert answers_of(review)["WH-D9"] == ("", "")
    assert not Evidence.objects.exists()


def test_saving_with_a_file_chosen_says_the_file_was_not_attached(client, review, supervisor):
    row = review.answers.get(clause_id="WH-D9")
    client.force_login(supervisor)
    data = {**typed(review, row), f"file_{row.pk}": "screen.png", "action": "save"}
    response = client.post(reverse("sites:review", args=[review.pk]), data, follow=True)
    assert "The file chosen for WH-D9 was not attached" in response.content.decode()
    assert answers_of(review)["WH-D9"] == (Answer.FAIL, NOTE)


def test_each_item_has_its_own_attach_button_before_complete_the_review(client, review, supervisor):
    client.force_login(supervisor)
    page = client.get(reverse("sites:review", args=[review.pk])).content.decode()
    complete = page.index("Complete the review")
    buttons = [(match.start(), int(match[1])) for match in re.finditer(r'name="answer"\s+value="(\d+)"', page)]
    assert [pk for _, pk in buttons] == list(review.answers.values_list("pk", flat=True))
    assert all(at < complete for at, _ in buttons)
    assert all(f'name="file_{pk}"' in page for _, pk in buttons)
