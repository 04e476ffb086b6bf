"""The audit trail shows what its reader may see: another person's private draft, a 404 to the reader, is named
"a private draft" on the trail's page, in the event's detail and in the CSV export; its owner sees its name."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audits.models import AuditEvent
from policyportal.models import Role
from requests import services as request_services
from requests.trail import PRIVATE_DRAFT
from tests import factories

SECRET = "Secret Robotics Scouting"


@pytest.fixture
def owner(west_hartford, admin):
    """An administrator who drafts a request of their own: they read the trail too."""
    return factories.user(district=west_hartford, role=Role.DISTRICT_ADMIN, username="owner", supervisor=admin)


@pytest.fixture
def draft(owner):
    return factories.draft_request(requester=owner, site_name=SECRET)


def trail(client, reader) -> str:
    client.force_login(reader)
    return client.get(reverse("audits:events")).content.decode()


def exported(client, reader) -> str:
    client.force_login(reader)
    response = client.get(reverse("audits:events"), {"format": "csv"})
    return "\n".join(",".join(row) for row in csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_another_administrators_draft_is_a_private_draft_on_the_trail_and_in_its_export(client, draft, admin):
    page, export = trail(client, admin), exported(client, admin)
    assert SECRET not in page and PRIVATE_DRAFT in page
    assert SECRET not in export and PRIVATE_DRAFT in export
    assert client.get(reverse("requests:detail", args=[draft.pk])).status_code == 404


def test_the_events_detail_neither_names_nor_links_the_draft(client, draft, admin):
    event = AuditEvent.objects.get(action="request.created", target_id=str(draft.pk))
    client.force_login(admin)
    page = client.get(reverse("audits:event", args=[event.pk])).content.decode()
    assert SECRET not in page and PRIVATE_DRAFT in page
    assert reverse("requests:detail", args=[draft.pk]) not in page


def test_the_owner_sees_their_drafts_name(client, draft, owner):
    assert SECRET in trail(client, owner) and SECRET in exported(client, owner)


def test_once_submitted_the_request_is_named_to_every_administrator(client, draft, owner, admin):
    fields = factories.request_fields(requester=owner, site_name=SECRET)
    del fields["form_token"]
    request_services.request_submit(
        by=owner,
        fields=fields,
        attested=factories.promises(owner.district),
        request=draft,
        expected_version=draft.version,
    )
    assert SECRET in trail(client, admin) and PRIVATE_DRAFT not in trail(client, admin)


def test_naming_what_the_reader_may_see_costs_the_same_queries_for_one_draft_or_many(
    client, west_hartford, admin, owner
):
    def queries() -> int:
        client.force_login(admin)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("audits:events")).status_code == 200
        return len(captured)

    factories.draft_request(requester=owner, site_name=SECRET)
    one = queries()
    for number in range(10):
        factories.draft_request(requester=owner, site_name=f"{SECRET} {number}")
    assert queries() == one
