"""The import pages: upload, preview (problems by file, line and column; paginated), confirm (leavers confirmed
apart, the N% stop), result. Only the district's administrators reach them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from policyportal.directory import services
from policyportal.models import Role, StaffImport
from tests import factories
from tests.policyportal.directory import files
from tests.policyportal.directory.conftest import import_files, person


def upload(client, found: dict[str, bytes], **fields):
    payload = {"files": [SimpleUploadedFile(name, content) for name, content in found.items()], "full": "on", **fields}
    return client.post(reverse("staff_import:upload"), payload)


@pytest.fixture
def signed_in(client, admin):
    client.force_login(admin)
    return client


def test_upload_preview_confirm_result(signed_in, west_hartford, directory):
    page = signed_in.get(reverse("staff_import:upload"))
    assert page.status_code == 200 and b"multipart/form-data" in page.content
    response = upload(signed_in, {"oneroster.zip": files.zipped(files.oneroster_12(*directory))})
    staff_import = StaffImport.objects.get()
    assert response.url == reverse("staff_import:preview", args=[staff_import.pk])
    preview = signed_in.get(response.url)
    assert b"Continue to confirm" in preview.content
    assert b"Students, guardians and parents ignored: 2" in preview.content
    assert b"Dent" not in preview.content and b"Gail" not in preview.content  # no student or guardian named
    new = signed_in.get(response.url, {"show": "new"})
    assert b"Tom Ricci" in new.content and b"David Okafor" in new.content
    confirm = signed_in.get(reverse("staff_import:confirm", args=[staff_import.pk]))
    assert confirm.status_code == 200 and b"Apply and close" not in confirm.content
    done = signed_in.post(reverse("staff_import:confirm", args=[staff_import.pk]), {"digest": staff_import.plan_digest})
    assert done.url == reverse("staff_import:result", args=[staff_import.pk])
    result = signed_in.get(done.url)
    assert b"6 people added" in result.content
    assert person(west_hartford, "t-1").is_active


def test_problems_are_listed_by_file_line_and_column(signed_in, directory):
    orgs, people = directory
    people[3].id = ""
    upload(signed_in, files.oneroster_11(orgs, people))
    staff_import = StaffImport.objects.get()
    page = signed_in.get(reverse("staff_import:preview", args=[staff_import.pk]))
    assert b"Nothing can be imported from these files" in page.content
    assert b'<td data-label="File">users.csv</td>' in page.content and b'<td data-label="Line">5</td>' in page.content
    assert b'<td data-label="Column">sourcedId</td>' in page.content
    assert b"Continue to confirm" not in page.content
    assert signed_in.get(reverse("staff_import:confirm", args=[staff_import.pk])).status_code == 302


def test_the_preview_is_paginated(signed_in, directory, django_assert_max_num_queries):
    orgs, _ = directory
    people = [files.Person(f"t-{n}", "Teacher", f"Number{n:03}") for n in range(120)]
    upload(signed_in, files.oneroster_12(orgs, people))
    staff_import = StaffImport.objects.get()
    url = reverse("staff_import:preview", args=[staff_import.pk])
    with django_assert_max_num_queries(8):
        first = signed_in.get(url, {"show": "new"})
    assert b"Number000" in first.content and b"Number050" not in first.content
    assert b"Page 1 of 3" in first.content and b"show=new&amp;page=2" in first.content
    third = signed_in.get(url, {"show": "new", "page": 3})
    assert b"Number119" in third.content


def test_leavers_are_confirmed_apart_and_the_limit_stops(signed_in, west_hartford, admin, directory):
    orgs, people = directory
    import_files(west_hartford, admin, files.oneroster_12(orgs, people))
    upload(signed_in, files.oneroster_12(orgs, [p for p in people if p.id not in ("t-1", "t-2")]))
    staff_import = StaffImport.objects.filter(status="previewed").get()
    url = reverse("staff_import:confirm", args=[staff_import.pk])
    page = signed_in.get(url)
    assert b"Stopped:" in page.content and b"Apply and close 2 accounts" in page.content
    refused = signed_in.post(url, {"digest": staff_import.plan_digest, "close_leavers": "True"})
    assert refused.status_code == 200 and b"Tick the box to confirm" in refused.content
    stopped = signed_in.post(
        url, {"digest": staff_import.plan_digest, "close_leavers": "True", "confirm_leavers": "on"}
    )
    assert b"more than the district&#x27;s 10%" in stopped.content
    assert person(west_hartford, "t-1").is_active
    applied = signed_in.post(url, {"digest": staff_import.plan_digest, "confirm_over_limit": "on"})
    assert applied.url == reverse("staff_import:result", args=[staff_import.pk])
    assert person(west_hartford, "t-1").is_active, "applied without closing: the leavers wait"
    result = signed_in.get(applied.url)
    assert b"2 people leaving wait for your confirmation" in result.content


def test_a_stale_preview_is_shown_again(signed_in, west_hartford, directory):
    upload(signed_in, files.oneroster_12(*directory))
    staff_import = StaffImport.objects.get()
    factories.user(district=west_hartford, email="tom.ricci@whps.example.org", first_name="T", last_name="R")
    response = signed_in.post(
        reverse("staff_import:confirm", args=[staff_import.pk]), {"digest": staff_import.plan_digest}, follow=True
    )
    assert b"The district changed since this preview was made" in response.content
    staff_import.refresh_from_db()
    assert staff_import.status == "previewed" and staff_import.counts["changed"] == 1


def test_discard(signed_in, directory):
    upload(signed_in, files.oneroster_12(*directory))
    staff_import = StaffImport.objects.get()
    signed_in.post(reverse("staff_import:discard", args=[staff_import.pk]))
    staff_import.refresh_from_db()
    assert staff_import.status == "discarded"


def test_employees_and_supervisors_cannot_reach_the_pages(
    client, west_hartford, admin, supervisor, employee, directory
):
    staff_import = services.staff_import_preview(
        district=west_hartford, uploads=files.uploads(files.oneroster_12(*directory)), by=admin
    )
    for user in (supervisor, employee):
        client.force_login(user)
        assert client.get(reverse("staff_import:upload")).status_code == 403
        assert upload(client, files.oneroster_12(*directory)).status_code == 403
        for name in ("preview", "confirm", "result"):
            assert client.get(reverse(f"staff_import:{name}", args=[staff_import.pk])).status_code == 403
        assert client.post(reverse("staff_import:discard", args=[staff_import.pk])).status_code == 403
    assert StaffImport.objects.count() == 1


def test_an_administrator_of_another_district_sees_and_imports_nothing_here(
    client, west_hartford, region_14, admin, directory
):
    staff_import = services.staff_import_preview(
        district=west_hartford, uploads=files.uploads(files.oneroster_12(*directory)), by=admin
    )
    r14_admin = factories.user(district=region_14, role=Role.DISTRICT_ADMIN, username="r14boss")
    client.force_login(r14_admin)
    for name in ("preview", "confirm", "result"):
        assert client.get(reverse(f"staff_import:{name}", args=[staff_import.pk])).status_code == 404
    assert (
        client.post(
            reverse("staff_import:confirm", args=[staff_import.pk]), {"digest": staff_import.plan_digest}
        ).status_code
        == 404
    )
    assert client.post(reverse("staff_import:discard", args=[staff_import.pk])).status_code == 404
    assert b"Staff import" not in client.get(reverse("staff_import:upload")).content.split(b"Recent imports")[1]
    upload(client, files.oneroster_12(*directory))
    mine = StaffImport.objects.exclude(pk=staff_import.pk).get()
    assert mine.district == region_14, "an upload goes to the uploader's own district, whatever it holds"
    staff_import.refresh_from_db()
    assert staff_import.status == "previewed"
