"""Who may act on personal use, and when its work is due and escalated: each rule once.

A rule has its Python form, for the one row in hand, and where lists and sweeps filter by it, its `Q` form
beside it (`may_answer` / `answerable_by`). Services, selectors, reminder sweeps and views ask these, and
templates show flags the views computed from them; a test holds each pair to the same rows.

When a question is due. A question about a post is due from the district's decision deadline after it was
asked: the supervisor asked is reminded then. Once the escalation grace has passed as well it is escalated:
the district's administrators are told, and from then on see it in their lists. A supervisor who can no
longer answer (account closed, moved to another role or district) hands it to the administrators at once.

When an acknowledgment is due. Each published version of the personal-use rules asks every active person of
the district again: reminders open the campaign, come 7 days and 1 day before the due date (the district's
acknowledgment period after publication) and on it; once the escalation grace has passed as well, the
supervisor of whoever still owes it is told.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db.models import Exists, F, OuterRef, Q

from policyportal.models import District, PolicyVersion, Role, School, User
from policyportal.records.registry import kind
from policyportal.records.rules import held_q, may_manage_records, may_manage_records_of, standing_holds
from policyportal.rules import NOTHING, administers, per_district
from sites.models import Site, SiteStatus
from sites.personal.models import Acknowledgment, Consultation

# Asking: who asks whom, about posts on which sites


def may_ask(user: User) -> bool:
    """Whether the user has a supervisor in the portal to ask: an open account in a supervising role of their
    district (`User.acts_as_supervisor_of`)."""
    return user.supervisor is not None and user.supervisor.acts_as_supervisor_of(user)


def may_post_on(site: Site, user: User) -> bool:
    """The district sites a user posts on, and so may ask about: their own active sites."""
    return site.owner_id == user.pk and site.status == SiteStatus.ACTIVE


def postable_by(user: User) -> Q:
    return Q(owner=user, status=SiteStatus.ACTIVE)


# Answering: the supervisor asked, or the district's administrators standing in


def supervisor_answers(consultation: Consultation) -> bool:
    """Whether the supervisor asked can still answer: the rule that let them be asked (an open account in a
    supervising role of the question's district). When it fails, the district's administrators stand in."""
    supervisor = consultation.supervisor
    return (
        supervisor.is_active
        and supervisor.role in Role.supervising()
        and supervisor.district_id == consultation.district_id
    )


def supervisor_answering() -> Q:
    return Q(supervisor__is_active=True, supervisor__role__in=Role.supervising(), supervisor__district=F("district"))


def may_answer(consultation: Consultation, user: User) -> bool:
    """The supervisor asked while they can still answer; after that, any administrator of the district but the
    asker. (Whether it is still unanswered is the service's check, not this rule's.)"""
    if supervisor_answers(consultation):
        return consultation.supervisor_id == user.pk
    stands_in = administers(user, district_id=consultation.district_id)
    return stands_in and user.pk != consultation.employee_id


def may_reassign_question(consultation: Consultation, user: User | None) -> bool:
    """An unanswered question goes to another supervisor: an administrator of its district hands it on (never
    the asker's own); the portal itself (`user=None`) only as it closes the account of the supervisor asked."""
    if consultation.answered_at is not None:
        return False
    if user is None:
        return not consultation.supervisor.is_active
    stands_in = administers(user, district_id=consultation.district_id)
    return stands_in and user.pk != consultation.employee_id


def may_be_asked(consultation: Consultation, person: User) -> bool:
    """Who may be asked in the supervisor's place: whom the asker may ask at all, an open account in a
    supervising role of their district (`User.acts_as_supervisor_of`)."""
    return person.acts_as_supervisor_of(consultation.employee)


def stand_ins(consultation: Consultation, administrator_ids: Iterable[int]) -> list[int]:
    """The administrators who answer when the supervisor cannot, or who are told of a question left waiting:
    all of the district's but the asker."""
    return [pk for pk in administrator_ids if pk != consultation.employee_id]


def answerable_by(user: User) -> Q:
    answerable = Q(supervisor=user) & supervisor_answering()
    if user.is_district_admin:
        answerable |= Q(district_id=user.district_id) & ~supervisor_answering() & ~Q(employee=user)
    return answerable


# When a question is open, due and escalated


def is_unanswered(consultation: Consultation) -> bool:
    """The employee still waits for an answer (from the supervisor asked, or the administrators)."""
    return consultation.answered_at is None


def unanswered() -> Q:
    """`is_unanswered`, for lists and sweeps."""
    return Q(answered_at__isnull=True)


def consultation_due_at(consultation: Consultation) -> datetime:
    """The district's decision deadline after the question was asked."""
    return consultation.asked_at + timedelta(days=consultation.district.decision_deadline_days)


def consultation_escalated_at(consultation: Consultation) -> datetime:
    """The deadline plus the district's escalation grace."""
    return consultation_due_at(consultation) + timedelta(days=consultation.district.escalation_grace_days)


def consultation_due(consultation: Consultation, now: datetime) -> bool:
    """Unanswered at `now`, its deadline reached."""
    return is_unanswered(consultation) and now >= consultation_due_at(consultation)


def consultation_escalated(consultation: Consultation, now: datetime) -> bool:
    """Unanswered at `now`, its deadline and the escalation grace passed."""
    return is_unanswered(consultation) and now >= consultation_escalated_at(consultation)


def consultations_escalated(districts: Iterable[District], now: datetime) -> Q:
    """`consultation_escalated` for the questions of `districts`."""

    def asked_before(district: District) -> Q:
        days = district.decision_deadline_days + district.escalation_grace_days
        return Q(asked_at__lte=now - timedelta(days=days))

    return unanswered() & per_district(districts, asked_before)


# Who sees a question


def may_see_consultation(consultation: Consultation, user: User, now: datetime) -> bool:
    """Who asked and who was asked. A district administrator only when it needs them (R14-P5): once it is
    escalated to them unanswered, once its supervisor can no longer answer, or when they answered it."""
    if user.pk in (consultation.employee_id, consultation.supervisor_id):
        return True
    if not administers(user, district_id=consultation.district_id):
        return False
    waiting = consultation.answered_at is None and (
        consultation_escalated(consultation, now) or not supervisor_answers(consultation)
    )
    return waiting or consultation.answered_by_id == user.pk


def consultations_seen_by(user: User, now: datetime) -> Q:
    seen = Q(employee=user) | Q(supervisor=user)
    if user.is_district_admin:
        district = user.member_district
        waiting = consultations_escalated([district], now) | Q(answered_at__isnull=True) & ~supervisor_answering()
        seen |= Q(district_id=district.pk) & (waiting | Q(answered_by=user))
    return seen


# The directory-objection roster


def may_see_roster(user: User, school: School | None = None) -> bool:
    """The district's administrators, the whole roster or one school's; a supervisor with a school, that
    school's. Nobody else: the list is confidential."""
    if school is not None and school.district_id != user.district_id:
        return False
    if user.is_district_admin:
        return True
    return (
        user.role == Role.SUPERVISOR and user.school_id is not None and (school is None or school.pk == user.school_id)
    )


def roster_seen_by(user: User) -> Q:
    """The rows `may_see_roster` shows `user`: by the school of each student."""
    if user.is_district_admin:
        return Q(district_id=user.district_id)
    if may_see_roster(user):
        return Q(district_id=user.district_id, school_id=user.school_id)
    return NOTHING


def may_import_roster(user: User, district: District | None = None) -> bool:
    """A district administrator, into their own district's roster."""
    return administers(user, district)


def may_purge_roster(user: User, district: District | None = None) -> bool:
    """A records officer of the district (`policyportal.records.rules.may_manage_records_of`), its roster only."""
    return may_manage_records(user) if district is None else may_manage_records_of(user, district.pk)


def roster_held_q(district_id: int) -> Q:
    """The district's roster entries a standing legal hold covers (`policyportal.records.rules.held_q`, the roster
    being a kind of record): neither a purge nor an import deletes or replaces them while the hold stands."""
    return held_q(kind("roster"), list(standing_holds(district_id)))


# Acknowledging the personal-use rules

ACKNOWLEDGMENT_REMINDERS = [  # (kind, how long before the due date it is sent), latest first
    ("acknowledgment.due", timedelta(0)),
    ("acknowledgment.due_in_1_day", timedelta(days=1)),
    ("acknowledgment.due_in_7_days", timedelta(days=7)),
]


def acknowledgment_due_at(version: PolicyVersion) -> datetime:
    """The district's acknowledgment period after the version was published."""
    return version.published_at + timedelta(days=version.district.acknowledgment_days)


def acknowledgment_reminder(version: PolicyVersion, now: datetime) -> str | None:
    """The latest reminder about `version` reached at `now`: `acknowledgment.opened` from publication, then
    each of `ACKNOWLEDGMENT_REMINDERS` as its time comes; None before publication."""
    if now < version.published_at:
        return None
    deadline = acknowledgment_due_at(version)
    return next(
        (kind for kind, before in ACKNOWLEDGMENT_REMINDERS if now >= deadline - before), "acknowledgment.opened"
    )


def acknowledgment_overdue(version: PolicyVersion, now: datetime) -> bool:
    """Past its due date: the last reminder, `acknowledgment.due`, has gone out."""
    return now >= acknowledgment_due_at(version)


def acknowledgment_escalated(version: PolicyVersion, now: datetime) -> bool:
    """Past the due date and the district's escalation grace: supervisors hear of whoever still owes it."""
    return now >= acknowledgment_due_at(version) + timedelta(days=version.district.escalation_grace_days)


def owes_acknowledgment(user: User, version: PolicyVersion) -> bool:
    """Whether `user` still owes an acknowledgment of `version`: an active person of its district who has
    not signed it."""
    in_district = user.is_active and user.district_id == version.district_id
    return in_district and not Acknowledgment.objects.filter(user=user, policy_version=version).exists()


def owing_acknowledgment(version: PolicyVersion) -> Q:
    """`owes_acknowledgment` as a filter on people."""
    signed = Acknowledgment.objects.filter(user=OuterRef("pk"), policy_version=version)
    return Q(district_id=version.district_id, is_active=True) & ~Q(Exists(signed))


def may_see_acknowledgments(user: User) -> bool:
    """Who reads (and downloads) the district's completion of the acknowledgments: its administrators."""
    return user.is_district_admin
