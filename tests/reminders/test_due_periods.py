"""Due periods that hold: no reminder twice for the same missed work, none early or late by a time zone."""

import threading
import time
from datetime import datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.db import connection

from policyportal import outbox
from policyportal import services as policy_services
from policyportal.models import EmailStatus, Notification, NotificationPreference
from policyportal.notifications import notify
from policyportal.reminders import sweep
from requests import services as request_services
from sites import services as site_services
from tests import factories

NEW_YORK = ZoneInfo("America/New_York")


def kinds(prefix: str) -> list[tuple[str, int]]:
    return [(due.kind, due.recipient_id) for due in sweep() if due.kind.startswith(prefix)]


def test_a_reassigned_decider_gets_the_full_deadline_and_their_own_escalation(
    clock, employee, supervisor, admin, west_hartford
):
    stand_in = factories.user(district=west_hartford, role="supervisor", username="standin", supervisor=admin)
    req = factories.submitted_request(requester=employee)
    clock.shift(days=8)
    assert ("request.escalated", admin.pk) in kinds("request.")
    req.refresh_from_db()
    request_services.request_reassign(request=req, by=admin, to=stand_in, reason="Away", expected_version=req.version)
    assert kinds("request.") == []
    clock.shift(days=5)
    assert kinds("request.") == [("request.decision_due", stand_in.pk)]
    clock.shift(days=2)
    assert kinds("request.") == [("request.escalated", admin.pk)]


def test_changing_the_cadence_does_not_resend_the_same_missed_check(clock, site, admin):
    clock.shift(days=12)
    assert len(kinds("monitoring.")) == 3
    values = {"monitoring_cadence_days": 8}
    policy_services.district_settings_update(district=site.district, by=admin, values=values)
    assert kinds("monitoring.") == []


def test_a_review_is_due_by_the_districts_date_not_utcs(clock, site, supervisor):
    site.refresh_from_db()
    evening_before = datetime.combine(site.next_review_due - timedelta(days=1), datetime.min.time(), NEW_YORK)
    with time_machine.travel(evening_before + timedelta(hours=21), tick=False):
        assert kinds("review.") == [], "21:00 in New York is already the due date in UTC"
    with time_machine.travel(evening_before + timedelta(days=1, hours=9), tick=False):
        assert kinds("review.") == [("review.due", supervisor.pk)]


def test_a_retired_sites_finding_stops_reminding(clock, site, supervisor, admin):
    factories.failed_review(site, supervisor)
    site.refresh_from_db()
    site_services.site_retire(site=site, by=admin, reason="Season over", expected_version=site.version)
    clock.shift(days=30)
    assert kinds("finding.") == []


def test_a_request_nobody_can_decide_is_escalated_to_the_administrators(clock, west_hartford, admin):
    loner = factories.user(district=west_hartford, username="loner")
    factories.submitted_request(requester=loner)
    clock.shift(days=5)
    assert kinds("request.") == [("request.escalated", admin.pk)]


def test_a_site_without_supervisor_escalates_to_the_administrators_at_the_grace(clock, site, admin):
    type(site).objects.filter(pk=site.pk).update(supervisor=None)
    clock.shift(days=9)
    assert ("monitoring.escalated", admin.pk) in kinds("monitoring.")


def test_one_refused_digest_does_not_hold_back_the_others(employee, supervisor):
    for person in (employee, supervisor):
        NotificationPreference.objects.create(user=person, kind="review.due", daily_digest=True)
        notify(recipient=person, kind="review.due", title=f"Review for {person.username}", email=True)
    real_send = mail.EmailMultiAlternatives.send

    def refuse_employee(message, *args, **kwargs):
        if employee.email in message.to:
            raise ConnectionRefusedError("mailbox full")
        return real_send(message, *args, **kwargs)

    with mock.patch.object(mail.EmailMultiAlternatives, "send", refuse_employee):
        assert outbox.send_digests() == 1
    assert Notification.objects.get(recipient=supervisor, kind="review.due").email_status == EmailStatus.SENT
    kept = Notification.objects.get(recipient=employee, kind="review.due")
    assert (kept.email_status, kept.email_error) == (EmailStatus.DIGEST, "ConnectionRefusedError: mailbox full")


@pytest.mark.django_db(transaction=True)
def test_two_workers_delivering_the_same_email_at_once_send_it_once(postgres, employee):
    notification = Notification.objects.create(
        recipient=employee, kind="test", title="Once only", email_status=EmailStatus.PENDING
    )
    sending, results = threading.Event(), {}
    real_send = mail.EmailMultiAlternatives.send

    def slow_send(message, *args, **kwargs):
        sending.set()  # the first worker holds the row while the second one tries
        time.sleep(0.5)
        return real_send(message, *args, **kwargs)

    def deliver(name):
        try:
            results[name] = outbox.deliver(notification.pk)
        finally:
            connection.close()

    with mock.patch.object(mail.EmailMultiAlternatives, "send", slow_send):
        first = threading.Thread(target=deliver, args=("first",))
        first.start()
        assert sending.wait(timeout=5)
        deliver("second")
        first.join()
    assert results == {"first": True, "second": False}
    assert len([m for m in mail.outbox if m.subject.endswith("Once only")]) == 1
