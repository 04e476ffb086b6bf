""" "Ask my supervisor" (R14-D7, R14-P5): a planned post sent for an answer before it goes out."""

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from audits.recorder import record
from policyportal.models import User
from policyportal.notifications import notify
from policyportal.services.submissions import Stale, submission_claim, submission_done
from sites.models import Site
from sites.personal import rules
from sites.personal.models import Consultation, ConsultationAnswer


@transaction.atomic
def consultation_ask(
    *,
    by: User,
    text: str,
    links: str,
    site: Site | None,
    findings: list[dict],
    question: str = "",
    form_token: uuid.UUID | None = None,
) -> Consultation:
    """Send a planned post to the asker's supervisor; the form's `form_token` sends it once however often the
    form is sent."""
    submission = submission_claim(token=form_token, by=by, form="consultation.ask")
    supervisor = by.supervisor
    if supervisor is None or not rules.may_ask(by):
        raise ValidationError("You have no supervisor in the portal to ask. Ask your district administrator.")
    if site is not None and not rules.may_post_on(site, by):
        if site.owner_id != by.pk:
            raise ValidationError({"site": "Choose one of your own sites, or a personal account."})
        raise ValidationError({"site": f"{site.name} is not active: nothing is posted there. Choose an active site."})
    if not text.strip():
        raise ValidationError({"text": "Paste the post you plan to publish."})
    consultation = Consultation.objects.create(
        district=by.member_district,
        employee=by,
        supervisor=supervisor,
        site=site,
        destination=site.name if site else "A personal account",
        text=text.strip(),
        links=links.strip(),
        findings=findings,
        question=question.strip(),
        asked_at=timezone.now(),
    )
    submission_done(submission, consultation)
    record(action="consultation.asked", actor=by, target=consultation, payload={"findings": len(findings)})
    notify(
        recipient=supervisor,
        kind="consultation.asked",
        title=f"{by.display_name} asks whether a post is fine to publish",
        body=consultation.question,
        link=reverse("sites:consultation", args=[consultation.pk]),
        email=True,
    )
    return consultation


@transaction.atomic
def consultation_answer(*, consultation: Consultation, by: User, answer: str, note: str) -> Consultation:
    consultation = (
        Consultation.objects.select_for_update(of=("self",)).select_related("supervisor").get(pk=consultation.pk)
    )
    if not rules.may_answer(consultation, by):
        raise PermissionDenied("Only the supervisor who was asked answers (an administrator, once they have left).")
    if consultation.answered_at is not None:  # from a tab opened before the other answer
        raise Stale("This question is already answered.")
    if answer not in ConsultationAnswer.values:
        raise ValidationError({"answer": "Choose fine to post, post with changes, or do not post."})
    if answer != ConsultationAnswer.FINE and not note.strip():
        raise ValidationError({"note": "Say which changes, or why not: the employee needs it to act."})
    consultation.answer, consultation.answer_note, consultation.answered_at = answer, note.strip(), timezone.now()
    consultation.answered_by = by
    consultation.save(update_fields=["answer", "answer_note", "answered_at", "answered_by"])
    record(action="consultation.answered", actor=by, target=consultation, payload={"answer": answer})
    notify(
        recipient=consultation.employee,
        kind="consultation.answered",
        title=f"{by.display_name} answered about your post: {consultation.get_answer_display().lower()}",
        body=consultation.answer_note,
        link=reverse("sites:consultation", args=[consultation.pk]),
        email=True,
    )
    return consultation


@transaction.atomic
def consultation_reassign(*, consultation: Consultation, by: User | None, to: User) -> Consultation:
    """Hand an unanswered question to another supervisor (the one asked has left, or is away): they answer it
    from now on, and are told at once."""
    consultation = (
        Consultation.objects.select_for_update(of=("self",))
        .select_related("supervisor", "employee", "district")
        .get(pk=consultation.pk)
    )
    if not rules.may_reassign_question(consultation, by):
        if consultation.answered_at is not None:
            raise ValidationError("This question is already answered.")
        raise PermissionDenied("Only a district administrator hands a question to another supervisor.")
    if not rules.may_be_asked(consultation, to):
        raise ValidationError({"to": "Choose an active supervisor or administrator of the district, not the asker."})
    if to.pk == consultation.supervisor_id:
        raise ValidationError({"to": f"{to.display_name} was asked already."})
    previous = consultation.supervisor_id
    consultation.supervisor = to
    consultation.save(update_fields=["supervisor"])
    record(
        action="consultation.reassigned",
        actor=by,
        district=consultation.district,
        target=consultation,
        payload={"from": previous, "to": to.pk},
    )
    notify(
        recipient=to,
        kind="consultation.asked",
        title=f"{consultation.employee.display_name} asks whether a post is fine to publish",
        body=consultation.question,
        link=reverse("sites:consultation", args=[consultation.pk]),
        email=True,
    )
    return consultation
