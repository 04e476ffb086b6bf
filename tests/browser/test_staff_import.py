"""The staff import in Chromium: an administrator uploads a OneRoster zip, reads the preview, confirms, with the
keyboard, at 320 px, and every page is axe-clean."""

import os

import pytest

from policyportal.models import Role
from tests import factories
from tests.browser.conftest import accessibility_violations
from tests.policyportal.directory import files
from tests.policyportal.directory.conftest import import_files

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("STAFF_IMPORT_SCREENSHOTS", "")


def fits(page) -> bool:
    """Nothing sticks out sideways: wide tables scroll inside their own box."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_an_administrator_imports_the_directory(page, sign_in, west_hartford, tmp_path):
    admin = factories.user(district=west_hartford, role=Role.DISTRICT_ADMIN, username="importer")
    orgs, people = files.district()
    archive = tmp_path / "oneroster.zip"
    archive.write_bytes(files.zipped(files.oneroster_12(orgs, people)))
    page.set_viewport_size({"width": 320, "height": 800})
    sign_in(admin)

    page.goto("/people/import/")
    assert accessibility_violations(page) == []
    assert fits(page)
    shot(page, "upload")
    page.locator("input[type=file]").set_input_files(str(archive))
    page.get_by_role("button", name="Preview").click()
    page.wait_for_url("**/people/import/*/")
    assert page.get_by_text("Students, guardians and parents ignored: 2").is_visible()
    assert accessibility_violations(page) == []
    assert fits(page)
    shot(page, "preview")
    page.get_by_role("link", name="New 6").click()
    assert page.get_by_role("cell", name="Tom Ricci").is_visible()
    shot(page, "preview-new")

    confirm = page.get_by_role("link", name="Continue to confirm")
    confirm.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/confirm")
    assert accessibility_violations(page) == []
    assert fits(page)
    shot(page, "confirm")
    page.get_by_role("button", name="Apply").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/result")
    assert page.get_by_text("6 people added").is_visible()
    assert accessibility_violations(page) == []
    shot(page, "result")


def test_problems_and_leavers_at_320_px(page, sign_in, west_hartford, tmp_path):
    admin = factories.user(district=west_hartford, role=Role.DISTRICT_ADMIN, username="importer")
    orgs, people = files.district()
    import_files(west_hartford, admin, files.oneroster_12(orgs, people))
    people[3].family = "Natarajan-Lee"
    folder = tmp_path / "leavers"
    folder.mkdir()
    found = files.oneroster_12(orgs, [p for p in people if p.id not in ("t-1", "t-3")])
    for name, content in found.items():
        (folder / name).write_bytes(content)
    page.set_viewport_size({"width": 320, "height": 800})
    sign_in(admin)
    page.goto("/people/import/")
    page.locator("input[type=file]").set_input_files([str(folder / name) for name in found])
    page.get_by_role("button", name="Preview").click()
    page.wait_for_url("**/people/import/*/")
    page.get_by_role("link", name="Changed 1").click()
    assert accessibility_violations(page) == []
    assert fits(page)
    shot(page, "preview-changed")
    page.get_by_role("link", name="Continue to confirm").click()
    assert page.get_by_text("Stopped:").is_visible()
    assert accessibility_violations(page) == []
    assert fits(page)
    shot(page, "confirm-leavers")

    broken = tmp_path / "staff.csv"
    broken.write_bytes(b"staff_id,email,first_name,last_name\r\n,a@example.org,A,B\r\n")
    page.goto("/people/import/")
    page.locator("input[type=file]").set_input_files(str(broken))
    page.get_by_role("button", name="Preview").click()
    page.wait_for_url("**/people/import/*/")
    assert page.get_by_text("The staff id is missing.").is_visible()
    assert accessibility_violations(page) == []
    assert fits(page)
    shot(page, "problems")
