"""The core's rules (who administers a district, who sees its people) and what every app's rules share: how
far past due a piece of work is, and a rule applied district by district.

Each app's `rules.py` says when its work falls due and who owes it; `stage` says who is told as time passes,
for the reminder sweeps whose work escalates in two steps (monitoring, findings, decisions).
"""

from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from enum import IntEnum

from django.db.models import Q

from policyportal.models import District, Role, User

NOTHING = Q(pk__in=[])


def administers(user: User, district: District | None = None) -> bool:
    """A district administrator (of `district`, when given): publishes the rules, changes the settings, sees
    every person, request and site of the district."""
    return user.is_district_admin and (district is None or user.district_id == district.pk)


def visible_people(user: User) -> Q:
    """Administrators see everyone of their district; supervisors the people they supervise."""
    if administers(user):
        return Q(district_id=user.district_id)
    if user.role == Role.SUPERVISOR:
        return Q(district_id=user.district_id, supervisor=user)
    return NOTHING


def may_see_people(user: User) -> bool:
    return user.can_supervise


class Stage(IntEnum):
    """Who is told about due work. Each stage includes the ones before it."""

    NOT_DUE = 0
    DUE = 1  # the one who owes the work, from its due time
    ESCALATED = 2  # the person above them, once the district's escalation grace has passed as well
    ESCALATED_TO_ADMINISTRATORS = 3  # the district's administrators, after twice the grace


def stage(due: date | datetime, now: date | datetime, grace: timedelta) -> Stage:
    """The stage of work due at `due`, at `now` (both dates, or both datetimes)."""
    if now < due:
        return Stage.NOT_DUE
    if now < due + grace:
        return Stage.DUE
    if now < due + 2 * grace:
        return Stage.ESCALATED
    return Stage.ESCALATED_TO_ADMINISTRATORS


def per_district(districts: Iterable[District], condition: Callable[[District], Q]) -> Q:
    """Rows of any of `districts` that meet that district's own `condition` (its cadences and graces differ)."""
    found = NOTHING
    for district in districts:
        found |= Q(district_id=district.pk) & condition(district)
    return found
