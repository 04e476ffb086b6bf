"""A leaver's open work on requests, handed on as their account closes (`policyportal.handover`): requests
waiting for their decision (reassigned by `request_reassign` to someone `requests.rules` lets decide them),
and their own requests not yet decided (withdrawn: nobody decides, and no site opens for, someone who left)."""

from collections import defaultdict

from django.urls import reverse

from policyportal.handover import Item, Leaver, item, register_open_work
from policyportal.models import User
from requests import rules, services
from requests.models import WITHDRAWABLE, Decision, SocialMediaRequest, Status

WITHDRAW = "withdraw"


def _link(pk: int) -> str:
    return reverse("requests:detail", args=[pk])


def deciding(leaver: Leaver) -> list[Item]:
    person = leaver.person
    waiting = list(
        SocialMediaRequest.objects.filter(status=Status.PENDING, current_decider=person)
        .select_related("requester")
        .order_by("submitted_at", "pk")
    )
    if not waiting:
        return []
    # `eligible_deciders` leaves out the requester it is given: asked once with the leaver, it leaves them out,
    # and each request's own requester is left out below.
    deciders = list(rules.eligible_deciders(district=person.member_district, requester=person))
    # Each step needs another person: whoever decided an earlier step of this submission is left out too.
    submitted = {request.pk: request.submitted_at for request in waiting}
    decided: dict[int, set[int]] = defaultdict(set)
    earlier = Decision.objects.filter(request__in=waiting).values_list("request_id", "decider_id", "decided_at")
    for request_id, decider_id, decided_at in earlier:
        if decided_at >= submitted[request_id]:
            decided[request_id].add(decider_id)
    items = []
    for request in waiting:
        excluded = decided[request.pk] | {request.requester_id}
        allowed = [decider for decider in deciders if decider.pk not in excluded]
        note = f"Waiting since {request.step_started_at:%B %-d}, step {request.current_step} of {request.steps_total}."
        if leaver.by is not None and leaver.by.pk == request.requester_id:
            # Nobody chooses who decides their own request: another administrator reassigns it.
            allowed, note = [], "You filed it, so another administrator reassigns it. " + note

        def decides(candidate: User, allowed: list[User] = allowed) -> bool:
            return candidate in allowed

        items.append(
            item(
                kind="requests.deciding",
                pk=request.pk,
                label=f"{request.site_name or request} from {request.requester.display_name}",
                link=_link(request.pk),
                people=allowed,
                default=leaver.default(decides),
                note=note,
            )
        )
    return items


def hand_on_deciding(pk: int, to: User | str, *, person: User, by: User | None) -> None:
    if not isinstance(to, User):
        raise ValueError(to)
    request = SocialMediaRequest.objects.get(pk=pk, current_decider=person, status=Status.PENDING)
    reason = f"{person.display_name} has left the portal."
    services.request_reassign(request=request, by=by, to=to, reason=reason, expected_version=request.version)


def own(leaver: Leaver) -> list[Item]:
    requests = SocialMediaRequest.objects.filter(requester=leaver.person, status__in=WITHDRAWABLE)
    return [
        item(
            kind="requests.own",
            pk=request.pk,
            label=f"{request} ({request.get_status_display().lower()})",
            link=_link(request.pk),
            people=[],
            default=None,
            actions=[(WITHDRAW, "Withdraw it")],
            default_action=WITHDRAW,
        )
        for request in requests.order_by("created_at", "pk")
    ]


def hand_on_own(pk: int, to: User | str, *, person: User, by: User | None) -> None:
    if to != WITHDRAW:
        raise ValueError(to)
    request = SocialMediaRequest.objects.get(pk=pk, requester=person)
    services.request_withdraw(request=request, by=by, expected_version=request.version)


def register() -> None:
    register_open_work(
        "requests.deciding",
        title="Requests waiting for their decision",
        explanation="The step waits for the person chosen here instead, with the district's full decision deadline.",
        lister=deciding,
        hander=hand_on_deciding,
        order=10,
        prompt="Who decides {} now",
    )
    register_open_work(
        "requests.own",
        title="Their own requests not yet decided",
        explanation="Withdrawn: nobody decides, and no site opens for, someone who has left.",
        lister=own,
        hander=hand_on_own,
        order=70,
        actions=[WITHDRAW],
        prompt="What happens to {}",
    )
