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


def decide(request, by, outcome: str = "approved", reason: str = ""):
    """`by` decides the request's current step on what it holds now (its current version and snapshot hash), as
    the decision page would post it. Returns the Decision; `request` is refreshed to its new state."""
    from requests import services as request_services

    request.refresh_from_db()
    decision = request_services.request_decide(
        request=request,
        by=by,
        outcome=outcome,
        reason=reason,
        expected_version=request.version,
        snapshot_hash=request.snapshot_hash,
    )
    request.refresh_from_db()
    return decision


def approved_site(*, requester, **overrides):
    """A request taken through every step of its district's chain; returns the site it opened."""
    request = submitted_request(requester=requester, **overrides)
    while request.status == "pending":
        decide(request, request.current_decider)
    return request.site


def active_site(*, requester, url="https://www.facebook.com/groups/varsity-soccer", **overrides):
    from sites import services as site_services

    site = approved_site(requester=requester, **overrides)
    return site_services.site_activate(
        site=site, by=requester, url=url, setup_confirmed=True, expected_version=site.version
    )


FAILURE_NOTE = "Anyone can join"


def all_pass(review, overrides: dict | None = None) -> dict:
    """Answers to every item of `review` as the review form hands them to the services: each passes, except the
    rows (by answer pk) that `overrides` answers otherwise."""
    from sites.models import Answer

    answers = {row.pk: {"answer": Answer.PASS} for row in review.answers.all()}
    answers.update(overrides or {})
    return answers


def failing(review, *clauses: str, note: str = FAILURE_NOTE) -> dict:
    """Answers to every item of `review`: those citing one of `clauses` fail with `note`, the rest pass."""
    from sites.models import Answer

    rows = list(review.answers.filter(clause_id__in=clauses))
    missing = set(clauses) - {row.clause_id for row in rows}
    assert not missing, f"No item of this review cites {sorted(missing)}"
    return all_pass(review, {row.pk: {"answer": Answer.FAIL, "note": note} for row in rows})


def failed_review(site, reviewer, clause: str = "WH-D4", *more_clauses: str, note: str = FAILURE_NOTE) -> list:
    """`reviewer` starts and completes a review of `site` in which the items citing `clause` (and `more_clauses`)
    fail with `note` and the rest pass. Returns the findings those failures opened, in the order they opened."""
    from sites import services as site_services

    review = site_services.review_start(site=site, by=reviewer)
    review = site_services.review_complete(
        review=review, by=reviewer, answers=failing(review, clause, *more_clauses, note=note)
    )
    return list(review.findings.order_by("pk"))


def version_of(record) -> int:
    """The version stored now, as a page opened now would carry it."""
    return type(record).objects.values_list("version", flat=True).get(pk=record.pk)


def close_account(person) -> None:
    """The person leaves without handing anything on (as before `person_deactivate` existed): what the
    reminders' fall-back to the administrators then does is what the tests using this hold."""
    person.is_active = False
    person.save(update_fields=["is_active"])
