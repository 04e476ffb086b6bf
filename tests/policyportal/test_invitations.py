"""Invitations: an emailed link to choose a password, that works once and for seven days."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from audits.models import AuditEvent
from audits.verification import verify_chain
from policyportal.invitations import invitation_tokens
from policyportal.models import EmailStatus, Notification, Role, User
from policyportal.services.districts import district_administrator_invite, district_create
from policyportal.services.invitations import invitation_accept, invitation_send
from tests import factories

NEW_PASSWORD = "a-long-and-fresh-passphrase"
BASE = "https://portal.example.org"


@pytest.fixture
def operator(db):
    return User.objects.create_superuser(username="operator", email="operator@example.org", password="x" * 16)


@pytest.fixture
def invited(operator, settings, django_capture_on_commit_callbacks):
    """A new district's first administrator, just invited by an operator; their email is in mail.outbox."""
    settings.PORTAL_BASE_URL = BASE
    district = district_create(name="Springfield", slug="springfield", time_zone="America/Chicago", template="blank")
    with django_capture_on_commit_callbacks(execute=True):
        return district_administrator_invite(
            district=district, email="ada@example.org", first_name="Ada", last_name="Byron", by=operator
        )


def link_in(message) -> str:
    """The invitation link's path, after checking the email's text and HTML both carry it absolute."""
    url = re.search(rf"{re.escape(BASE)}(/accounts/invitation/[^/\s]+/[^/\s]+/)", message.body)
    assert url, message.body
    assert f'href="{BASE}{url.group(1)}"' in message.alternatives[0][0]
    return url.group(1)


def accept(client, link: str, password: str = NEW_PASSWORD):
    form = client.get(link, follow=True)
    return form, client.post(form.redirect_chain[-1][0], {"new_password1": password, "new_password2": password})


def test_the_email_carries_an_absolute_link_that_sets_the_password_and_signs_in(client, invited):
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ada@example.org"]
    assert message.subject == "[Policy Portal] You are invited to the Policy Portal of Springfield"
    assert "operator invited you to the Policy Portal of Springfield, as district administrator" in message.body
    assert "Your username is ada@example.org" in message.body
    link = link_in(message)

    form, done = accept(client, link)
    assert form.redirect_chain[-1][0].endswith("/set-password/"), "the token leaves the address bar"
    assert "Welcome to the Policy Portal of Springfield" in form.content.decode()
    assert done.url == reverse("home")
    invited.refresh_from_db()
    assert invited.check_password(NEW_PASSWORD)
    assert client.get(reverse("home")).wsgi_request.user == invited
    actions = list(AuditEvent.objects.filter(district=invited.district).values_list("action", "actor"))
    assert ("user.invited", User.objects.get(username="operator").pk) in actions
    assert ("user.invitation_accepted", invited.pk) in actions
    assert verify_chain(invited.district_id).intact
    assert Notification.objects.get(recipient=invited, kind="account.invitation").read_at is not None


def test_the_invitation_goes_through_the_outbox(invited):
    notification = Notification.objects.get(recipient=invited, kind="account.invitation")
    assert notification.email_status == EmailStatus.SENT
    assert notification.link == "", "the database never holds a working link: it is made as the email is mailed"
    assert "/accounts/invitation/" in link_in(mail.outbox[0])


def test_the_link_works_once(client, invited):
    link = link_in(mail.outbox[0])
    accept(client, link)
    client.logout()
    again = client.get(link, follow=True).content.decode()
    assert "This invitation link no longer works" in again
    assert "It was already used" in again and reverse("password_reset") in again


@pytest.mark.parametrize(
    ("after", "works"), [(timedelta(days=6, hours=23), True), (timedelta(days=7, minutes=1), False)]
)
def test_the_link_expires_after_seven_days(client, invited, after, works):
    link = link_in(mail.outbox[0])
    with time_machine.travel(timezone.now() + after, tick=False):
        page = client.get(link, follow=True).content.decode()
        assert ("Choose your password" in page) is works
        assert ("This invitation link has expired" in page) is not works
        if not works:
            response = client.post(client.get(link).url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
            assert "has expired" in response.content.decode()
    invited.refresh_from_db()
    assert not invited.has_usable_password()


def test_an_expired_link_asks_for_a_new_one_which_works(client, invited, django_capture_on_commit_callbacks):
    old = link_in(mail.outbox[0])
    later = timezone.now() + timedelta(days=8)
    with time_machine.travel(later, tick=False):
        page = client.get(old)
        with django_capture_on_commit_callbacks(execute=True):
            renewed = client.post(page.url, {"action": "renew"})
        assert "A new link is on its way" in renewed.content.decode()
        assert len(mail.outbox) == 2
        new = link_in(mail.outbox[1])
        assert new != old
        assert "no longer works" in client.get(old, follow=True).content.decode()
        _, done = accept(client, new)
        assert done.url == reverse("home")
    renewal = AuditEvent.objects.filter(action="user.invited").order_by("sequence").last()
    assert (renewal.actor, renewal.payload["renewed"]) == (None, True)


def test_a_new_invitation_ends_the_earlier_link(client, invited, operator, django_capture_on_commit_callbacks):
    first = link_in(mail.outbox[0])
    with django_capture_on_commit_callbacks(execute=True):
        invitation_send(user=invited, by=operator)
    assert "no longer works" in client.get(first, follow=True).content.decode()
    accept(client, link_in(mail.outbox[1]))
    invited.refresh_from_db()
    assert invited.check_password(NEW_PASSWORD)


def test_a_refused_password_keeps_the_link_and_changes_nothing(client, invited):
    link = link_in(mail.outbox[0])
    _, refused = accept(client, link, password="short")
    assert refused.status_code == 200
    assert "at least 12 characters" in refused.content.decode()
    invited.refresh_from_db()
    assert not invited.has_usable_password()
    assert not AuditEvent.objects.filter(action="user.invitation_accepted").exists()
    _, done = accept(client, link)
    assert done.url == reverse("home")


def test_a_tampered_link_says_it_does_not_work(client, invited):
    link = link_in(mail.outbox[0])
    page = client.get(link[:-3] + "xx/", follow=True).content.decode()
    assert "This invitation link no longer works" in page
    assert "Send me a new link" not in page


def test_an_invitation_link_is_no_password_reset_link(client, invited):
    uidb64, token = link_in(mail.outbox[0]).strip("/").split("/")[-2:]
    page = client.get(reverse("password_reset_confirm", args=[uidb64, token]), follow=True).content.decode()
    assert "This link does not work" in page
    assert invitation_tokens.check_token(invited, token)


def test_an_administrator_invites_a_person_of_their_district(admin, west_hartford, django_capture_on_commit_callbacks):
    person = factories.user(district=west_hartford)
    person.set_unusable_password()
    person.save()
    with django_capture_on_commit_callbacks(execute=True):
        invitation_send(user=person, by=admin)
    event = AuditEvent.objects.get(action="user.invited")
    assert (event.actor, event.district, event.payload["role"]) == (admin, west_hartford, Role.EMPLOYEE)
    assert f"{admin.display_name} invited you" in mail.outbox[0].body


def test_who_may_not_invite_and_whom_nobody_invites(admin, supervisor, outsider, r14_admin, operator, west_hartford):
    person = factories.user(district=west_hartford)
    person.set_unusable_password()
    person.save()
    for stranger in (supervisor, outsider, r14_admin, operator):  # the operator: West Hartford has an administrator
        with pytest.raises(PermissionDenied):
            invitation_send(user=person, by=stranger)
    with pytest.raises(ValidationError, match="already chosen a password"):
        invitation_send(user=supervisor, by=admin)
    with pytest.raises(ValidationError, match="Installation operators are not invited"):
        invitation_send(user=operator, by=None)
    person.is_active = False
    person.save()
    with pytest.raises(ValidationError, match="account is closed"):
        invitation_send(user=person, by=admin)
    assert not AuditEvent.objects.filter(action="user.invited").exists()
    assert not Notification.objects.filter(kind="account.invitation").exists()


def test_the_service_refuses_a_spent_token(invited):
    token = link_in(mail.outbox[0]).strip("/").split("/")[-1]
    invitation_accept(user=invited, token=token, password=NEW_PASSWORD)
    with pytest.raises(ValidationError, match="no longer works"):
        invitation_accept(user=invited, token=token, password="another-long-passphrase")
    invited.refresh_from_db()
    assert invited.check_password(NEW_PASSWORD)
