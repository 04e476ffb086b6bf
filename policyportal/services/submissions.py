"""One submission, one record: every form that creates a record carries a one-time token (`OnceForm`), and
the service that creates the record claims it first, in the same transaction.

The token's row is the lock: of two sendings at the same moment, the second's insert waits for the first's
transaction. If that commits, the second is answered with what the first created (`AlreadySent`) and creates,
records and sends nothing; if it was refused and rolled back, the token is free and the second runs as the
first did.
"""

import uuid
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from policyportal.models import FormSubmission, User

# Long past any retry, second tab or back button: a form older than this was long since answered.
KEPT_DAYS = 30
OUT_OF_DATE = "This page is out of date. Nothing was saved: reload it and try again."
ALREADY_SENT = "This was already submitted: here is what it created. Nothing new was created or sent."
USED = "This form was already used. Nothing was saved: reload the page and fill it in again."


class Stale(ValidationError):
    """A state change refused because its record changed since the page was opened (a second tab, a replayed
    form): the view answers with what changed (`policyportal.stale_views`) rather than the form's error."""


class AlreadySent(Exception):
    """The form with this token was sent before; `created_id` is the primary key of what it created."""

    def __init__(self, created_id: int):
        super().__init__(ALREADY_SENT)
        self.created_id = created_id


def submission_claim(*, token: uuid.UUID | None, by: User, form: str) -> FormSubmission | None:
    """Claim a form's token inside the transaction that will create its record, before anything is written.
    No token (None) is a call from no form (the demo, a command, a hand-over): nothing to claim."""
    if token is None:
        return None
    try:
        with transaction.atomic():
            return FormSubmission.objects.create(token=token, user=by, form=form, submitted_at=timezone.now())
    except IntegrityError:  # sent before, or at this moment by a transaction that has now committed
        pass
    earlier = FormSubmission.objects.filter(token=token, user=by, form=form).first()
    if earlier is None or earlier.created_id is None:
        raise ValidationError(USED) from None
    raise AlreadySent(earlier.created_id)


def submission_done(submission: FormSubmission | None, created) -> None:
    """Remember what the claimed form created, for the answer to its next sending."""
    if submission is None:
        return
    submission.created_id = created.pk
    submission.save(update_fields=["created_id"])


def submissions_forget_old(*, days: int = KEPT_DAYS) -> int:
    """Delete the tokens of forms sent more than `days` ago. Returns how many were deleted."""
    deleted, _ = FormSubmission.objects.filter(submitted_at__lt=timezone.now() - timedelta(days=days)).delete()
    return deleted
