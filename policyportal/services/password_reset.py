"""Asking for a password reset: the request writes one row for the typed address and publishes the delivery sweep
after commit; it never looks the address up. The sweep (also run by beat every minute, so a down broker only
delays it) turns each row into the reset email of each account with that address, or into nothing, and deletes
the row, so an address without an account is not kept. Every address so costs the request the same work, and
neither the answer nor its time says whether it has an account.

The email goes through the outbox like every other; its link is made as it is mailed (policyportal.password_reset),
so no row holds a working link. Asking writes no audit event: it changes no account and anyone may ask, so
strangers cannot grow the trail; the reset itself is recorded (auth.password_reset).
"""

from datetime import timedelta

from django.contrib.auth.forms import PasswordResetForm
from django.db import connection, transaction
from django.utils import timezone

from policyportal import outbox
from policyportal.models import EmailStatus, Notification, PasswordResetRequest
from policyportal.password_reset import KIND

# Rows waiting for the sweep, per address and hour: a flood for one address while the sweep is held up (the
# broker down) keeps a few rows, not one per request. While the sweep runs, every request gets its email.
WAITING_PER_ADDRESS_PER_HOUR = 5


@transaction.atomic
def password_reset_request(*, email: str) -> None:
    """Someone asked for a reset link for `email`, which may belong to no account."""
    if connection.vendor == "postgresql":
        # The commit need not wait for the disk (about 1 ms a request): a request lost in a crash just after is
        # asked for again.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
    email = email.lower()
    waiting = PasswordResetRequest.objects.filter(email=email, requested_at__gte=timezone.now() - timedelta(hours=1))
    if waiting.count() < WAITING_PER_ADDRESS_PER_HOUR:
        PasswordResetRequest.objects.create(email=email)
    transaction.on_commit(outbox.enqueue_sweep)


@transaction.atomic
def password_reset_requests_answer(*, limit: int = 500) -> int:
    """The sweep's first step: a pending reset email per request for each active account with the address, and
    the requests deleted. Rows another sweep holds are skipped. Returns how many emails were queued."""
    requests = list(PasswordResetRequest.objects.select_for_update(skip_locked=True).order_by("pk")[:limit])
    # Django's own choice of who gets a reset: open accounts with a usable password and the same address.
    accounts = {email: list(PasswordResetForm().get_users(email)) for email in {row.email for row in requests}}
    notifications = Notification.objects.bulk_create(
        Notification(
            recipient=account,
            kind=KIND,
            title="Someone asked to reset your password",
            body="A link to choose a new password was mailed to you. If you did not ask, ignore it: nothing changes.",
            email_status=EmailStatus.PENDING,
        )
        for row in requests
        for account in accounts[row.email]
    )
    PasswordResetRequest.objects.filter(pk__in=[row.pk for row in requests]).delete()
    return len(notifications)
