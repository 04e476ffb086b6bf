"""A password reset email goes through the outbox like every other: a row written in the request, mailed by the
delivery sweep, which the request asks for after commit (or beat runs within the minute while the broker is
down). Its link is made as it is mailed (policyportal.password_reset), so the row holds no working link.

Every address costs the request the same: the same lookup and one publish of the sweep, whether it wrote a row or
none, so neither the answer nor its time says whether the address has an account. Asking writes no audit event:
it changes no account and anyone may ask, so strangers cannot grow the trail; the reset itself is recorded
(auth.password_reset).
"""

from django.db import connection, transaction

from policyportal import outbox
from policyportal.models import EmailStatus, Notification, User
from policyportal.password_reset import KIND


@transaction.atomic
def password_reset_send(*, users: list[User]) -> list[Notification]:
    """Queue a reset email to each of `users`, the active accounts with the address asked for (often none)."""
    if connection.vendor == "postgresql":
        # A row written has the commit wait for the disk, which a request that wrote none does not: 4 ms that told
        # who has an account. A reset email lost in a crash just after is asked for again.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
    notifications = Notification.objects.bulk_create(
        Notification(
            recipient=user,
            kind=KIND,
            title="Someone asked to reset your password",
            body="A link to choose a new password was mailed to you. If you did not ask, ignore it: nothing changes.",
            email_status=EmailStatus.PENDING,
        )
        for user in users
    )
    transaction.on_commit(outbox.enqueue_sweep)
    return notifications
