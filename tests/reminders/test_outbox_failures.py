"""An email that can never be sent is marked failed, shown to the administrators and not retried for ever;
subjects are one line whatever the names in them."""

from datetime import timedelta

import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from policyportal import outbox
from policyportal.models import EmailStatus, Notification, User
from policyportal.notifications import notify
from policyportal.services.people import person_update


def test_a_title_written_on_several_lines_is_mailed_with_a_one_line_subject(employee):
    notification = Notification.objects.create(
        recipient=employee,
        kind="violation.reported",
        title="Violation reported on Hall Fans\r\nBcc: everyone@example.org",
        email_status=EmailStatus.PENDING,
    )
    assert outbox.deliver(notification.pk) is True
    assert mail.outbox[0].subject == "[Policy Portal] Violation reported on Hall Fans Bcc: everyone@example.org"
    assert mail.outbox[0].to == [employee.email]


def test_a_notice_built_from_a_name_on_several_lines_gets_a_one_line_title(employee):
    notification = notify(recipient=employee, kind="test", title="Your site Hall\nSoccer\twas suspended")
    assert notification.title == "Your site Hall Soccer was suspended"


def test_an_email_that_can_never_be_sent_is_marked_failed_shown_to_administrators_and_not_retried(
    client, employee, admin
):
    User.objects.filter(pk=employee.pk).update(email="employee@example.org\nBcc: everyone@example.org")
    employee.refresh_from_db()
    notification = notify(recipient=employee, kind="test", title="Something needs you", email=True)
    assert outbox.deliver(notification.pk) is False
    notification.refresh_from_db()
    assert notification.email_status == EmailStatus.FAILED
    assert notification.email_error.startswith("BadHeaderError")
    assert notification.email_next_attempt_at is None
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        assert outbox.deliver_due() == 0
    notification.refresh_from_db()
    assert notification.email_attempts == 1
    assert not mail.outbox

    client.force_login(admin)
    page = " ".join(client.get(reverse("people")).content.decode().split())
    assert (
        '<strong>1</strong> <a href="/people/?problem=email_failed">person an email could not be mailed to</a>' in page
    )
    listed = client.get(reverse("people"), {"problem": "email_failed"}).context["page"]
    assert [person.pk for person in listed] == [employee.pk]


def test_an_email_that_failed_is_tried_again_once_an_administrator_corrects_the_address(employee, admin):
    User.objects.filter(pk=employee.pk).update(email="employee@example.org\nBcc: everyone@example.org")
    employee.refresh_from_db()
    notification = notify(recipient=employee, kind="test", title="Something needs you", email=True)
    outbox.deliver(notification.pk)
    changes = person_update(person=employee, by=admin, values={"email": "pat.tester@example.org"})
    assert changes["emails_retried"] == [0, 1]
    notification.refresh_from_db()
    assert (notification.email_status, notification.email_error) == (EmailStatus.PENDING, "")
    assert outbox.deliver_due() == 1
    assert mail.outbox[0].to == ["pat.tester@example.org"]
    assert not Notification.objects.filter(recipient=employee, email_status=EmailStatus.FAILED).exists()
