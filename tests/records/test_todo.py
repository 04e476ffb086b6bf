"""A records officer's home page asks them to review the disposal list waiting for them; nobody else's does."""

import pytest
from django.urls import reverse

from policyportal.records import disposal
from tests import factories
from tests.records.disposal_support import schedule, started_long_ago

pytestmark = pytest.mark.django_db


def owed(client, person) -> list[tuple[str, str, str]]:
    client.force_login(person)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return [(item.what, item.step, item.link) for item in response.context["owed_by_me"] if "disposal" in item.what]


def test_the_waiting_list_is_on_the_officers_to_do_and_on_nobody_elses(
    client, west_hartford, employee, supervisor, admin, officer, r14_officer
):
    assert owed(client, officer) == []  # nothing listed yet: nothing owed
    for number in range(2):
        site = factories.active_site(requester=employee, site_name=f"Club {number}")
        started_long_ago("site_files", site)
    schedule(west_hartford, "site_files", admin)
    disposal.disposal_list_sweep()

    assert owed(client, officer) == [
        (
            "Review the disposal list: 2 records past their retention period",
            "Review the list",
            reverse("records:disposal"),
        )
    ]
    for person in (employee, supervisor, admin, r14_officer):  # the administrator is not named an officer
        assert owed(client, person) == []
