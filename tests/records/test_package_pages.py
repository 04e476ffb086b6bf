"""The package pages are the records officers' alone (a 404 for anyone else, another district's officer included);
the form refuses bad input and keeps what was typed; a package downloads until it expires, each download recorded."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audits.models import AuditEvent
from audits.reports.records_package import forms, services
from policyportal.records.package_models import PackageStatus, RecordsPackage
from tests import factories


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def site(employee, media):
    return factories.active_site(requester=employee)


@pytest.fixture
def package(officer, site, django_capture_on_commit_callbacks) -> RecordsPackage:
    today = officer.district.today()
    with django_capture_on_commit_callbacks(execute=True):
        package = services.package_request(by=officer, starts_on=today, ends_on=today, sites=[site], people=[])
    package.refresh_from_db()
    assert package.status == PackageStatus.READY
    return package


PAGES = ["package", "package_progress", "package_download"]


@pytest.mark.parametrize("who", ["employee", "supervisor", "admin", "r14_officer"])
def test_everyone_but_the_districts_officers_gets_404s(client, request, who, package):
    client.force_login(request.getfixturevalue(who))
    for name in PAGES:
        assert client.get(reverse(f"records_packages:{name}", args=[package.pk])).status_code == 404, name
    assert not AuditEvent.objects.filter(action="records.package_downloaded").exists()


@pytest.mark.parametrize("who", ["employee", "supervisor", "admin"])
def test_the_list_and_the_form_are_404s_for_who_is_no_officer(client, request, who, site):
    client.force_login(request.getfixturevalue(who))
    for name in ["packages", "package_new"]:
        assert client.get(reverse(f"records_packages:{name}")).status_code == 404, name
    data = {"starts_on": "2026-05-01", "ends_on": "2026-05-01", "sites": [site.pk]}
    assert client.post(reverse("records_packages:package_new"), data).status_code == 404
    assert not RecordsPackage.objects.exists()


def test_another_districts_officer_lists_only_their_own(client, r14_officer, package):
    client.force_login(r14_officer)
    page = client.get(reverse("records_packages:packages")).content.decode()
    assert f"Package {package.pk}<" not in page and "No package has been asked for yet" in page


def test_the_officer_downloads_the_zip_and_the_trail_says_so(client, officer, package):
    client.force_login(officer)
    page = client.get(reverse("records_packages:package", args=[package.pk])).content.decode()
    assert "Download the package (ZIP)" in page
    response = client.get(reverse("records_packages:package_download", args=[package.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="records-package-{package.pk}.zip"'
    with package.file.open("rb") as stored:
        assert b"".join(response.streaming_content) == stored.read()
    event = AuditEvent.objects.get(action="records.package_downloaded")
    assert (event.actor_id, event.target_id, event.payload) == (officer.pk, str(package.pk), {"sha256": package.sha256})


def test_an_expired_package_is_refused_and_says_so(client, officer, package):
    RecordsPackage.objects.filter(pk=package.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    client.force_login(officer)
    response = client.get(reverse("records_packages:package_download", args=[package.pk]))
    assert response.status_code == 410
    assert "This package expired" in response.content.decode()
    assert "Download the package" not in response.content.decode()
    assert not AuditEvent.objects.filter(action="records.package_downloaded").exists()


def test_the_list_shows_the_districts_packages_newest_first_in_the_same_queries(
    client, officer, package, site, django_assert_max_num_queries, r14_officer
):
    client.force_login(officer)
    url = reverse("records_packages:packages")
    with django_assert_max_num_queries(20) as counted:
        client.get(url)
    today = officer.district.today()
    for _ in range(3):
        services.package_request(by=officer, starts_on=today, ends_on=today, sites=[site], people=[])
    with django_assert_max_num_queries(len(counted.captured_queries)):
        page = client.get(url).content.decode()
    newest = RecordsPackage.objects.order_by("-pk").first()
    assert page.index(f"Package {newest.pk}<") < page.index(f"Package {package.pk}<")
    assert "Waiting to be built" in page and "Ready to download" in page


def test_the_list_says_what_a_package_is_when_there_is_none(client, officer):
    client.force_login(officer)
    page = client.get(reverse("records_packages:packages")).content.decode()
    assert "No package has been asked for yet" in page


def test_asking_for_a_package_leads_to_its_page_with_its_progress(client, officer, site):
    """The task is queued once the transaction commits; until it runs, the page shows it waiting."""
    client.force_login(officer)
    today = officer.district.today().isoformat()
    response = client.post(
        reverse("records_packages:package_new"), {"starts_on": today, "ends_on": today, "sites": [site.pk]}
    )
    package = RecordsPackage.objects.get()
    assert response.url == reverse("records_packages:package", args=[package.pk])
    assert list(package.sites.all()) == [site]
    page = client.get(response.url).content.decode()
    assert "<progress" in page and "Waiting for its turn to be built" in page
    assert reverse("records_packages:package", args=[package.pk]) in page  # checked again by hand without script
    progress = client.get(reverse("records_packages:package_progress", args=[package.pk])).json()
    assert progress == {"finished": False, "status": "Waiting to be built", "done": 0, "total": 0}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"starts_on": "2026-05-02", "ends_on": "2026-05-01"}, "The range must end on or after the day it starts."),
        ({"starts_on": "2026-05-01", "ends_on": ""}, "This field is required."),
        ({"starts_on": "2026-05-01", "ends_on": "2026-05-02", "sites": []}, "Choose at least one site or person"),
    ],
)
def test_bad_input_asks_for_nothing_and_keeps_what_was_typed(client, officer, site, data, message):
    client.force_login(officer)
    chosen = {"sites": [site.pk], **data}
    response = client.post(reverse("records_packages:package_new"), chosen)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert 'value="2026-05-01"' in page
    if chosen["sites"]:
        assert f'value="{site.pk}"\n           id="sites-{site.pk}"\n           checked' in page
    assert not RecordsPackage.objects.exists()
    assert not AuditEvent.objects.filter(action="records.package_requested").exists()


def test_another_districts_site_is_refused(client, officer, r14_employee, media):
    r14_site = factories.active_site(requester=r14_employee)
    client.force_login(officer)
    response = client.post(
        reverse("records_packages:package_new"),
        {"starts_on": "2026-05-01", "ends_on": "2026-05-02", "sites": [r14_site.pk]},
    )
    assert response.status_code == 400
    assert not RecordsPackage.objects.exists()


def test_find_narrows_a_long_list_and_keeps_what_is_ticked(client, officer, site, west_hartford):
    """With more sites than a page shows, Find lists those matching; the ticked site stays ticked and listed."""
    people = [factories.user(district=west_hartford) for _ in range(forms.SHOWN)]
    client.force_login(officer)
    url = reverse("records_packages:package_new")
    page = client.get(url).content.decode()
    assert "more match" in page  # everyone of the district, more than one page of them
    typed = {"starts_on": "2026-05-01", "ends_on": "", "sites": [site.pk], "people": [people[0].pk]}
    response = client.post(url, {**typed, "find_people": people[-1].last_name, "find": "people"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "This field is required." not in page  # finding is not sending: nothing is checked yet
    assert people[-1].display_name in page and people[1].display_name not in page
    assert f'id="people-{people[0].pk}"\n           checked' in page
    assert f'id="sites-{site.pk}"\n           checked' in page
    assert 'value="2026-05-01"' in page
    assert not RecordsPackage.objects.exists()


def test_the_records_page_leads_to_the_packages(client, officer):
    client.force_login(officer)
    page = client.get(reverse("records:home")).content.decode()
    assert reverse("records_packages:packages") in page and reverse("records_packages:package_new") in page


@pytest.mark.parametrize("status", [PackageStatus.QUEUED, PackageStatus.BUILDING, PackageStatus.FAILED])
def test_a_package_not_ready_is_not_downloaded(client, officer, package, status):
    RecordsPackage.objects.filter(pk=package.pk).update(status=status)
    client.force_login(officer)
    response = client.get(reverse("records_packages:package_download", args=[package.pk]))
    assert response.status_code == 410
    assert not AuditEvent.objects.filter(action="records.package_downloaded").exists()
