import hashlib

from django.db import models, transaction
from django.utils import timezone

from audits import chain, context
from audits.models import AuditEvent


def text_digest(text: str) -> str:
    """What the trail keeps of a text a person wrote (a reason, a note, a description): the SHA-256 of the text as
    stored, so the trail proves what was written without holding what a disposal must remove."""
    return hashlib.sha256(text.encode()).hexdigest()


def trail_label(target: models.Model | None) -> str:
    """What an event calls its target: the target's `trail_label` when its model has one (a site, a request, a
    finding: records whose own name is text someone typed, which the trail must not copy), else `str(target)`
    (a person, a school, a policy version: the directory and the district's configuration). The trail's pages
    show a record's current name instead (`audits.live_labels`) for as long as the record keeps one."""
    if target is None:
        return ""
    label = getattr(target, "trail_label", None)
    return str(target) if label is None else label


def record(
    *,
    action: str,
    actor=None,
    district=None,
    target: models.Model | None = None,
    target_label: str | None = None,
    payload: dict | None = None,
) -> AuditEvent:
    """Write one audit event in the caller's transaction (or its own, if the caller has none).

    `district` defaults to the actor's; an event with neither belongs to the installation's chain.
    """
    district_id = district.pk if district is not None else getattr(actor, "district_id", None)
    with transaction.atomic():
        return chain.append(
            AuditEvent,
            district_id=district_id,
            occurred_at=timezone.now(),
            actor_id=actor.pk if actor is not None else None,
            actor_name=actor.display_name[:200] if actor is not None else "",
            action=action,
            target_type=target._meta.model_name if target is not None else "",
            target_id=str(target.pk) if target is not None else "",
            target_label=(target_label if target_label is not None else trail_label(target))[:300],
            payload=payload,
            client_ip=context.client_ip.get(),
        )


def record_system_events(*, district_id: int | None, events: list[dict]) -> list[AuditEvent]:
    """Events the portal itself caused (reminders, escalations), written in one batch. Each dict holds
    `action`, `target_type`, `target_id`, `target_label` and `payload`."""
    with transaction.atomic():
        return chain.append_many(
            AuditEvent,
            district_id=district_id,
            occurred_at=timezone.now(),
            events=[
                {
                    "actor_id": None,
                    "actor_name": "",
                    "client_ip": None,
                    **event,
                    "target_label": event["target_label"][:300],
                }
                for event in events
            ],
        )
