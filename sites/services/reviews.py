"""Checklist reviews of a site and the findings they open, tracked until the reviewer verifies the fix."""

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from audits.recorder import record, text_digest
from policyportal.models import AppliesTo, User
from policyportal.notifications import notify
from policyportal.selectors import active_administrators, current_policy
from policyportal.services.submissions import Stale, submission_claim, submission_done
from sites import uploads
from sites.models import (
    Answer,
    Evidence,
    Finding,
    FindingStatus,
    ReviewAnswer,
    ReviewOutcome,
    Site,
    SiteReview,
    SiteStatus,
)
from sites.rules import (
    finding_due_after,
    may_change_verifier,
    may_report_fixed,
    may_review,
    may_start_review,
    may_verify,
    review_due_after,
    verifiers_of,
)
from sites.services.summary import site_lock, summary_refresh


def _open_review(review: SiteReview, by: User) -> SiteReview:
    """The open review, locked, if `by` may review its site now (a new supervisor after a hand-over may
    take over a review; the owner never may). A suspended or retired site is never active again, so its
    open review takes no more answers, evidence or completion. A review completed or closed since the page was
    opened is `Stale`."""
    locked = (
        SiteReview.objects.select_for_update(of=("self",)).select_related("site__district").filter(pk=review.pk).first()
    )
    if locked is None or not locked.is_open:
        raise Stale("This review is already complete.")
    if not may_review(locked.site, by):
        raise PermissionDenied("Only the owner's supervisor or a district administrator reviews a site.")
    if not locked.takes_answers:
        status = locked.site.get_status_display().lower()
        raise Stale(f"The site is {status}: only an active site is reviewed, so this review is closed.")
    return locked


@transaction.atomic
def review_start(*, site: Site, by: User, form_token: uuid.UUID | None = None) -> SiteReview:
    """Start a review against the district's current checklist. The previous review is its baseline: the
    same items with their last answers shown for reference, and every answer reset. The form's `form_token`
    starts it once however often the form is sent."""
    site = site_lock(site.pk)
    submission = submission_claim(token=form_token, by=by, form="review.start")
    review_open = site.reviews.filter(completed_at__isnull=True).exists()
    if not may_start_review(site, by, review_open=review_open):
        if not may_review(site, by):
            raise PermissionDenied("Only the owner's supervisor or a district administrator reviews a site.")
        if site.status != SiteStatus.ACTIVE:
            raise ValidationError("Only an active site can be reviewed.")
        raise ValidationError("This site already has a review in progress: finish that one.")
    policy = current_policy(site.district_id)
    if policy is None:
        raise ValidationError("The district has not published its rules yet: there is no checklist to review against.")
    items = [item for item in policy.items.all() if item.applies_to == AppliesTo.SITE_REVIEW]
    review = SiteReview.objects.create(
        site=site, district_id=site.district_id, reviewer=by, policy_version=policy, started_at=timezone.now()
    )
    submission_done(submission, review)
    ReviewAnswer.objects.bulk_create(
        [
            ReviewAnswer(review=review, item=item, position=item.position, clause_id=item.clause_id, text=item.text)
            for item in items
        ]
    )
    record(action="review.started", actor=by, target=site, payload={"review": review.pk, "policy": policy.number})
    return review


def _apply_answers(review: SiteReview, answers: dict[int, dict]) -> list[ReviewAnswer]:
    """`answers` maps a ReviewAnswer id to its `answer`, `note`, `reason` and `evidence_link`."""
    rows = list(review.answers.all())
    for row in rows:
        given = answers.get(row.pk, {})
        for field in ("answer", "note", "reason", "evidence_link"):
            setattr(row, field, (given.get(field) or "").strip())
        if row.answer not in [*Answer.values, ""]:
            raise ValidationError(f"{row.clause_id}: choose pass, fail or not applicable.")
    ReviewAnswer.objects.bulk_update(rows, ["answer", "note", "reason", "evidence_link"])
    return rows


@transaction.atomic
def review_save(*, review: SiteReview, by: User, answers: dict[int, dict]) -> SiteReview:
    """Keep the answers so far; the review stays open."""
    review = _open_review(review, by)
    rows = _apply_answers(review, answers)
    answered = sum(1 for row in rows if row.answer)
    record(action="review.saved", actor=by, target=review.site, payload={"review": review.pk, "answered": answered})
    return review


def _problems(rows: list[ReviewAnswer]) -> list[str]:
    problems = []
    for row in rows:
        if not row.answer:
            problems.append(f"{row.clause_id}: answer pass, fail or not applicable.")
        elif row.answer == Answer.FAIL and not row.note:
            problems.append(f"{row.clause_id}: a fail needs a note saying what is wrong.")
        elif row.answer == Answer.NOT_APPLICABLE and not row.reason:
            problems.append(f"{row.clause_id}: not applicable needs a reason.")
    return problems


@transaction.atomic
def review_complete(*, review: SiteReview, by: User, answers: dict[int, dict]) -> SiteReview:
    """Complete the review: each failed item opens a finding for the owner; the next review is scheduled."""
    site_lock(review.site_id)
    review = _open_review(review, by)
    rows = _apply_answers(review, answers)
    problems = _problems(rows)
    if problems:
        raise ValidationError(problems)
    site, now = review.site, timezone.now()
    failed = [row for row in rows if row.answer == Answer.FAIL]
    review.completed_at = now
    review.outcome = ReviewOutcome.FINDINGS if failed else ReviewOutcome.PASSED
    review.save(update_fields=["completed_at", "outcome"])
    today = site.district.today()
    site.next_review_due = review_due_after(site.district, today)
    site.version += 1
    site.save(update_fields=["next_review_due", "version"])
    record(
        action="review.completed",
        actor=by,
        target=site,
        payload={"review": review.pk, "outcome": review.outcome, "failed": [row.clause_id for row in failed]},
    )
    due_on = finding_due_after(site.district, today)
    for row in failed:
        finding = Finding.objects.create(
            site=site,
            review=review,
            answer=row,
            clause_id=row.clause_id,
            text=row.text,
            note=row.note,
            assignee=site.owner,
            reviewer=by,
            due_on=due_on,
            opened_at=now,
        )
        record(action="finding.opened", actor=by, target=finding, payload={"clause": row.clause_id, "due": due_on})
        notify(
            recipient=site.owner,
            kind="finding.opened",
            title=f"Fix {row.clause_id} on {site.name} by {due_on:%B %-d}: {row.text}",
            body=row.note,
            link=finding.get_absolute_url(),
            email=True,
        )
    summary_refresh(Site.objects.filter(pk=site.pk))
    return review


@transaction.atomic
def evidence_attach(*, answer: ReviewAnswer, by: User, upload, form_token: uuid.UUID | None = None) -> Evidence:
    """Attach an image or PDF to an answer of an open review. The type is read from the file's contents; the
    form's `form_token` attaches it once however often the form is sent."""
    _open_review(answer.review, by)
    submission = submission_claim(token=form_token, by=by, form="review.evidence")
    content_type = uploads.checked_type(upload)
    size = uploads.real_size(upload)
    evidence = Evidence(answer=answer, content_type=content_type, size=size, uploaded_by=by)
    evidence.file.save("evidence", upload, save=False)
    evidence.save()
    submission_done(submission, evidence)
    record(
        action="review.evidence_attached",
        actor=by,
        target=answer.review.site,
        payload={"review": answer.review_id, "clause": answer.clause_id, "type": content_type, "size": size},
    )
    return evidence


def _finding(finding: Finding, expected_version: int) -> Finding:
    """The finding, locked after its site (as every writer of a site's summary locks them), if it is still the
    version the user saw: nobody verifies or reopens a fix report they have not read."""
    site_lock(finding.site_id)
    locked = (
        Finding.objects.select_for_update(of=("self",))
        .select_related("site__supervisor", "reviewer")
        .get(pk=finding.pk)
    )
    if locked.version != expected_version:
        raise Stale("This finding changed since you opened the page. Nothing was saved: reload it.")
    locked.version += 1
    return locked


@transaction.atomic
def finding_report_fixed(*, finding: Finding, by: User, note: str, expected_version: int) -> Finding:
    finding = _finding(finding, expected_version)
    if not may_report_fixed(finding, by):
        if finding.assignee_id != by.pk:
            raise PermissionDenied("Only the person the finding is assigned to reports its fix.")
        raise ValidationError(f"This finding is {finding.get_status_display().lower()}.")
    if not note.strip():
        raise ValidationError({"note": "Say what you changed, so the reviewer can check it."})
    finding.status, finding.fix_note = FindingStatus.FIXED, note.strip()
    finding.save(update_fields=["status", "fix_note", "version"])
    record(action="finding.fixed", actor=by, target=finding, payload={"note_sha256": text_digest(finding.fix_note)})
    administrators = active_administrators(finding.site.district_id)
    verifiers = verifiers_of(finding, administrators.values_list("pk", flat=True))
    for verifier in User.objects.filter(pk__in=verifiers):
        notify(
            recipient=verifier,
            kind="finding.fixed",
            title=f"{by.display_name} reports {finding.clause_id} fixed on {finding.site.name}",
            body=finding.fix_note,
            link=finding.get_absolute_url(),
            email=True,
        )
    return finding


def _require_verifier(finding: Finding, by: User) -> None:
    if may_verify(finding, by):
        return
    if not may_review(finding.site, by):
        raise PermissionDenied("Only the owner's supervisor or a district administrator verifies a fix.")
    raise ValidationError("Only a finding whose fix was reported can be verified or reopened.")


@transaction.atomic
def finding_verify(*, finding: Finding, by: User, expected_version: int) -> Finding:
    finding = _finding(finding, expected_version)
    _require_verifier(finding, by)
    finding.status, finding.closed_at = FindingStatus.CLOSED, timezone.now()
    finding.save(update_fields=["status", "closed_at", "version"])
    summary_refresh(Site.objects.filter(pk=finding.site_id))
    record(action="finding.verified", actor=by, target=finding)
    return finding


@transaction.atomic
def finding_reopen(*, finding: Finding, by: User, reason: str, expected_version: int) -> Finding:
    finding = _finding(finding, expected_version)
    _require_verifier(finding, by)
    if not reason.strip():
        raise ValidationError({"reason": "Say what is still wrong."})
    finding.status, finding.reopen_reason = FindingStatus.OPEN, reason.strip()
    finding.save(update_fields=["status", "reopen_reason", "version"])
    summary_refresh(Site.objects.filter(pk=finding.site_id))
    payload = {"reason_sha256": text_digest(finding.reopen_reason)}
    record(action="finding.reopened", actor=by, target=finding, payload=payload)
    notify(
        recipient=finding.assignee,
        kind="finding.reopened",
        title=f"{finding.clause_id} on {finding.site.name} is not fixed yet",
        body=finding.reopen_reason,
        link=finding.get_absolute_url(),
        email=True,
    )
    return finding


@transaction.atomic
def finding_reviewer_change(*, finding: Finding, by: User | None, to: User, expected_version: int) -> Finding:
    """Name another reviewer for an unresolved finding: the one who checks its fix when the site has no
    supervisor who can (`verifiers_of`). They must be able to review the site (its supervisor, or an
    administrator); the owner never is."""
    finding = _finding(finding, expected_version)
    if not may_change_verifier(finding, by):
        if finding.status not in FindingStatus.unresolved():
            raise ValidationError("This finding is closed: there is no fix left to check.")
        raise PermissionDenied("Only a district administrator names another reviewer for a finding.")
    if not (to.is_active and may_review(finding.site, to)):
        raise ValidationError({"to": "Choose the site's supervisor or an administrator of the district."})
    if to.pk == finding.reviewer_id:
        raise ValidationError({"to": f"{to.display_name} is its reviewer already."})
    previous = finding.reviewer_id
    finding.reviewer = to
    finding.save(update_fields=["reviewer", "version"])
    record(
        action="finding.reviewer_changed",
        actor=by,
        district=finding.site.district,
        target=finding,
        payload={"from": previous, "to": to.pk},
    )
    if finding.status == FindingStatus.FIXED:
        notify(
            recipient=to,
            kind="finding.fixed",
            title=f"Check the reported fix of {finding.clause_id} on {finding.site.name}",
            body=finding.fix_note,
            link=finding.get_absolute_url(),
            email=True,
        )
    return finding
