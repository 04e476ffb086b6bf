"""Reminders and escalations: once per (kind, target, due period, recipient), whatever runs them.

Each app registers its sweeps (`register_sweep`, from its AppConfig.ready); each reads what is due with a
fixed number of queries and returns `Due` items. `send` inserts them with INSERT ... ON CONFLICT DO NOTHING
on the notification's unique `dedupe_key`, so the database decides which are new: two beats, two workers or
a retried task can never send one twice. Only the rows this call inserted get their audit event and email.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from django.db import connection, transaction
from django.utils import timezone

from audits.recorder import record_system_events, trail_label
from policyportal import outbox, todo
from policyportal.models import EmailStatus, NotificationPreference, Role, User
from policyportal.notifications import notification_title

Sweep = Callable[[datetime], list["Due"]]
_SWEEPS: list[Sweep] = []
INSERT_COLUMNS = 8  # parameters per reminder row in `_insert`


@dataclass(frozen=True)
class Due:
    kind: str
    district_id: int
    recipient_id: int
    target_type: str
    target_id: int
    target_label: str
    period: str
    title: str
    link: str
    body: str = ""

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.target_type}:{self.target_id}:{self.period}:{self.recipient_id}"


def overdue_words(due_on: date, today: date) -> str:
    """How late the work is, in a reminder's title: "due today (May 2)" or "16 days overdue (due May 2)", in
    the to-do list's words (`todo.due_words`)."""
    if today <= due_on:
        return f"due today ({due_on:%B %-d})"
    return f"{todo.due_words(due_on, today, overdue=True)} (due {due_on:%B %-d})"


def register_sweep(sweep: Sweep) -> Sweep:
    """Add a sweep to every run; used as a decorator in each app's reminders module, imported by its ready()."""
    if sweep not in _SWEEPS:
        _SWEEPS.append(sweep)
    return sweep


def dues_about(target, *, district_id: int, period: str, link: str) -> Callable[[str, int, str], Due]:
    """The due items of one record in one period, which differ only in kind, recipient and title. Their audit
    events name the record as every event does (`trail_label`), never by the typed text a title may quote."""

    def due(kind: str, recipient_id: int, title: str) -> Due:
        return Due(
            kind=kind,
            district_id=district_id,
            recipient_id=recipient_id,
            target_type=target._meta.model_name,
            target_id=target.pk,
            target_label=trail_label(target),
            period=period,
            title=title,
            link=link,
        )

    return due


def administrators_by_district() -> dict[int, list[int]]:
    admins = defaultdict(list)
    for pk, district_id in User.objects.filter(role=Role.DISTRICT_ADMIN, is_active=True).values_list(
        "pk", "district_id"
    ):
        admins[district_id].append(pk)
    return admins


def _insert(dues: list[Due], digest: set[tuple[int, str]], now: datetime) -> set[str]:
    """Insert the batch, skipping keys that exist; returns the keys this statement inserted."""
    columns = (
        "(recipient_id, kind, title, body, link, created_at, email_status, email_attempts, email_error, dedupe_key)"
    )
    rows, params = [], []
    created_at = connection.ops.adapt_datetimefield_value(now)
    for due in dues:
        status = EmailStatus.DIGEST if (due.recipient_id, due.kind) in digest else EmailStatus.PENDING
        rows.append("(%s, %s, %s, %s, %s, %s, %s, 0, '', %s)")
        params += [
            due.recipient_id,
            due.kind,
            notification_title(due.title),
            due.body,
            due.link,
            created_at,
            status,
            due.key,
        ]
    # Only placeholders are joined into the statement; every value travels as a parameter.
    values = ", ".join(rows)
    sql = f"INSERT INTO policyportal_notification {columns} VALUES {values} ON CONFLICT (dedupe_key) DO NOTHING"  # noqa: S608
    sql += " RETURNING dedupe_key"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0] for row in cursor.fetchall()}


def _to_active_people(dues: list[Due]) -> list[Due]:
    """Nobody whose account was closed is reminded: nobody reads it, and the mail may reach whoever has the
    address now. The sweeps address the work to the administrators where they can act instead."""
    closed = set(
        User.objects.filter(pk__in={due.recipient_id for due in dues}, is_active=False).values_list("pk", flat=True)
    )
    return [due for due in dues if due.recipient_id not in closed]


def send(dues: list[Due]) -> list[Due]:
    """Send each due reminder that was not sent before; returns those sent by this call."""
    unique = list({due.key: due for due in _to_active_people(dues)}.values())
    if not unique:
        return []
    now = timezone.now()
    digest = set(
        NotificationPreference.objects.filter(
            user_id__in={due.recipient_id for due in unique},
            kind__in={due.kind for due in unique} & set(outbox.DIGESTIBLE),  # escalations never wait for a digest
            daily_digest=True,
        ).values_list("user_id", "kind")
    )
    sent: list[Due] = []
    with transaction.atomic():
        # One statement on PostgreSQL; SQLite caps the parameters of a statement, so it gets several.
        batch_size = connection.ops.bulk_batch_size(["column"] * INSERT_COLUMNS, unique)
        for start in range(0, len(unique), batch_size):
            batch = unique[start : start + batch_size]
            inserted = _insert(batch, digest, now)
            sent += [due for due in batch if due.key in inserted]
        by_district = defaultdict(list)
        for due in sent:
            by_district[due.district_id].append(
                {
                    "action": f"reminder.{due.kind}",
                    "target_type": due.target_type,
                    "target_id": str(due.target_id),
                    "target_label": due.target_label,
                    "payload": {"recipient": due.recipient_id, "period": due.period},
                }
            )
        for district_id, events in by_district.items():
            record_system_events(district_id=district_id, events=events)
        if sent:
            transaction.on_commit(outbox.enqueue_sweep)
    return sent


def sweep(now: datetime | None = None) -> list[Due]:
    """Run every sweep and send what is due. Safe to run as often and as many times at once as you like."""
    now = now or timezone.now()
    dues: list[Due] = []
    for find_dues in _SWEEPS:
        dues += find_dues(now)
    return send(dues)
