"""Who decides a request, who may act on it, and when a decision is due, escalated and overdue: each rule once.

A rule has its Python form, for the request in hand, and where lists, reports and sweeps filter by it, its
`Q` form beside it. Services, selectors, the reminder sweep, reports and views ask these; a test holds each
pair to the same rows.

A decision falls due the district's decision deadline after its step reached its decider (a reassignment
starts the step again), and is overdue from that moment: the decider is reminded then, and the Overdue report
lists it. Once the escalation grace has passed as well, the district's administrators are told. A step with
nobody to decide it, or whose decider has left, is the administrators' to reassign from its deadline on.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet

from policyportal.models import ApprovalChain, District, Role, User
from policyportal.rules import NOTHING, per_district
from requests.models import EDITABLE, WITHDRAWABLE, Decision, SocialMediaRequest, Status

# Who decides each step: the requester's supervisor, then (in two-step districts) the district office (WH-D1).


def steps_for(district: District) -> int:
    return 2 if district.approval_chain == ApprovalChain.SUPERVISOR_THEN_DISTRICT else 1


def eligible_deciders(*, district: District, requester: User) -> QuerySet[User]:
    """Anyone a district administrator may assign a step to: supervisors and administrators, never the requester."""
    return (
        User.objects.filter(district=district, is_active=True, role__in=Role.supervising())
        .exclude(pk=requester.pk)
        .order_by("last_name", "first_name")
    )


def earlier_deciders(request: SocialMediaRequest) -> QuerySet[User]:
    """Who decided a step of this submission: each step needs another person."""
    return User.objects.filter(
        decisions_made__request=request, decisions_made__decided_at__gte=request.submitted_at
    ).distinct()


def step_deciders(request: SocialMediaRequest) -> QuerySet[User]:
    """Whom the waiting step may be handed to: an eligible decider who neither decides it now nor decided an
    earlier step of this submission. The reassign form offers exactly these."""
    eligible = eligible_deciders(district=request.district, requester=request.requester)
    return eligible.exclude(pk=request.current_decider_id or 0).exclude(pk__in=earlier_deciders(request).values("pk"))


def decider_for(*, step: int, requester: User, previous_decider: User | None = None) -> User | None:
    """The default decider of a step, or None when nobody fits (an administrator then assigns one)."""
    if step == 1:
        supervisor = requester.supervisor
        if supervisor and supervisor.acts_as_supervisor_of(requester):
            return supervisor
        return None
    administrators = eligible_deciders(district=requester.member_district, requester=requester).filter(
        role=Role.DISTRICT_ADMIN
    )
    if previous_decider is not None:
        administrators = administrators.exclude(pk=previous_decider.pk)
    return administrators.order_by("pk").first()


def is_final_step(request: SocialMediaRequest, by: User) -> bool:
    """The last step of the district's chain; an administrator's approval is the district office's, so final."""
    return request.current_step == request.steps_total or by.is_district_admin


def administrators_for(request: SocialMediaRequest, administrator_ids: Iterable[int]) -> list[int]:
    """The district's administrators but the requester: nobody decides or reassigns their own request."""
    return [pk for pk in administrator_ids if pk != request.requester_id]


# Who sees a request


def decides_requests(user: User) -> bool:
    """Supervisors and administrators are the ones a step can wait for."""
    return user.can_supervise


def oversees_requests(user: User) -> bool:
    """The district's administrators see every request of the district, assign deciders and reassign steps."""
    return user.is_district_admin


def visible_requests(user: User) -> Q:
    """Own requests in any state; others' once submitted: the supervisor's people's, the district's for an
    administrator, and any the user was asked to decide."""
    if oversees_requests(user):
        seen = Q()
    else:
        seen = Q(current_decider=user) | Q(Exists(Decision.objects.filter(request=OuterRef("pk"), decider=user)))
        if user.role == Role.SUPERVISOR:
            seen |= Q(requester__supervisor=user)
    return Q(district_id=user.district_id) & (Q(requester=user) | (seen & Q(submitted_at__isnull=False)))


def answered_for_by(user: User) -> Q:
    """The submitted requests a user answers for in reports: the district's for an administrator, their
    people's for a supervisor."""
    if user.is_district_admin:
        return Q(district_id=user.district_id, submitted_at__isnull=False)
    if user.role != Role.SUPERVISOR:
        return NOTHING
    return Q(district_id=user.district_id, submitted_at__isnull=False, requester__supervisor=user)


# Acting on a request


def may_edit(request: SocialMediaRequest, user: User) -> bool:
    """The requester, while it is a draft or returned for changes."""
    return request.requester_id == user.pk and request.status in EDITABLE


def editable_by(user: User) -> Q:
    return Q(requester=user, status__in=EDITABLE)


def may_withdraw(request: SocialMediaRequest, user: User) -> bool:
    """The requester, until it is decided."""
    return request.requester_id == user.pk and request.status in WITHDRAWABLE


def may_withdraw_for_leaver(request: SocialMediaRequest, user: User | None) -> bool:
    """A request its requester left undecided when their account was closed is withdrawn by an administrator
    of the district (or the portal itself as it closes the account, `user=None`): nobody decides, and no
    site opens for, someone who has left."""
    if request.status not in WITHDRAWABLE or request.requester.is_active:
        return False
    return user is None or (oversees_requests(user) and user.district_id == request.district_id)


def may_decide(request: SocialMediaRequest, user: User) -> bool:
    """The current step's decider while in a supervising role, never the requester (also a database
    constraint)."""
    waiting = request.status == Status.PENDING and request.current_decider_id == user.pk
    return waiting and user.can_supervise and request.requester_id != user.pk


def deciding(user: User) -> Q:
    if not user.can_supervise:
        return NOTHING
    return Q(status=Status.PENDING, current_decider=user) & ~Q(requester=user)


def may_reassign(request: SocialMediaRequest, user: User | None) -> bool:
    """A district administrator hands a waiting step to someone else, never on their own request. The portal
    itself (`user=None`, closing the decider's account) only a step its decider can no longer decide."""
    if user is None:
        return request.status == Status.PENDING and not decider_answers(request)
    administers = oversees_requests(user) and user.district_id == request.district_id
    return administers and request.status == Status.PENDING and request.requester_id != user.pk


# When a decision is due and overdue


def decision_due_at(request: SocialMediaRequest) -> datetime | None:
    if request.status != Status.PENDING or request.step_started_at is None:
        return None
    return request.step_started_at + timedelta(days=request.district.decision_deadline_days)


def is_decision_overdue(request: SocialMediaRequest, now: datetime) -> bool:
    due = decision_due_at(request)
    return due is not None and now >= due


def decisions_overdue(districts: Iterable[District], now: datetime) -> Q:
    def started_before(district: District) -> Q:
        return Q(step_started_at__lte=now - timedelta(days=district.decision_deadline_days))

    return Q(status=Status.PENDING) & per_district(districts, started_before)


def decider_answers(request: SocialMediaRequest) -> bool:
    """Whether the step has a decider who can still decide it (an open account in a supervising role); if
    not, the administrators assign or reassign it."""
    decider = request.current_decider
    return decider is not None and decider.is_active and decider.can_supervise


def deciders_gone() -> Q:
    """Waiting requests whose step nobody can decide: `decider_answers` failing, as a filter."""
    gone = Q(current_decider__is_active=False) | ~Q(current_decider__role__in=Role.supervising())
    return Q(status=Status.PENDING) & (Q(current_decider__isnull=True) | gone)


# Open work: a filed request someone still owes an answer on, which the records office keeps however old


OPEN = (Status.PENDING, Status.RETURNED)


def is_open(request: SocialMediaRequest) -> bool:
    """Waiting for its decider (pending), or back with its requester for changes (returned). A draft was never
    filed, and a decided or withdrawn request is settled."""
    return request.status in OPEN


def open_requests() -> Q:
    """`is_open`, for the records office's sweeps."""
    return Q(status__in=OPEN)


def has_written_permission(request: SocialMediaRequest) -> bool:
    """The last approval is the written permission (R14-D2), printable from the request."""
    return request.status == Status.APPROVED
