"""A district from nothing, in Chromium (issue 14): an installation operator creates a district from the Region 14
template and invites its first administrator, who accepts the emailed invitation, imports the staff from a OneRoster
1.1 export, finds a teacher without a supervisor and chooses one, and invites two of the imported people. The
teacher files a request, and the supervisor the administrator chose approves it: Region 14 decides in one step, the
supervisor's written permission (R14-D2). Each main page on the way is axe-clean.

Invitation links are read from the emails in `django.core.mail.outbox`, as each person would click theirs."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from audits.verification import verify_chain
from policyportal import policy_templates
from policyportal.models import ApprovalChain, District, Role, User
from requests.models import Outcome, SocialMediaRequest, Status
from sites.models import Site, SiteStatus
from tests.browser.conftest import accessibility_violations, sign_out
from tests.browser.test_request_flow import approve, fill_request, make_every_promise, open_from_navigation
from tests.browser.test_staff_import import fits
from tests.factories import PASSWORD
from tests.policyportal.directory import files

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DISTRICT = "Springfield Public Schools"
NEW_PASSWORD = "a-long-and-fresh-passphrase"


def directory() -> dict[str, bytes]:
    """The district's OneRoster 1.1 export: a high school with its principal (OneRoster 1.1 has no principal role,
    so she is the school's administrator) and a teacher, a middle school whose only staff member is a teacher, and
    a student, whom the import ignores."""
    orgs = [
        files.Org("whps", DISTRICT, "district"),
        files.Org("shs", "Springfield High School"),
        files.Org("sms", "Springfield Middle School"),
    ]
    people = [
        files.Person("p-shs", "Jennifer", "Walsh", "principal", ["shs"], email="jwalsh@springfield.example.org"),
        files.Person("t-ffa", "Marcus", "Bell", "teacher", ["shs"], email="mbell@springfield.example.org"),
        files.Person("t-art", "Hannah", "Kim", "teacher", ["sms"], email="hkim@springfield.example.org"),
        files.Person("s-1", "Stu", "Dent", "student", ["shs"]),
    ]
    return files.oneroster_11(orgs, people)


def invitation_link(address: str) -> str:
    """The link of the latest invitation emailed to `address`."""
    for message in reversed(mail.outbox):
        found = re.search(r"http://\S+/accounts/invitation/\S+/", message.body)
        if found and any(address in recipient for recipient in message.to):
            return found.group(0)
    raise AssertionError(f"no invitation was emailed to {address}")


def accept_invitation(page, address: str, first_name: str) -> None:
    """Open the emailed link, choose a password, and arrive signed in on the home page."""
    page.goto(invitation_link(address))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Welcome to the Policy Portal of {DISTRICT}")
    assert accessibility_violations(page) == []
    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.locator("#id_new_password2").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set my password and sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Hello, {first_name}")
    assert accessibility_violations(page) == []


def test_an_operator_creates_a_district_whose_imported_staff_file_and_approve_a_request(
    page, sign_in, live_server, settings, tmp_path
):
    settings.PORTAL_BASE_URL = live_server.url
    archive = tmp_path / "oneroster.zip"
    archive.write_bytes(files.zipped(directory()))

    # The installation's operator creates the district from a template and invites its first administrator.
    operator = User.objects.create_superuser(username="operator", email="operator@example.org", password=PASSWORD)
    sign_in(operator)
    expect(page).to_have_url(re.compile(r"/operator/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Districts of this installation")
    assert accessibility_violations(page) == []
    page.set_viewport_size({"width": 320, "height": 800})
    assert fits(page)
    page.set_viewport_size({"width": 1280, "height": 800})

    page.get_by_role("main").get_by_role("link", name="Create a district").click()
    page.get_by_label("District name").fill(DISTRICT)
    page.get_by_label("Slug").fill("springfield")
    page.get_by_label("Time zone").select_option("America/Chicago")
    page.get_by_label(re.compile(r"Regional School District No. 14, Use of Social Media")).check()
    assert accessibility_violations(page) == []
    page.get_by_role("button", name="Create the district").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Invite an administrator of {DISTRICT}")
    page.get_by_label("First name").fill("Ada")
    page.get_by_label("Last name").fill("Byron")
    page.get_by_label("Email address").fill("ada@springfield.example.org")
    assert accessibility_violations(page) == []
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_text("The invitation to Ada Byron (ada@springfield.example.org) is on its way")).to_be_visible()
    district = District.objects.get(slug="springfield")
    assert (district.time_zone, district.approval_chain) == ("America/Chicago", ApprovalChain.SUPERVISOR)
    rules = district.policy_versions.get().items
    assert rules.count() == len(policy_templates.load("region-14").items) and rules.filter(clause_id="R14-D7").exists()
    sign_out(page)

    # The administrator accepts the invitation and imports the staff from the directory.
    accept_invitation(page, "ada@springfield.example.org", "Ada")
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="People", exact=True)).to_be_visible()
    page.get_by_role("navigation", name="Main").locator("[data-bs-toggle=dropdown]").click()
    page.get_by_role("link", name="Import staff").click()
    assert accessibility_violations(page) == []
    page.locator("input[type=file]").set_input_files(str(archive))
    page.get_by_role("button", name="Preview").click()
    page.wait_for_url("**/people/import/*/")
    expect(page.get_by_text("Students, guardians and parents ignored: 1")).to_be_visible()
    assert accessibility_violations(page) == []
    page.get_by_role("link", name="New 3").click()
    new = page.get_by_role("region", name="New")
    expect(new.get_by_role("row", name=re.compile("Marcus Bell")).get_by_role("cell").last).to_have_text(
        "Jennifer Walsh"
    )
    expect(new.get_by_role("row", name=re.compile("Hannah Kim")).get_by_role("cell").last).to_have_text("—")
    assert accessibility_violations(page) == []
    page.get_by_role("link", name="Continue to confirm").click()
    assert accessibility_violations(page) == []
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_text("3 people added")).to_be_visible()
    assert accessibility_violations(page) == []

    principal = User.objects.get(district=district, directory_id="p-shs")
    teacher = User.objects.get(district=district, directory_id="t-ffa")
    artist = User.objects.get(district=district, directory_id="t-art")
    assert principal.role == Role.SUPERVISOR and teacher.supervisor == principal
    assert artist.supervisor is None, "Springfield Middle School has nobody to supervise its staff"
    assert not User.objects.filter(district=district, directory_id="s-1").exists()

    # The people page lists the missing supervisor; the administrator chooses one on the teacher's page.
    page.get_by_role("main").get_by_role("link", name="People", exact=True).click()
    problems = page.get_by_role("region", name="Problems to fix")
    # The principal, whose own supervisor the directory does not name, and the teacher of the school without one.
    expect(problems).to_contain_text("2 people without an active supervisor")
    expect(problems).to_contain_text("1 school has no active supervisor: Springfield Middle School")
    assert accessibility_violations(page) == []
    page.get_by_role("link", name="people without an active supervisor").click()
    expect(page.get_by_role("row", name=re.compile("Hannah Kim"))).to_contain_text("No active supervisor")
    assert accessibility_violations(page) == []
    page.get_by_role("link", name="Hannah Kim").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hannah Kim")
    expect(page.get_by_text("No active supervisor")).to_be_visible()
    assert accessibility_violations(page) == []
    page.get_by_label("Supervisor", exact=True).select_option(label=principal.display_name)
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Saved the changes to Hannah Kim")).to_be_visible()
    expect(page.get_by_text("Set by an administrator")).to_be_visible()
    artist.refresh_from_db()
    assert artist.supervisor == principal and artist.supervisor_overridden

    # Imported people have no password: the administrator invites the teacher and her supervisor from their pages.
    page.get_by_role("button", name="Send an invitation").click()
    expect(page.get_by_text(f"An invitation is on its way to {artist.email}")).to_be_visible()
    page.get_by_role("main").get_by_role("link", name="People", exact=True).click()
    expect(problems).to_contain_text("1 person without an active supervisor")
    page.get_by_role("link", name="Jennifer Walsh").click()
    page.get_by_role("button", name="Send an invitation").click()
    expect(page.get_by_text(f"An invitation is on its way to {principal.email}")).to_be_visible()
    sign_out(page)

    # The supervisor chooses her password; the teacher chooses hers and files a request.
    accept_invitation(page, principal.email, "Jennifer")
    sign_out(page)
    accept_invitation(page, artist.email, "Hannah")
    open_from_navigation(page, "My requests")
    page.get_by_role("link", name="Start a request").click()
    assert accessibility_violations(page) == []
    fill_request(page, site_name="Springfield Art Club", club="Art club", school="Springfield Middle School")
    make_every_promise(page)
    page.get_by_role("button", name="Submit for approval").click()
    expect(page.get_by_text("Your request was submitted.")).to_be_visible()
    assert accessibility_violations(page) == []
    sign_out(page)

    # The supervisor the administrator chose finds it waiting for her, signs in with her new password, approves.
    approve(page, sign_in, principal, "Springfield Art Club", password=NEW_PASSWORD)
    expect(page.get_by_text("Site record opened: Springfield Art Club")).to_be_visible()
    assert accessibility_violations(page) == []

    request = SocialMediaRequest.objects.get(district=district)
    assert request.requester == artist and request.status == Status.APPROVED
    decision = request.decisions.get()
    assert (decision.step, decision.decider, decision.outcome) == (1, principal, Outcome.APPROVED)
    site = Site.objects.get(request=request)
    assert (site.district, site.owner, site.supervisor) == (district, artist, principal)
    assert site.status == SiteStatus.SETTING_UP
    assert verify_chain(district.pk).intact
