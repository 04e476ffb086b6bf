"""The outbox: an email that cannot go out now waits, with its error, and goes out later; none is lost."""

from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from audits.models import AuditEvent
from policyportal import outbox, services
from policyportal.models import EmailStatus, Notification, NotificationPreference
from policyportal.notifications import notify
from tests import factories


def pending(recipient, kind="test") -> Notification:
    return notify(recipient=recipient, kind=kind, title="Something needs you", link="/inbox/", email=True)


def test_a_failing_mail_server_leaves_the_email_pending_with_its_error_then_retries(employee):
    notification = pending(employee)
    with mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=ConnectionRefusedError("smtp down")):
        assert outbox.deliver(notification.pk) is False
    notification.refresh_from_db()
    assert notification.email_status == EmailStatus.PENDING
    assert notification.email_error == "ConnectionRefusedError: smtp down"
    assert notification.email_attempts == 1
    assert outbox.deliver_due() == 0, "not before its next attempt"
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        assert outbox.deliver_due() == 1
    notification.refresh_from_db()
    assert (notification.email_status, notification.email_error) == (EmailStatus.SENT, "")
    assert len(mail.outbox) == 1


def test_backoff_grows_with_each_failure(employee):
    notification = pending(employee)
    waits = []
    with mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=OSError("down")):
        for _ in range(4):
            notification.refresh_from_db()
            with time_machine.travel(notification.email_next_attempt_at or timezone.now(), tick=False):
                outbox.deliver(notification.pk)
                notification.refresh_from_db()
                waits.append(round((notification.email_next_attempt_at - timezone.now()).total_seconds() / 60))
    assert waits == [1, 5, 15, 60]


def test_with_the_broker_down_an_approval_commits_and_its_email_waits_for_the_sweep(
    r14_employee, r14_supervisor, django_capture_on_commit_callbacks
):
    req = factories.submitted_request(requester=r14_employee)
    broker_down = mock.patch(
        "policyportal.tasks.deliver_notification_email.apply_async", side_effect=OSError("refused")
    )
    with broker_down, django_capture_on_commit_callbacks(execute=True):
        factories.decide(req, r14_supervisor)
    assert req.status == "approved"
    waiting = Notification.objects.get(recipient=r14_employee, kind="request.approved")
    assert waiting.email_status == EmailStatus.PENDING
    assert outbox.deliver_due() >= 1
    waiting.refresh_from_db()
    assert waiting.email_status == EmailStatus.SENT


def test_a_daily_digest_gathers_the_reminders_a_person_chose_to_batch(employee):
    NotificationPreference.objects.create(user=employee, kind="monitoring.due", daily_digest=True)
    first = notify(recipient=employee, kind="monitoring.due", title="Check A", link="/sites/1/", email=True)
    notify(recipient=employee, kind="monitoring.due", title="Check B", link="/sites/2/", email=True)
    escalation = notify(recipient=employee, kind="monitoring.escalated", title="Overdue", email=True)
    assert first.email_status == EmailStatus.DIGEST
    assert escalation.email_status == EmailStatus.PENDING, "escalations are always mailed at once"
    assert outbox.send_digests() == 1
    message = mail.outbox[-1]
    assert "2 reminders" in message.subject
    assert "/sites/1/" in message.body and "/sites/2/" in message.body
    assert outbox.send_digests() == 0


def test_people_choose_digest_or_immediate_per_kind_on_their_email_page(client, employee):
    client.force_login(employee)
    page = client.get(reverse("email_settings")).content.decode()
    assert "A site of yours is due for its monitoring check" in page
    client.post(reverse("email_settings"), {"monitoring.due": "digest", "finding.due": "immediate"})
    assert NotificationPreference.objects.get(user=employee, kind="monitoring.due").daily_digest
    assert not NotificationPreference.objects.filter(user=employee, kind="finding.due", daily_digest=True).exists()
    assert AuditEvent.objects.get(action="notification.preferences_changed").payload == {"monitoring.due": True}
    response = client.post(reverse("email_settings"), {"monitoring.escalated": "digest"})
    assert not NotificationPreference.objects.filter(kind="monitoring.escalated").exists()
    assert response.status_code == 302


def test_an_escalation_never_waits_for_a_digest_whoever_asks(employee):
    with pytest.raises(ValidationError, match=r"not: monitoring\.escalated"):
        services.notification_preferences_set(
            user=employee, daily_digest={"monitoring.due": True, "monitoring.escalated": True}
        )
    assert not NotificationPreference.objects.filter(user=employee).exists()
    assert not AuditEvent.objects.filter(action="notification.preferences_changed").exists()


def test_a_rolled_back_change_leaves_no_email_behind(employee):
    with pytest.raises(RuntimeError), transaction.atomic():
        pending(employee)
        raise RuntimeError("refused")
    assert not Notification.objects.filter(kind="test").exists()
