"""The checklist review page: evidence attached without losing answers, a keyboard-only review (the focus showing
at every stop), and a page short enough to work through because an item's extra inputs show only when its answer
needs them."""

import io

import pytest
from django.urls import reverse
from PIL import Image
from playwright.sync_api import expect

from sites import services
from sites.models import Answer, Evidence, SiteReview
from tests import factories
from tests.browser.conftest import accessibility_violations
from tests.browser.keyboard import enter, sign_in_by_keyboard, tab_to, tab_to_button

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTE = "Anyone can join the group without approval."
REASON = "The site has no photos."


@pytest.fixture
def review(employee, supervisor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    site = factories.active_site(requester=employee, site_name="Hall Robotics Club")
    return services.review_start(site=site, by=supervisor)


def item(page, clause: str):
    return page.locator("fieldset[data-review-item]", has_text=clause)


def png() -> dict:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "red").save(buffer, format="PNG")
    return {"name": "screenshot.png", "mimeType": "image/png", "buffer": buffer.getvalue()}


def test_evidence_is_attached_without_losing_the_answers_typed(page, sign_in, supervisor, review):
    clauses = list(review.answers.values_list("clause_id", flat=True))
    sign_in(supervisor)
    page.goto(reverse("sites:review", args=[review.pk]))
    for clause in clauses:
        item(page, clause).get_by_label("Fail" if clause == "WH-D9" else "Pass", exact=True).check()
    item(page, "WH-D9").get_by_label("What is wrong").fill(NOTE)
    failed = item(page, "WH-D9")
    failed.get_by_text("Evidence", exact=True).click()
    failed.get_by_label("Image or PDF").set_input_files(png())
    failed.get_by_role("button", name="Attach evidence to WH-D9").click()

    expect(page.get_by_text("Evidence attached to WH-D9. Your answers are saved too.")).to_be_visible()
    for clause in clauses:
        chosen = "Fail" if clause == "WH-D9" else "Pass"
        expect(item(page, clause).get_by_label(chosen, exact=True)).to_be_checked()
    expect(item(page, "WH-D9").get_by_label("What is wrong")).to_have_value(NOTE)
    expect(item(page, "WH-D9").get_by_role("link", name="Evidence file 1")).to_be_visible()
    assert Evidence.objects.get().answer.clause_id == "WH-D9"
    assert accessibility_violations(page) == []


def test_a_review_started_and_completed_with_the_keyboard_alone(page, employee, supervisor):
    site = factories.active_site(requester=employee, site_name="Hall Robotics Club")
    sign_in_by_keyboard(page, supervisor)
    page.goto(reverse("sites:detail", args=[site.pk]))
    tab_to_button(page, "Start a review")
    enter(page)
    review = SiteReview.objects.get(site=site)
    rows = list(review.answers.all())
    for row in rows:
        tab_to(page, f"el.name === 'answer_{row.pk}'")
        if row.clause_id == "WH-D9":
            page.keyboard.press("ArrowDown")  # from Pass to Fail: arrows move the choice within the group
            tab_to(page, f"el.name === 'note_{row.pk}'")
            page.keyboard.type(NOTE)
        elif row.clause_id == "WH-D2":
            page.keyboard.press("ArrowDown")
            page.keyboard.press("ArrowDown")
            tab_to(page, f"el.name === 'reason_{row.pk}'")
            page.keyboard.type(REASON)
            enter(page)  # the form's default button saves: it neither attaches nor completes
            expect(page.get_by_text("Answers saved.")).to_be_visible()
        else:
            page.keyboard.press("Space")
    tab_to_button(page, "Complete the review")
    enter(page)

    expect(page.get_by_text("Review complete.")).to_be_visible()
    review.refresh_from_db()
    assert not review.is_open
    answers = {row.clause_id: (row.answer, row.note, row.reason) for row in review.answers.all()}
    assert answers.pop("WH-D9") == (Answer.FAIL, NOTE, "")
    assert answers.pop("WH-D2") == (Answer.NOT_APPLICABLE, "", REASON)
    assert set(answers.values()) == {(Answer.PASS, "", "")}


def test_an_items_extra_inputs_show_only_when_its_answer_needs_them(page, sign_in, supervisor, review):
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(supervisor)
    page.goto(reverse("sites:review", args=[review.pk]))
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 2500, f"the review page is {height} px tall at 1280 px"
    failing = item(page, "WH-D9")
    expect(failing.get_by_label("What is wrong")).to_be_hidden()
    failing.get_by_label("Fail", exact=True).check()
    expect(failing.get_by_label("What is wrong")).to_be_visible()
    expect(failing.get_by_label("Why it does not apply")).to_be_hidden()
    failing.get_by_label("Not applicable", exact=True).check()
    expect(failing.get_by_label("Why it does not apply")).to_be_visible()
    expect(failing.get_by_label("What is wrong")).to_be_hidden()
    assert accessibility_violations(page) == []


def test_without_javascript_every_input_shows(browser, live_server, supervisor, review):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Work email").fill(supervisor.username)
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(reverse("sites:review", args=[review.pk]))
    count = SiteReview.objects.get(pk=review.pk).answers.count()
    expect(page.get_by_label("What is wrong")).to_have_count(count)
    for note in page.get_by_label("What is wrong").all():
        expect(note).to_be_visible()
    context.close()
