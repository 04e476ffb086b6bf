"""The only code that reads requests for a user. What they may not see does not exist for them (404)."""

from django.db.models import QuerySet
from django.http import Http404

from audits.models import AuditEvent
from policyportal.models import User
from requests import rules
from requests.models import Decision, RequestAttestation, SocialMediaRequest

_LIST_RELATED = ("requester", "school", "current_decider")


def requests_visible_to(user: User) -> QuerySet[SocialMediaRequest]:
    return SocialMediaRequest.objects.filter(rules.visible_requests(user))


def request_get_for_user(user: User, pk: int) -> SocialMediaRequest:
    found = requests_visible_to(user).select_related(*_LIST_RELATED, "site").filter(pk=pk).first()
    if found is None:
        raise Http404("No such request.")
    found.district = user.member_district  # loaded with the user; joining it again cost more to plan than to run
    return found


def requests_of(user: User) -> QuerySet[SocialMediaRequest]:
    return SocialMediaRequest.objects.filter(requester=user).select_related(*_LIST_RELATED)


def requests_waiting_for(user: User) -> QuerySet[SocialMediaRequest]:
    """Oldest first: the one that has waited longest is the one to decide next."""
    return (
        SocialMediaRequest.objects.filter(rules.deciding(user), district_id=user.member_district_id)
        .select_related(*_LIST_RELATED)
        .order_by("submitted_at", "pk")
    )


def requests_without_decider(user: User) -> QuerySet[SocialMediaRequest]:
    """Waiting requests nobody can decide (no decider, or one who has left): the administrators assign them."""
    if not rules.oversees_requests(user):
        return SocialMediaRequest.objects.none()
    return (
        SocialMediaRequest.objects.filter(rules.deciders_gone(), district_id=user.member_district_id)
        .select_related(*_LIST_RELATED)
        .order_by("submitted_at", "pk")
    )


def district_requests(user: User, *, status="", school=None, platform="", start=None, end=None):
    """All submitted requests of an administrator's district, filtered (submitted from `start` to `end`)."""
    if not rules.oversees_requests(user):
        return SocialMediaRequest.objects.none()
    found = requests_visible_to(user).filter(submitted_at__isnull=False).select_related(*_LIST_RELATED)
    if status:
        found = found.filter(status=status)
    if school is not None:
        found = found.filter(school=school)
    if platform:
        found = found.filter(platform=platform)
    if start:
        found = found.filter(submitted_at__date__gte=start)
    if end:
        found = found.filter(submitted_at__date__lte=end)
    return found.order_by("-submitted_at", "-pk")


def request_decisions(request: SocialMediaRequest) -> QuerySet[Decision]:
    return request.decisions.select_related("decider")


def request_attestations(request: SocialMediaRequest) -> QuerySet[RequestAttestation]:
    return request.attestations.select_related("item").order_by("item__position")


def request_history(request: SocialMediaRequest) -> QuerySet[AuditEvent]:
    """The request's full history, from the audit trail itself."""
    return AuditEvent.objects.filter(
        district_id=request.district_id, target_type="socialmediarequest", target_id=str(request.pk)
    ).order_by("sequence")
