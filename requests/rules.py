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

from django.db.models import Q, QuerySet

from policyportal.models import ApprovalChain, District, Role, User
from requests.models import EDITABLE, WITHDRAWABLE, SocialMediaRequest, Status

NOTHING = Q(pk__in=[])

# Who decides each step: the requester's supervisor, then (in two-step districts) the district office (WH-D1).


def steps_for(district: District) -> int:
    return 2 if district.approval_chain == ApprovalChain.SUPERVISOR_THEN_DISTRICT else 1


def eligible_deciders(*, district: District, requester: User) -> QuerySet[User]:
    """Anyone a district administrator may assign a step to: supervisors and administrators, never the requester."""
    return (
        User.objects.filter(district=district, is_active=True, role__in=[Role.SUPERVISOR, Role.DISTRICT_ADMIN])
        .exclude(pk=requester.pk)
        .order_by("last_name", "first_name")
    )


def decider_for(*, step: int, requester: User, previous_decider: User | None = None) -> User | None:
    """The default decider of a step, or None when nobody fits (an administrator then assigns one)."""
    if step == 1:
        supervisor = requester.supervisor
        if supervisor and supervisor.acts_as_supervisor_of(requester):
            return supervisor
        return None
    administrators = eligible_deciders(district=requester.district, requester=requester).filter(
        role=Role.DISTRICT_ADMIN
    )
    if previous_decider is not None:
        administrators = administrators.exclude(pk=previous_decider.pk)
    return administrators.order_by("pk").first()


# Acting on a request


def may_edit(request: SocialMediaRequest, user: User) -> bool:
    """The requester, while it is a draft or returned for changes."""
    return request.requester_id == user.pk and request.status in EDITABLE


def may_withdraw(request: SocialMediaRequest, user: User) -> bool:
    """The requester, until it is decided."""
    return request.requester_id == user.pk and request.status in WITHDRAWABLE


def may_decide(request: SocialMediaRequest, user: User) -> bool:
    """The current step's decider, never the requester (also a database constraint)."""
    waiting = request.status == Status.PENDING and request.current_decider_id == user.pk
    return waiting and request.requester_id != user.pk


def deciding(user: User) -> Q:
    return Q(status=Status.PENDING, current_decider=user) & ~Q(requester=user)


def may_reassign(request: SocialMediaRequest, user: User) -> bool:
    """A district administrator hands a waiting step to someone else, never on their own request."""
    administers = user.is_district_admin and user.district_id == request.district_id
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
    overdue = NOTHING
    for district in districts:
        started_before = now - timedelta(days=district.decision_deadline_days)
        overdue |= Q(district_id=district.pk, step_started_at__lte=started_before)
    return Q(status=Status.PENDING) & overdue


def decider_answers(request: SocialMediaRequest) -> bool:
    """Whether the step has a decider who can still decide it; if not, the administrators reassign it."""
    decider = request.current_decider
    return decider is not None and decider.is_active


def deciders_gone() -> Q:
    return Q(current_decider__isnull=True) | Q(current_decider__is_active=False)
