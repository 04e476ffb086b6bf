"""Who decides each step: the requester's supervisor, then (in two-step districts) the district office."""

from policyportal.models import ApprovalChain, District, Role, User


def steps_for(district: District) -> int:
    return 2 if district.approval_chain == ApprovalChain.SUPERVISOR_THEN_DISTRICT else 1


def eligible_deciders(*, district: District, requester: User):
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
    return (
        eligible_deciders(district=requester.district, requester=requester)
        .filter(role=Role.DISTRICT_ADMIN)
        .exclude(pk=getattr(previous_decider, "pk", None))
        .order_by("pk")
        .first()
    )
