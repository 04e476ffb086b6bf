"""The requests app's kind of record, for the records office (`policyportal.records.registry`)."""

from collections.abc import Iterable

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from policyportal.records.registry import RecordKind, StartEvent, register_kind
from requests import rules
from requests.models import Decision, Outcome, RequestAttestation, SocialMediaRequest

# A refusal must keep a reason (decision_refusal_has_reason): once disposed, it keeps this one, which nobody wrote.
DISPOSED_REASON = "Disposed of under the district's retention schedule."


def _describe(request) -> str:
    return f"Request {request.pk} ({request.get_status_display().lower()})"


def dispose(requests: Iterable[SocialMediaRequest]) -> None:
    """Empties requests of what their requesters and deciders wrote: the form's texts, the snapshot the deciders
    read, the decisions' reasons and the setup promises. Who decided what, when, and on which hash, stays."""
    ids = [request.pk for request in requests]
    SocialMediaRequest._base_manager.filter(pk__in=ids).update(
        site_name="",
        site_url="",
        platform_other="",
        serves_name="",
        audience=[],
        description="",
        admission="",
        snapshot={},
        disposed_at=timezone.now(),
    )
    RequestAttestation.objects.filter(request_id__in=ids).delete()
    decisions = Decision.objects.filter(request_id__in=ids)
    decisions.filter(outcome=Outcome.APPROVED).update(reason="")
    decisions.exclude(outcome=Outcome.APPROVED).update(reason=DISPOSED_REASON)


def register() -> None:
    register_kind(
        RecordKind(
            key="requests",
            label="Requests and their decisions",
            model="requests.SocialMediaRequest",
            starts={
                "decided": StartEvent("the request is decided", "decided_at"),
                "filed": StartEvent("the request is filed", "created_at"),
            },
            made="created_at",
            site="site",
            # Who filed it, who must decide it now, and who decided each step.
            people=("requester", "current_decider", "decisions__decider"),
            describe=_describe,
            dispose=dispose,
            pages=lambda request: [reverse("requests:detail", args=[request.pk])],
            parts={"requests.Decision": "request", "requests.RequestAttestation": "request"},
            # An approved request is part of its site's file, and is kept as long as that is; an open one is
            # still at work.
            kept_while=Q(site__isnull=False) | rules.open_requests(),
        )
    )
