"""A legal hold keeps the roster entries it covers (the roster is a kind of record): neither the roster purge nor an
import, replacing or merging, deletes or replaces them, and both say how many they kept, on the page and in their
one audit event."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from audits.models import AuditEvent
from policyportal.records.models import LegalHold
from sites.personal.models import DirectoryObjection
from sites.personal.services import roster
from sites.personal.services.roster_purge import roster_purge
from tests import factories

pytestmark = pytest.mark.django_db

PURGE = reverse("sites:roster_purge")
HEADER = "student_id,first_name,last_name,preferred_name,school,grade\n"
LONG_AGO = timezone.now() - datetime.timedelta(days=400)


def words(response) -> str:
    return " ".join(response.content.decode().split())


@pytest.fixture
def hall(west_hartford):
    return factories.school(district=west_hartford, name="Hall High")


def entry(district, school, student_id, last_name, imported_at):
    return DirectoryObjection.objects.create(
        district=district,
        student_id=student_id,
        first_name="Zoe",
        last_name=last_name,
        school=school,
        imported_at=imported_at,
    )


@pytest.fixture
def entries(west_hartford, hall):
    """One entry imported long ago, under the hold's dates, and one imported today, after them."""
    return entry(west_hartford, hall, "1001", "Quokka", LONG_AGO), entry(
        west_hartford, hall, "1002", "Lee", timezone.now()
    )


@pytest.fixture
def hold(west_hartford, admin, entries):
    day = timezone.localdate(LONG_AGO)
    return LegalHold.objects.create(
        district=west_hartford, reason="Case 26-114", starts_on=day, ends_on=day, placed_by=admin
    )


def test_the_purge_keeps_what_a_hold_covers_and_says_so_on_the_page_and_in_its_event(client, officer, entries, hold):
    held, _today = entries
    client.force_login(officer)
    assert "1 more student stays on the list: a legal hold covers that entry" in words(
        client.get(f"{PURGE}?school=all")
    )
    response = client.post(f"{PURGE}?school=all", {"reason": "A parent's request"}, follow=True)
    assert "Purged 1 name of the whole district from the list. 1 name stayed: a legal hold covers it." in words(
        response
    )
    assert list(DirectoryObjection.objects.values_list("pk", "last_name")) == [(held.pk, "Quokka")]
    event = AuditEvent.objects.get(action="roster.purged")
    assert event.payload["students"] == 1 and event.payload["kept_by_holds"] == 1


def test_a_roster_wholly_held_has_nothing_to_purge_and_the_list_says_why(client, officer, west_hartford, hall, hold):
    DirectoryObjection.objects.filter(student_id="1002").delete()
    client.force_login(officer)
    assert "1 of them is under a legal hold" in words(client.get(PURGE))
    page = words(client.get(f"{PURGE}?school={hall.pk}"))
    assert "a legal hold covers that entry: there is nothing to purge" in page and "Delete" not in page


def test_a_lifted_hold_keeps_nothing(officer, west_hartford, entries, hold):
    LegalHold.objects.filter(pk=hold.pk).update(lifted_at=timezone.now(), lifted_by=officer)
    assert roster_purge(district=west_hartford, reason="A parent's request", by=officer) == (2, 0)
    assert not DirectoryObjection.objects.exists()


def test_a_replacing_import_keeps_a_held_entry_as_it_was_and_says_so(client, admin, west_hartford, entries, hold):
    held, _today = entries
    client.force_login(admin)
    content = HEADER + "1001,Zoe,Renamed,,Hall High,9\n2001,Ana,Ruiz,,Hall High,10\n"
    upload = SimpleUploadedFile("roster.csv", content.encode(), "text/csv")
    preview = words(client.post(reverse("sites:roster_preview"), {"file": upload, "mode": "replace"}))
    assert "A legal hold covers 1 student on the list: that entry stays as it is" in preview
    response = client.post(reverse("sites:roster_import"))
    [message] = [str(message) for message in get_messages(response.wsgi_request)]
    assert message == "Imported 1 student. 1 student stayed as they were: a legal hold covers their entry."
    kept = DirectoryObjection.objects.get(student_id="1001")
    assert (kept.pk, kept.last_name, kept.imported_at) == (held.pk, "Quokka", held.imported_at)
    assert sorted(DirectoryObjection.objects.values_list("student_id", flat=True)) == ["1001", "2001"]
    event = AuditEvent.objects.get(action="roster.imported")
    assert event.payload == {"mode": "replace", "students": 1, "kept_by_holds": 1}


def test_a_merging_import_replaces_what_is_not_held_and_counts_only_the_held_entries_it_lists(
    admin, west_hartford, entries, hold
):
    content = HEADER + "1001,Zoe,Renamed,,Hall High,9\n1002,Zoe,Leigh,,Hall High,9\n"
    assert roster.roster_import(district=west_hartford, by=admin, content=content.encode(), replace=False) == (1, 1)
    assert dict(DirectoryObjection.objects.values_list("student_id", "last_name")) == {
        "1001": "Quokka",
        "1002": "Leigh",
    }
    content = HEADER + "3001,Ana,Ruiz,,Hall High,10\n"
    assert roster.roster_import(district=west_hartford, by=admin, content=content.encode(), replace=False) == (1, 0)
    assert DirectoryObjection.objects.count() == 3
