"""Test data made through the portal's own services, so it carries its audit events like real data."""

import itertools
import uuid

from policyportal import services
from policyportal.models import Role

PASSWORD = "correct-horse-battery-staple"
_numbers = itertools.count(1)


def school(*, district, name: str | None = None):
    return services.school_create(district=district, name=name or f"School {next(_numbers)}")


def user(*, district, username: str | None = None, role: str = Role.EMPLOYEE, **fields):
    number = next(_numbers)
    username = username or f"user{number}"
    return services.user_create(
        district=district,
        username=username,
        email=fields.pop("email", f"{username}@example.org"),
        first_name=fields.pop("first_name", "Pat"),
        last_name=fields.pop("last_name", f"Tester{number}"),
        role=role,
        password=PASSWORD,
        **fields,
    )


DESCRIPTION = (
    "Weekly game schedules, bus times and score updates for the varsity soccer team, posted by the coach "
    "for players and their parents during the fall season."
)


def request_fields(*, requester, **overrides) -> dict:
    """A complete request form, as the form's cleaned data would hand it to the services."""
    from requests.models import Audience, Serves
    from sites.platforms import Platform

    fields = {
        "site_name": "Varsity Soccer Updates",
        "site_url": "",
        "platform": Platform.FACEBOOK_GROUP,
        "platform_other": "",
        "serves": Serves.TEAM,
        "serves_name": "Varsity soccer",
        "school": requester.school or school(district=requester.district),
        "audience": [Audience.STUDENTS, Audience.PARENTS],
        "description": DESCRIPTION,
        "admission": "Players on the roster and their parents, by invitation only.",
    }
    fields.update(overrides)
    fields.setdefault("form_token", uuid.uuid4())
    return fields


def promises(district) -> list:
    from policyportal.models import AppliesTo
    from policyportal.selectors import current_items

    return current_items(district.pk, AppliesTo.REQUEST_ATTESTATION)


def submitted_request(*, requester, **overrides):
    from requests import services as request_services

    return request_services.request_submit(
        by=requester, fields=request_fields(requester=requester, **overrides), attested=promises(requester.district)
    )


def draft_request(*, requester, **overrides):
    from requests import services as request_services

    return request_services.request_save_draft(
        by=requester, fields=request_fields(requester=requester, **overrides), attested=[]
    )


def approved_site(*, requester, **overrides):
    """A request taken through every step of its district's chain; returns the site it opened."""
    from requests import services as request_services

    request = submitted_request(requester=requester, **overrides)
    while request.status == "pending":
        request_services.request_decide(
            request=request,
            by=request.current_decider,
            outcome="approved",
            reason="",
            expected_version=request.version,
            snapshot_hash=request.snapshot_hash,
        )
        request.refresh_from_db()
    return request.site


def active_site(*, requester, url="https://www.facebook.com/groups/varsity-soccer", **overrides):
    from sites import services as site_services

    site = approved_site(requester=requester, **overrides)
    return site_services.site_activate(
        site=site, by=requester, url=url, setup_confirmed=True, expected_version=site.version
    )


def version_of(record) -> int:
    """The version stored now, as a page opened now would carry it."""
    return type(record).objects.values_list("version", flat=True).get(pk=record.pk)


def close_account(person) -> None:
    """The person leaves: their account is deactivated (there is no service for it yet)."""
    person.is_active = False
    person.save(update_fields=["is_active"])
