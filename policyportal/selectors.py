"""The only code that reads districts, people and notifications for a user: scoped to what they may see."""

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from policyportal import rules
from policyportal.models import AppliesTo, ChecklistItem, Notification, PolicyVersion, Role, School, User


def people_visible_to(user: User, *, school: School | None = None, name: str = "") -> QuerySet[User]:
    """Administrators see everyone of their district; supervisors the people they supervise."""
    people = User.objects.filter(rules.visible_people(user), is_active=True).select_related("school", "supervisor")
    if school is not None:
        people = people.filter(school=school)
    if name:
        people = people.filter(Q(first_name__icontains=name) | Q(last_name__icontains=name))
    return people


def active_administrators(district_id: int) -> QuerySet[User]:
    """The district's administrators whose accounts are open: who stands in when nobody else can act."""
    return User.objects.filter(district_id=district_id, role=Role.DISTRICT_ADMIN, is_active=True)


def schools_visible_to(user: User) -> QuerySet[School]:
    return School.objects.filter(district_id=user.member_district_id)


def notifications_for(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user)


UNREAD_COUNTED = 99


def unread_notification_count(user: User) -> int:
    """Counted up to one more than the badge shows ("99+"): every page asks, and after an escalation an
    administrator may have thousands unread."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).order_by()[: UNREAD_COUNTED + 1].count()


def notification_get_for_user(user: User, pk: int) -> Notification:
    notification = notifications_for(user).filter(pk=pk).first()
    if notification is None:
        raise Http404("No such notification.")
    return notification


def current_policy(district_id: int) -> PolicyVersion | None:
    items = ChecklistItem.objects.order_by("applies_to", "position")
    return (
        PolicyVersion.objects.filter(district_id=district_id)
        .select_related("district")
        .prefetch_related(Prefetch("items", queryset=items))
        .order_by("-number")
        .first()
    )


def policy_sections(version: PolicyVersion) -> list[tuple[str, list[ChecklistItem]]]:
    """The version's items grouped by where they apply, in the order a reader expects."""
    order = [AppliesTo.REQUEST_ATTESTATION, AppliesTo.SITE_REVIEW, AppliesTo.ACKNOWLEDGMENT]
    items = list(version.items.all())
    return [(label.label, [i for i in items if i.applies_to == label]) for label in order]


def current_items(district_id: int, applies_to: str) -> list[ChecklistItem]:
    """The items of the district's current policy version that apply to `applies_to`, in order."""
    policy = current_policy(district_id)
    return [item for item in policy.items.all() if item.applies_to == applies_to] if policy else []
