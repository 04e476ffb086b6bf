"""The core's rules (who administers a district, who sees its people) and what every app's rules share: how
far past due a piece of work is, and a rule applied district by district.

Each app's `rules.py` says when its work falls due and who owes it; `stage` says who is told as time passes,
for the reminder sweeps whose work escalates in two steps (monitoring, findings, decisions).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import IntEnum
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import Exists, OuterRef, Q

from policyportal.models import District, EmailStatus, IdentityProvider, Notification, Role, School, User

NOTHING = Q(pk__in=[])


def administers(user: User, district: District | None = None, *, district_id: int | None = None) -> bool:
    """A district administrator (of `district`, or the district whose id is `district_id`, when given):
    publishes the rules, changes the settings, sees every person, request and site of the district."""
    wanted = district.pk if district is not None else district_id
    return user.is_district_admin and (wanted is None or user.district_id == wanted)


def visible_people(user: User) -> Q:
    """Administrators see everyone of their district; supervisors the people they supervise."""
    if administers(user):
        return Q(district_id=user.district_id)
    if user.role == Role.SUPERVISOR:
        return Q(district_id=user.district_id, supervisor=user)
    return NOTHING


def may_see_people(user: User) -> bool:
    return user.can_supervise


# Managing people: the district's administrators add, edit, deactivate and reactivate them.


def may_manage(user: User, person: User) -> bool:
    """A district administrator manages the people of their own district."""
    return administers(user) and person.district_id == user.district_id


def is_last_administrator(person: User) -> bool:
    """Whether `person` is their district's only active administrator: never demoted nor deactivated, or
    nobody would be left to manage the district."""
    if not (person.is_active and person.is_district_admin):
        return False
    others = User.objects.filter(district_id=person.member_district_id, role=Role.DISTRICT_ADMIN, is_active=True)
    return not others.exclude(pk=person.pk).exists()


def may_deactivate(user: User, person: User) -> bool:
    """An administrator closes the account of another open account of their district, never the last
    administrator's (nor their own: another administrator does that)."""
    return may_manage(user, person) and person.is_active and person.pk != user.pk and not is_last_administrator(person)


def may_reactivate(user: User, person: User) -> bool:
    return may_manage(user, person) and not person.is_active


def may_supervise(supervisor: User, person: User) -> bool:
    """Whom `person` may report to: an open account in a supervising role of their district, not themselves
    (`User.acts_as_supervisor_of`)."""
    return supervisor.acts_as_supervisor_of(person)


def supervisors_for(person: User) -> Q:
    """`may_supervise` as a filter on people (a new person, unsaved, has no id to leave out)."""
    found = Q(district_id=person.district_id, is_active=True, role__in=Role.supervising())
    return found & ~Q(pk=person.pk) if person.pk else found


# Problems to fix: people and schools whose supervision is missing. The people page lists them, the
# dashboard counts them, each by the rule below.

ANSWERS_TO_A_SUPERVISOR = (Role.EMPLOYEE, Role.SUPERVISOR)  # administrators answer to the district


def lacks_supervisor(person: User) -> bool:
    """An active employee or supervisor without a supervisor who can answer for them (closed account, no
    longer in a supervising role, or none at all)."""
    if not person.is_active or person.role not in ANSWERS_TO_A_SUPERVISOR:
        return False
    return person.supervisor is None or not may_supervise(person.supervisor, person)


def lacking_supervisor() -> Q:
    answering = User.objects.filter(
        pk=OuterRef("supervisor_id"),
        is_active=True,
        role__in=Role.supervising(),
        district_id=OuterRef("district_id"),
    )
    return Q(is_active=True, role__in=ANSWERS_TO_A_SUPERVISOR) & ~Q(Exists(answering))


def supervises_nobody(person: User) -> bool:
    """An active supervisor nobody active reports to."""
    if not person.is_active or person.role != Role.SUPERVISOR:
        return False
    return not User.objects.filter(supervisor=person, is_active=True).exists()


def supervising_nobody() -> Q:
    supervisees = User.objects.filter(supervisor=OuterRef("pk"), is_active=True)
    return Q(is_active=True, role=Role.SUPERVISOR) & ~Q(Exists(supervisees))


def email_undeliverable() -> Q:
    """People an email could never be mailed to (the outbox gave up on it: their address, most likely)."""
    failed = Notification.objects.filter(recipient=OuterRef("pk"), email_status=EmailStatus.FAILED)
    return Q(Exists(failed))


def has_problem() -> Q:
    """The people the "has a problem" filter shows: any problem above."""
    return lacking_supervisor() | supervising_nobody() | email_undeliverable()


def school_unsupervised(school: School) -> bool:
    """A school at which no active supervisor (or administrator) works."""
    supervisors = User.objects.filter(schools=school, is_active=True, role__in=Role.supervising())
    return not supervisors.exists()


def schools_unsupervised() -> Q:
    """`school_unsupervised` as a filter on schools."""
    supervisors = User.objects.filter(schools=OuterRef("pk"), is_active=True, role__in=Role.supervising())
    return ~Q(Exists(supervisors))


# Installation operators, and who invites whom


def is_operator(user: User) -> bool:
    """An installation operator: a superuser of no district. Creates districts and invites their first
    administrators; sees no district's records, counts or audit events."""
    return user.is_superuser and user.district_id is None


def confined_to_operator_pages(user: User) -> bool:
    """Anyone signed in who belongs to no district (the database allows that only for operators): no district
    page is theirs to open, and OperatorMiddleware sends them to the operator pages."""
    return user.district_id is None


def has_accepted(user: User) -> bool:
    """Whether the person has chosen a password. An invited person has not yet: their password is unusable."""
    return user.has_usable_password()


def accepted() -> Q:
    return ~Q(password__startswith=UNUSABLE_PASSWORD_PREFIX)


def is_acceptable_issuer(issuer: str) -> bool:
    """An OpenID provider is reached over https; plain http only on this machine's loopback (a test provider)."""
    parts = urlsplit(issuer)
    loopback = parts.hostname in ("127.0.0.1", "localhost", "::1")
    return bool(parts.hostname) and (parts.scheme == "https" or (parts.scheme == "http" and loopback))


def acting_administrators(district: District) -> Q:
    """Administrators who run the district now: active, and who have accepted their invitation."""
    return Q(district_id=district.pk, role=Role.DISTRICT_ADMIN, is_active=True) & accepted()


def may_invite_first_administrator(by: User | None, *, has_acting_administrator: bool) -> bool:
    """An operator (or `manage.py district_create`, `by=None`) invites a district's administrator only while the
    district has no acting one (it is new, or its last administrator left): an operator never gets a second way
    into a district that runs itself."""
    return (by is None or is_operator(by)) and not has_acting_administrator


def may_invite(by: User | None, person: User, *, has_acting_administrator: bool) -> bool:
    """Who sends `person` an invitation, or a new one: an administrator of their district; an operator, to a
    district's first administrator; the portal itself (`by=None`: a command, or the invitee asking again)."""
    if by is None:
        return True
    if is_operator(by):
        return person.is_district_admin and may_invite_first_administrator(
            by, has_acting_administrator=has_acting_administrator
        )
    return person.district is not None and administers(by, person.district)


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


# Signing in with the district's own identity provider (OpenID Connect).


def may_configure_sign_in(user: User, district: District) -> bool:
    """The district's administrators set its identity provider."""
    return administers(user, district)


def may_use_password(user: User, provider: IdentityProvider | None) -> bool:
    """A password signs in unless the district's provider is on with passwords off; then only its named
    break-glass administrator still may (an installation operator belongs to no district and always may)."""
    if provider is None or not provider.enabled or provider.passwords_enabled:
        return True
    return user.pk == provider.break_glass_admin_id and user.is_district_admin and user.is_active


def may_sign_in_through_provider(person: User, provider: IdentityProvider) -> bool:
    """A person the provider's sign-in matched may enter: an open account of the provider's own district."""
    return person.is_active and person.district_id == provider.district_id


# How long a session lasts: SESSION_IDLE_TIMEOUT after its last request, which each request moves on, and at
# most SESSION_MAX_AGE after signing in, which nothing moves.


@dataclass(frozen=True)
class SessionLifetime:
    idle_left: float  # seconds
    length_left: float

    @property
    def seconds_left(self) -> float:
        return min(self.idle_left, self.length_left)

    @property
    def ended(self) -> bool:
        return self.seconds_left < 0

    @property
    def may_be_extended(self) -> bool:
        """Whether staying active moves the end on: not once the maximum length comes first."""
        return self.idle_left < self.length_left


def session_lifetime(*, authenticated_at: float, seen_at: float, now: float) -> SessionLifetime:
    """The lifetime left at `now` of a session signed in at `authenticated_at` and last seen at `seen_at`
    (POSIX timestamps)."""
    return SessionLifetime(
        idle_left=seen_at + settings.SESSION_IDLE_TIMEOUT.total_seconds() - now,
        length_left=authenticated_at + settings.SESSION_MAX_AGE.total_seconds() - now,
    )
