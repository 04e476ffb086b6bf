"""The only code that changes social media requests. Each function is one state change with one audit event.

Each locks the request's row, so of two simultaneous actions exactly one wins, and checks the version
the user saw (`expected_version`): every state change bumps it, so a stale or replayed form is refused
with a message and changes nothing.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from audits.recorder import record, text_digest
from policyportal.models import ChecklistItem, User
from policyportal.rules import administers
from policyportal.services.submissions import OUT_OF_DATE, USED, AlreadySent, Stale
from requests import completeness, notices, rules, snapshots
from requests.models import (
    FORM_FIELDS,
    WITHDRAWABLE,
    Decision,
    Outcome,
    RequestAttestation,
    SocialMediaRequest,
    Status,
)
from sites.services import site_create_for_request

STALE = "This request changed since you opened it. Nothing was saved: reload the page to see it as it is now."


def _lock(request: SocialMediaRequest, expected_version: int) -> SocialMediaRequest:
    """The row, locked for this transaction, if it is still the version the user saw, with its requester (every
    notice names them) and the district the caller already holds."""
    locked = (
        SocialMediaRequest.objects.select_for_update(of=("self",))
        .select_related("requester")
        .filter(pk=request.pk)
        .first()
    )
    if locked is None or locked.version != expected_version:
        raise Stale(STALE)
    if SocialMediaRequest.district.is_cached(request) and request.district_id == locked.district_id:
        locked.district = request.district
    return locked


def _apply(request: SocialMediaRequest, fields: dict, attested: list[ChecklistItem]) -> list[str]:
    """Copy the form's fields onto the request; returns the names of the fields that changed."""
    school = fields.get("school")
    if school is not None and school.district_id != request.district_id:
        raise ValidationError({"school": "Choose a school of your district."})
    changed = [name for name in FORM_FIELDS if getattr(request, name) != fields.get(name, getattr(request, name))]
    for name in FORM_FIELDS:
        if name in fields:
            setattr(request, name, fields[name])
    allowed = {item.pk for item in completeness.attestation_items(request)}
    request.save()
    request.attestations.exclude(item_id__in=[item.pk for item in attested]).delete()
    RequestAttestation.objects.bulk_create(
        [RequestAttestation(request=request, item=item) for item in attested if item.pk in allowed],
        ignore_conflicts=True,
    )
    return changed


def _sent_before(token, by: User) -> None:
    """A new request's form sent before is answered with the request it created (`AlreadySent`); another
    person's token is refused without showing anything of theirs."""
    earlier = SocialMediaRequest.objects.filter(form_token=token).values_list("pk", "requester_id").first()
    if earlier is None:
        return
    pk, requester_id = earlier
    if requester_id != by.pk:
        raise ValidationError(USED)
    raise AlreadySent(pk)


def _save(
    *, by: User, fields: dict, attested: list[ChecklistItem], request: SocialMediaRequest | None, expected_version
) -> tuple[SocialMediaRequest, list[str]]:
    if request is None:
        token = fields.pop("form_token", None)
        if token is None:
            raise ValidationError(OUT_OF_DATE)
        _sent_before(token, by)
        request = SocialMediaRequest(district=by.district, requester=by, form_token=token)
        try:
            with transaction.atomic():
                _apply(request, fields, attested)
        except IntegrityError:  # the same form, sent at the same moment by a transaction that has now committed
            _sent_before(token, by)
            raise
        return request, []
    request = _lock(request, expected_version)
    if not rules.may_edit(request, by):
        if request.requester_id != by.pk:
            raise PermissionDenied("Only the requester can change a request.")
        raise ValidationError(f"A request that is {request.get_status_display().lower()} cannot be changed.")
    request.version += 1
    return request, _apply(request, fields, attested)


@transaction.atomic
def request_save_draft(
    *,
    by: User,
    fields: dict,
    attested: list[ChecklistItem],
    request: SocialMediaRequest | None = None,
    expected_version: int | None = None,
) -> SocialMediaRequest:
    """Create a draft, or save changes to the requester's draft or returned request. Nothing is checked for
    completeness: a draft can be saved at any time."""
    created = request is None
    request, changed = _save(
        by=by, fields=fields, attested=attested, request=request, expected_version=expected_version
    )
    if created:
        record(action="request.created", actor=by, target=request)
    else:
        record(action="request.edited", actor=by, target=request, payload={"changed": changed})
    return request


@transaction.atomic
def request_submit(
    *,
    by: User,
    fields: dict,
    attested: list[ChecklistItem],
    request: SocialMediaRequest | None = None,
    expected_version: int | None = None,
) -> SocialMediaRequest:
    """Save the form and send it to the first step's decider. If anything is missing, the whole call is
    refused and nothing changes: not even the draft."""
    resubmission = request is not None and request.status == Status.RETURNED
    request, _ = _save(by=by, fields=fields, attested=attested, request=request, expected_version=expected_version)
    missing = completeness.missing_for_submission(request)
    if missing:
        raise ValidationError(missing)
    decider = rules.decider_for(step=1, requester=by)
    request.snapshot = snapshots.build(request)
    request.snapshot_hash = snapshots.digest(request.snapshot)
    request.status, request.current_step, request.current_decider = Status.PENDING, 1, decider
    request.steps_total = rules.steps_for(request.district)
    request.submitted_at = request.step_started_at = timezone.now()
    request.save()
    record(
        action="request.resubmitted" if resubmission else "request.submitted",
        actor=by,
        target=request,
        payload={"step": 1, "decider": decider and decider.pk, "snapshot_hash": request.snapshot_hash},
    )
    notices.tell_decider(request)
    return request


@transaction.atomic
def request_decide(
    *,
    request: SocialMediaRequest,
    by: User,
    outcome: str,
    reason: str,
    expected_version: int,
    snapshot_hash: str,
) -> Decision:
    """Record the current step's decision. Deny and return need a written reason; the last approval is the
    written permission and opens the site record."""
    request = _lock(request, expected_version)
    if not rules.may_decide(request, by):
        if request.status != Status.PENDING:
            status = request.get_status_display().lower()
            raise ValidationError(f"This request is {status}: there is nothing to decide.")
        if request.requester_id == by.pk:
            raise PermissionDenied("Nobody decides their own request.")
        raise PermissionDenied("Only the decider of the current step can decide.")
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": "Choose approve, return for changes, or deny."})
    reason = reason.strip()
    if outcome != Outcome.APPROVED and not reason:
        raise ValidationError({"reason": "Write the reason: the requester needs it to act on your decision."})
    if snapshot_hash != request.snapshot_hash:
        raise Stale(STALE)
    now = timezone.now()
    decision = Decision.objects.create(
        request=request,
        requester_id=request.requester_id,
        step=request.current_step,
        decider=by,
        outcome=outcome,
        reason=reason,
        snapshot_hash=request.snapshot_hash,
        decided_at=now,
    )
    final = rules.is_final_step(request, by)
    action = f"request.{outcome}"
    if outcome == Outcome.APPROVED and not final:
        request.current_step += 1
        request.step_started_at = now
        request.current_decider = rules.decider_for(
            step=request.current_step, requester=request.requester, previous_decider=by
        )
        action = "request.step_approved"
    elif outcome == Outcome.RETURNED:
        request.status, request.current_step, request.current_decider = Status.RETURNED, 0, None
    else:
        request.status, request.current_step, request.current_decider = Status(outcome), 0, None
        request.decided_at = now
    request.version += 1
    request.save()
    written = {"reason_sha256": text_digest(reason)} if reason else {}  # an approval's reason is optional
    record(
        action=action,
        actor=by,
        target=request,
        payload={"step": decision.step, **written, "snapshot_hash": request.snapshot_hash},
    )
    if action == "request.step_approved":
        notices.tell_decider(request)
        notices.tell_requester(request, decision)
    else:
        notices.tell_requester(request, decision)
    if request.status == Status.APPROVED:
        site_create_for_request(request=request, by=by)
    return decision


@transaction.atomic
def request_withdraw(*, request: SocialMediaRequest, by: User | None, expected_version: int) -> SocialMediaRequest:
    """The requester withdraws their request until it is decided; once their account is closed, an
    administrator (or the portal itself, `by=None`, as it closes it) withdraws what they left open."""
    request = _lock(request, expected_version)
    allowed = rules.may_withdraw_for_leaver(request, by) or (by is not None and rules.may_withdraw(request, by))
    if not allowed:
        if request.requester.is_active and (by is None or request.requester_id != by.pk):
            raise PermissionDenied("Only the requester can withdraw a request.")
        if request.status not in WITHDRAWABLE:
            status = request.get_status_display().lower()
            raise ValidationError(f"A request that is {status} cannot be withdrawn.")
        raise PermissionDenied("Only the requester can withdraw a request (an administrator, once they have left).")
    waiting_on = request.current_decider
    request.status, request.current_step, request.current_decider = Status.WITHDRAWN, 0, None
    request.version += 1
    request.save()
    record(action="request.withdrawn", actor=by, district=request.district, target=request)
    if waiting_on is not None:
        notices.tell_withdrawn(request, waiting_on)
    return request


@transaction.atomic
def request_reassign(
    *, request: SocialMediaRequest, by: User | None, to: User, reason: str, expected_version: int
) -> SocialMediaRequest:
    """A district administrator hands the current step to another supervisor (the usual one is away, or has
    left: `by=None` is the portal itself, closing the decider's account)."""
    request = _lock(request, expected_version)
    if not rules.may_reassign(request, by):
        if by is not None and not administers(by, district_id=request.district_id):
            raise PermissionDenied("Only a district administrator can reassign a decision.")
        if by is not None and by.pk == request.requester_id:
            raise PermissionDenied("Nobody chooses who decides their own request.")
        if request.status != Status.PENDING:
            raise ValidationError("Only a request waiting for a decision can be reassigned.")
        raise PermissionDenied("The portal itself reassigns only a step whose decider can no longer decide it.")
    if not rules.eligible_deciders(district=request.district, requester=request.requester).filter(pk=to.pk):
        raise ValidationError({"to": "Choose a supervisor or administrator of the district other than the requester."})
    if to.pk == request.current_decider_id:
        raise ValidationError({"to": f"{to.display_name} already decides this step."})
    if rules.earlier_deciders(request).filter(pk=to.pk).exists():
        raise ValidationError({"to": f"{to.display_name} decided an earlier step: each step needs another person."})
    if not reason.strip():
        raise ValidationError({"reason": "Say why the step is reassigned."})
    previous = request.current_decider
    # The new decider gets the district's full decision deadline, and their own reminders and escalation.
    request.current_decider, request.version, request.step_started_at = to, request.version + 1, timezone.now()
    request.save()
    record(
        action="request.reassigned",
        actor=by,
        district=request.district,
        target=request,
        payload={
            "step": request.current_step,
            "from": previous and previous.pk,
            "to": to.pk,
            "reason_sha256": text_digest(reason.strip()),
        },
    )
    notices.tell_decider(request)
    return request
