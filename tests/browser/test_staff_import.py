"""The staff import in Chromium: an administrator uploads a OneRoster zip, reads the preview, confirms, with the
keyboard, at 320 px, and every page is axe-clean."""

import os
import re

import pytest
from playwright.sync_api import expect

from policyportal.models import Role, User
from requests.models import SocialMediaRequest
from tests import factories
from tests.browser.conftest import accessibility_violations, sign_out
from tests.factories import PASSWORD
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
    assert page.get_by_text("2 students, guardians and parents ignored").is_visible()
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


def test_imported_staff_file_a_request_their_supervisor_approves(page, sign_in, region_14, tmp_path):
    """Region 14 imports OneRoster 1.1 (which has no principal role: a school's only administrator supervises),
    fixes the supervisor of a school that has none, and an imported teacher files a request that this
    supervisor approves (Region 14 decides in one step, R14-D2)."""
    admin = factories.user(district=region_14, role=Role.DISTRICT_ADMIN, username="r14importer")
    orgs = [
        files.Org("r14", "Regional School District 14", "district"),
        files.Org("nhs", "Nonnewaug High School"),
        files.Org("wms", "Woodbury Middle School"),
    ]
    people = [
        files.Person("p-nhs", "Jennifer", "Walsh", "principal", ["nhs"], email="jwalsh@r14.example.org"),
        files.Person("t-ffa", "Marcus", "Bell", "teacher", ["nhs"], email="mbell@r14.example.org"),
        files.Person("t-art", "Hannah", "Kim", "teacher", ["wms"], email="hkim@r14.example.org"),
        files.Person("s-1", "Stu", "Dent", "student", ["nhs"]),
    ]
    archive = tmp_path / "oneroster.zip"
    archive.write_bytes(files.zipped(files.oneroster_11(orgs, people)))

    sign_in(admin)
    page.get_by_role("navigation", name="Main").locator("[data-bs-toggle=dropdown]").click()
    page.get_by_role("link", name="Import staff").click()
    page.locator("input[type=file]").set_input_files(str(archive))
    page.get_by_role("button", name="Preview").click()
    page.get_by_role("link", name="Continue to confirm").click()
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_text("3 people added")).to_be_visible()

    principal = User.objects.get(district=region_14, directory_id="p-nhs")
    teacher = User.objects.get(district=region_14, directory_id="t-ffa")
    artist = User.objects.get(district=region_14, directory_id="t-art")
    assert teacher.supervisor == principal and artist.supervisor is None, "Woodbury has nobody to supervise"
    page.goto(f"/people/{artist.pk}/")
    page.get_by_label("Supervisor").select_option(value=str(principal.pk))
    page.get_by_role("button", name=re.compile("Save")).click()
    artist.refresh_from_db()
    assert artist.supervisor == principal and artist.supervisor_overridden
    sign_out(page)

    artist.set_password(PASSWORD)  # as the invitation or a password reset would
    artist.save(update_fields=["password"])
    principal.set_password(PASSWORD)
    principal.save(update_fields=["password"])
    sign_in(artist)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My requests").click()
    page.get_by_role("link", name="Start a request").click()
    page.get_by_label("Name of the site").fill("Woodbury Art Club")
    page.get_by_label("Platform", exact=True).select_option(label="Facebook group")
    page.get_by_label("The site serves").select_option(label="A club")
    page.get_by_label("Name of the club, activity, organization or team").fill("Art club")
    page.get_by_label("School", exact=True).select_option(label="Woodbury Middle School")
    page.get_by_label("Students", exact=True).check()
    page.get_by_label("Parents", exact=True).check()
    page.get_by_label("Description of the proposed use").fill(factories.DESCRIPTION)
    page.get_by_label("How members will be admitted").fill("Club members and their parents, by invitation.")
    for checkbox in page.get_by_role("group", name="Setup promises").get_by_role("checkbox").all():
        checkbox.check()
    page.get_by_role("button", name="Submit for approval").click()
    expect(page.get_by_text("Your request was submitted.")).to_be_visible()
    sign_out(page)
    request = SocialMediaRequest.objects.get(requester=artist)
    assert request.current_decider == principal, "the supervisor the administrator chose decides"
    sign_in(principal)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Waiting for me").click()
    page.get_by_role("link", name=request.site_name).click()
    page.get_by_label("Approve").check()
    page.get_by_role("button", name="Record my decision").click()
    expect(page.get_by_text("Your decision is recorded: approve.")).to_be_visible()
    request.refresh_from_db()
    assert request.status == "approved"
