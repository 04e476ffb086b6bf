import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from sites.models import DirectoryObjection
from tests import factories
from tests.browser.conftest import accessibility_violations, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_acknowledge_pre_check_a_post_that_names_a_student_ask_and_get_an_answer(page, sign_in, employee, supervisor):
    hall = factories.school(district=employee.district, name="Hall High School")
    DirectoryObjection.objects.create(
        district=employee.district,
        school=hall,
        student_id="77",
        first_name="Marisol",
        last_name="Núñez",
        imported_at=timezone.now(),
    )
    sign_in(employee)
    page.get_by_role("link", name="Read and acknowledge").click()
    assert accessibility_violations(page) == []
    page.get_by_label("I have read these rules and will follow them.").check()
    page.get_by_label("Type your full name to sign").fill(employee.get_full_name())
    page.get_by_role("button", name="Sign the acknowledgment").click()
    expect(page.get_by_text("Your acknowledgment is recorded.")).to_be_visible()

    page.goto("/sites/check-a-post/")
    assert accessibility_violations(page) == []
    post = page.get_by_role("textbox", name=re.compile(r"The post"))
    post.fill("Huge congratulations to marisol nunez on the science fair!")
    page.get_by_role("button", name="Check it").click()
    expect(page.locator("[data-finding]").filter(has_text="WH-P5")).to_be_visible()  # West Hartford's own clause
    expect(page.locator("[data-finding]").filter(has_text="R14-")).to_have_count(0)
    assert accessibility_violations(page) == []
    page.get_by_label("Your question for your supervisor").fill("Can I name her?")
    page.get_by_role("button", name="Ask my supervisor").click()
    expect(page.get_by_text("Sent to your supervisor.")).to_be_visible()
    sign_out(page)

    sign_in(supervisor)
    page.goto("/sites/questions/")
    page.get_by_role("link", name=f"{employee.display_name} asked").click()
    assert accessibility_violations(page) == []
    page.get_by_label("Do not post").check()
    page.get_by_label("Which changes, or why not").fill("Her parents objected to directory information.")
    page.get_by_role("button", name="Send the answer").click()
    expect(page.get_by_text("Your answer was sent.")).to_be_visible()
    expect(page.get_by_text("Do not post")).to_be_visible()
