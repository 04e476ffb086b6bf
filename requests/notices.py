"""Who is told what when a request moves: in-app, and by email after the transaction commits."""

from django.urls import reverse

from policyportal.models import User
from policyportal.notifications import notify
from policyportal.selectors import active_administrators
from requests.models import Decision, SocialMediaRequest


def request_link(request: SocialMediaRequest) -> str:
    return reverse("requests:detail", args=[request.pk])


def tell_decider(request: SocialMediaRequest) -> None:
    if request.current_decider is not None:
        notify(
            recipient=request.current_decider,
            kind="request.waiting",
            title=f"A social media request waits for your decision: {request.site_name}",
            body=f"{request.requester.display_name} asks for a {request.platform_label} site. "
            f"Step {request.current_step} of {request.steps_total}.",
            link=request_link(request),
            email=True,
        )
        return
    for admin in active_administrators(request.district_id):
        if admin.pk != request.requester_id:
            notify(
                recipient=admin,
                kind="request.needs_decider",
                title=f"A request has nobody to decide it: {request.site_name}",
                body=f"{request.requester.display_name} has no supervisor in the portal. Assign a decider.",
                link=request_link(request),
                email=True,
            )


def tell_requester(request: SocialMediaRequest, decision: Decision) -> None:
    verdict = {"approved": "was approved", "returned": "was returned for changes", "denied": "was denied"}
    if request.status == "pending":
        verdict["approved"] = f"passed step {decision.step} and goes on to step {request.current_step}"
    notify(
        recipient=request.requester,
        kind=f"request.{decision.outcome}",
        title=f"Your request {verdict[decision.outcome]}: {request.site_name}",
        body=f"{decision.decider.display_name}: {decision.reason}" if decision.reason else "",
        link=request_link(request),
        email=True,
    )


def tell_withdrawn(request: SocialMediaRequest, decider: User) -> None:
    notify(
        recipient=decider,
        kind="request.withdrawn",
        title=f"{request.requester.display_name} withdrew the request {request.site_name}",
        body="Nothing waits for your decision on it any more.",
        link=request_link(request),
    )
