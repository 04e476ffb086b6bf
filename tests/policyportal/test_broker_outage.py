"""With the broker down, a person never waits on it: a request tries to publish once at most, answers as usual, and
the emails it queued wait in the outbox for the sweep. The broker is a real one that is down (a closed port)."""

import re
from contextlib import contextmanager
from datetime import timedelta

from celery.signals import before_task_publish
from django.conf import settings as django_settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from policyportal import outbox, tasks
from policyportal.celery import app as celery_app
from policyportal.models import EmailStatus, Notification, PasswordResetRequest, Role
from policyportal.password_reset import KIND as PASSWORD_RESET
from policyportal.services.password_reset import WAITING_PER_ADDRESS_PER_HOUR, password_reset_request
from tests import factories

CLOSED_PORT = "redis://127.0.0.1:1/0"  # nothing listens there: every connection is refused, as when Redis is down


def _forget_broker_connections() -> None:
    """Celery keeps its connection pool, and its producers and routes (the default queue), from its first publish:
    start afresh with the new broker, and again after, for the next tests' own queue and broker."""
    celery_app._pool = None
    celery_app.__dict__.pop("amqp", None)


@contextmanager
def broker_down():
    """Tasks are published to a broker that is down instead of running in-process. Yields the publish attempts,
    one per task Celery tried to send."""
    conf = celery_app.conf
    saved = conf.broker_url, conf.task_always_eager
    attempts: list[str] = []

    def count(sender, **kwargs):
        attempts.append(sender)

    conf.broker_url, conf.task_always_eager = CLOSED_PORT, False
    _forget_broker_connections()
    outbox._broker_paused_until = 0.0  # as if the broker had just gone down: the first publish tries it
    before_task_publish.connect(count, weak=False)
    try:
        yield attempts
    finally:
        before_task_publish.disconnect(count)
        conf.broker_url, conf.task_always_eager = saved
        _forget_broker_connections()


def form_fields(page: str) -> dict[str, str]:
    """The hidden fields a browser would send back with the form (its CSRF and one-time tokens)."""
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))


def test_an_approval_tries_the_broker_once_for_its_two_emails_and_the_sweep_sends_them(
    client, employee, supervisor, admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        req = factories.submitted_request(requester=employee)  # its email to the supervisor goes out at once
    mail.outbox.clear()
    client.force_login(supervisor)
    form = {"outcome": "approved", "reason": "", "version": req.version, "snapshot_hash": req.snapshot_hash}

    with broker_down() as attempts, django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("requests:decide", args=[req.pk]), form)

    assert response.status_code == 302
    req.refresh_from_db()
    assert req.current_step == 2, "the first step's approval is committed"
    queued = Notification.objects.filter(email_status=EmailStatus.PENDING)
    assert sorted(queued.values_list("kind", "recipient")) == [
        ("request.approved", employee.pk),
        ("request.waiting", admin.pk),
    ]
    assert len(attempts) == 1, "the second email is left to the sweep without trying the broker again"
    assert mail.outbox == []

    assert outbox.deliver_due() == 2
    assert sorted(message.to[0] for message in mail.outbox) == sorted([employee.email, admin.email])


def test_a_report_on_an_unofficial_account_tells_five_administrators_after_one_attempt(
    client, west_hartford, admin, employee, django_capture_on_commit_callbacks
):
    administrators = [admin] + [
        factories.user(district=west_hartford, role=Role.DISTRICT_ADMIN, username=f"admin{n}") for n in range(2, 6)
    ]
    client.force_login(employee)
    url = reverse("sites:report_violation")
    report = {
        **form_fields(client.get(url).content.decode()),
        "account_name": "Hall Soccer Fans (unofficial)",
        "account_url": "https://www.facebook.com/hallsoccerfans",
        "category": "directory_objection",
        "what_happened": "A photo names a student whose parents objected.",
        "occurred_on": timezone.localdate().isoformat(),
    }

    with broker_down() as attempts, django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, report)

    assert response.status_code == 302
    told = Notification.objects.filter(kind="violation.reported")
    assert sorted(told.values_list("recipient", flat=True)) == sorted(person.pk for person in administrators)
    assert set(told.values_list("email_status", flat=True)) == {EmailStatus.PENDING}
    assert len(attempts) == 1
    assert mail.outbox == []

    assert outbox.deliver_due() == 5
    assert sorted(message.to[0] for message in mail.outbox) == sorted(person.email for person in administrators)


def reset_asked_with_the_broker_down(client, email: str, capture_on_commit) -> tuple:
    """Ask for a reset link as a browser would while the broker is down. Returns the answer with how many times it
    tried the broker, and the rows it added: reset requests and notifications."""

    def rows() -> tuple[int, int]:
        return PasswordResetRequest.objects.count(), Notification.objects.count()

    before = rows()
    with broker_down() as attempts, capture_on_commit(execute=True):
        response = client.post(reverse("password_reset"), {"email": email}, follow=True)
    added = tuple(after - earlier for after, earlier in zip(rows(), before, strict=True))
    return (response.status_code, response.redirect_chain, response.content, len(attempts)), added


def test_password_reset_with_the_broker_down_does_the_same_for_a_known_and_an_unknown_address_and_the_sweep_mails(
    client, employee, settings, django_capture_on_commit_callbacks
):
    settings.PORTAL_BASE_URL = "https://portal.example.org"
    known, known_rows = reset_asked_with_the_broker_down(
        client, employee.email.upper(), django_capture_on_commit_callbacks
    )
    unknown, unknown_rows = reset_asked_with_the_broker_down(
        client, "stranger@example.org", django_capture_on_commit_callbacks
    )

    assert known[1] == [(reverse("password_reset_done"), 302)]
    assert known == unknown, "the same page, after the same one publish attempt"
    assert known_rows == unknown_rows == (1, 0), "one request row each, and no email yet"
    assert sorted(PasswordResetRequest.objects.values_list("email", flat=True)) == sorted(
        [employee.email.lower(), "stranger@example.org"]
    )
    assert mail.outbox == []

    beat = {entry["task"] for entry in django_settings.CELERY_BEAT_SCHEDULE.values()}
    assert "policyportal.tasks.deliver_pending_emails" in beat, "beat sweeps while nobody can publish"
    assert tasks.deliver_pending_emails() == 1
    assert not PasswordResetRequest.objects.exists(), "neither address is kept"
    [message] = mail.outbox
    assert message.to == [employee.email]
    queued = Notification.objects.get(kind=PASSWORD_RESET)
    assert (queued.recipient, queued.email_status) == (employee, EmailStatus.SENT)
    assert "/accounts/reset/" not in queued.link + queued.body, "no working link is stored"
    link = re.search(r"https://portal\.example\.org(/accounts/reset/\S+/)", message.body).group(1)
    assert "Choose a new password" in client.get(link, follow=True).content.decode()

    assert tasks.deliver_pending_emails() == 0
    assert len(mail.outbox) == 1, "one email for one request"


def test_a_flood_of_resets_for_one_address_keeps_a_few_rows_while_the_sweep_is_held_up(
    client, employee, django_capture_on_commit_callbacks
):
    for _ in range(WAITING_PER_ADDRESS_PER_HOUR + 3):
        answer, _ = reset_asked_with_the_broker_down(client, employee.email, django_capture_on_commit_callbacks)
        assert answer[1] == [(reverse("password_reset_done"), 302)]

    assert PasswordResetRequest.objects.count() == WAITING_PER_ADDRESS_PER_HOUR
    assert tasks.deliver_pending_emails() == WAITING_PER_ADDRESS_PER_HOUR, "an email for each row kept"
    assert not PasswordResetRequest.objects.exists()


def test_password_reset_requests_of_an_hour_ago_no_longer_count_against_the_address(employee):
    PasswordResetRequest.objects.bulk_create(
        PasswordResetRequest(email=employee.email, requested_at=timezone.now() - timedelta(hours=1, minutes=1))
        for _ in range(WAITING_PER_ADDRESS_PER_HOUR)
    )
    password_reset_request(email=employee.email)
    assert PasswordResetRequest.objects.count() == WAITING_PER_ADDRESS_PER_HOUR + 1
