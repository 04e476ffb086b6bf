from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from policyportal import outbox
from policyportal.models import EmailStatus, Notification
from policyportal.text import single_line

TITLE_LENGTH = 200  # Notification.title's max_length


def notification_title(text: str) -> str:
    """A title built from names people typed: one line (it becomes an email's subject), cut to fit its column."""
    return single_line(text, TITLE_LENGTH)


def notify(*, recipient, kind: str, title: str, body: str = "", link: str = "", email: bool = False) -> Notification:
    """Create an in-app notification inside the caller's transaction; its email goes out after commit
    (or in the recipient's daily digest, if they chose one for this kind of reminder)."""
    status = outbox.email_status_for(recipient, kind) if email else EmailStatus.NONE
    notification = Notification.objects.create(
        recipient=recipient,
        kind=kind,
        title=notification_title(title),
        body=body,
        link=link,
        email_status=status,
        created_at=timezone.now(),  # read here, not by the field's default, so the demo's replayed clock dates it
    )
    if status == EmailStatus.PENDING:
        transaction.on_commit(lambda: outbox.enqueue(notification.pk))
    return notification


def about_pages_q(pages: Iterable[str]) -> Q:
    """The notifications about the pages at `pages` (paths): those linking to one of them, to a part of it
    (`#findings`) or with a query (`?tab=2`). Nothing when there are no pages."""
    about = Q(pk__in=[])
    for page in pages:
        about |= Q(link=page) | Q(link__startswith=f"{page}#") | Q(link__startswith=f"{page}?")
    return about
