"""Every records page is the records officers' alone: a 404 for everyone else, and for another district's officer."""

import pytest
from django.urls import reverse

from policyportal.records.models import LegalHold, RetentionSchedule
from policyportal.records.services import legal_hold_place, retention_schedule_set

pytestmark = pytest.mark.django_db


@pytest.fixture
def hold(officer, west_hartford):
    return legal_hold_place(district=west_hartford, reason="Case 26-114", person=officer, by=officer)


@pytest.fixture
def schedule(officer, west_hartford):
    return retention_schedule_set(
        district=west_hartford, kind="monitoring", starts="checked", years=1, months=0, authority="", by=officer
    )


def _forms(hold) -> list[str]:
    return [
        reverse("records:schedule_edit", args=["monitoring"]),
        reverse("records:schedule_remove", args=["monitoring"]),
        reverse("records:hold_new"),
        reverse("records:hold_lift", args=[hold.pk]),
    ]


def _pages(hold) -> list[str]:
    lists = [reverse("records:home"), reverse("records:schedules"), reverse("records:holds")]
    return [*lists, reverse("records:hold", args=[hold.pk]), *_forms(hold)]


@pytest.mark.parametrize("who", ["employee", "supervisor", "admin"])
def test_every_records_page_is_a_404_for_anyone_but_the_districts_officers(client, request, who, hold, schedule):
    client.force_login(request.getfixturevalue(who))
    for url in _pages(hold):
        assert client.get(url).status_code == 404, url
    data = {"reason": "x", "starts_on": "2026-01-01", "years": "2", "months": "0", "starts": "checked"}
    for url in _forms(hold):
        assert client.post(url, data).status_code == 404, url
    hold.refresh_from_db()
    assert hold.is_standing
    assert LegalHold.objects.count() == 1
    assert RetentionSchedule.objects.get().years == 1


def test_another_districts_officer_reads_only_their_own_districts_records(client, r14_officer, hold, schedule):
    client.force_login(r14_officer)
    assert client.get(reverse("records:hold", args=[hold.pk])).status_code == 404
    assert client.get(reverse("records:hold_lift", args=[hold.pk])).status_code == 404
    assert client.post(reverse("records:hold_lift", args=[hold.pk])).status_code == 404
    assert not client.get(reverse("records:holds")).context["page"].object_list
    assert not client.get(reverse("records:home")).context["holds"]
    schedules = client.get(reverse("records:schedules")).content.decode()
    assert "1 year after the check" not in schedules
    client.post(reverse("records:schedule_remove", args=["monitoring"]))  # theirs has none: West Hartford's stays
    hold.refresh_from_db()
    assert hold.is_standing
    assert RetentionSchedule.objects.get().district == schedule.district


def test_the_officer_opens_every_page(client, officer, hold, schedule):
    client.force_login(officer)
    for url in _pages(hold):
        assert client.get(url).status_code == 200, url


def test_a_deactivated_officer_is_no_longer_one(client, officer, hold):
    officer.is_active = False
    officer.save(update_fields=["is_active"])
    client.force_login(officer)
    assert client.get(reverse("records:home")).status_code in (302, 404)
