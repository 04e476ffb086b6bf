import re

from django.core import mail
from django.urls import reverse

from audits.models import AuditEvent
from policyportal.models import Notification, PasswordResetRequest
from policyportal.password_reset import KIND as PASSWORD_RESET
from policyportal.services.password_reset import password_reset_request
from tests import factories
from tests.factories import PASSWORD

NEW_PASSWORD = "a-much-longer-new-passphrase"


def test_password_reset_mails_a_link_that_opens_the_new_password_form(
    client, employee, settings, django_capture_on_commit_callbacks
):
    settings.PORTAL_BASE_URL = "https://portal.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": employee.email})
    assert response.url == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [employee.email]
    link = re.search(r"https://portal\.example\.org(/accounts/reset/\S+/)", message.body).group(1)
    assert link in message.alternatives[0][0]

    form = client.get(link, follow=True)
    assert "Choose a new password" in form.content.decode()
    done = client.post(form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.url == reverse("password_reset_complete")
    employee.refresh_from_db()
    assert employee.check_password(NEW_PASSWORD)
    assert AuditEvent.objects.get(action="auth.password_reset").actor == employee


def test_reset_for_an_unknown_address_says_the_same_and_sends_nothing(
    client, employee, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": "stranger@example.org"})
    assert response.url == reverse("password_reset_done")
    assert mail.outbox == []


def test_a_reset_request_mails_each_open_account_with_the_address_once_and_is_not_kept(
    employee, region_14, django_capture_on_commit_callbacks
):
    elsewhere = factories.user(district=region_14, email=employee.email)
    closed = factories.user(district=region_14, email="left@example.org")
    factories.close_account(closed)

    with django_capture_on_commit_callbacks(execute=True):
        password_reset_request(email=employee.email.upper())
        password_reset_request(email=closed.email)

    assert [message.to for message in mail.outbox] == [[employee.email]] * 2, "none to the closed account"
    accounts_linked = {re.search(r"/accounts/reset/([\w-]+)/", message.body).group(1) for message in mail.outbox}
    assert len(accounts_linked) == 2, "each account its own link"
    assert sorted(Notification.objects.filter(kind=PASSWORD_RESET).values_list("recipient", flat=True)) == sorted(
        [employee.pk, elsewhere.pk]
    )
    assert not PasswordResetRequest.objects.exists()


def test_a_malformed_reset_link_explains_itself_and_changes_nothing(client, employee):
    response = client.get("/accounts/reset/Mg/not-a-real-token/", follow=True)
    assert "This link does not work" in response.content.decode()
    employee.refresh_from_db()
    assert employee.check_password(PASSWORD)


def test_a_new_password_must_have_at_least_twelve_characters(client, employee):
    client.force_login(employee)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "Short-pw-1", "new_password2": "Short-pw-1"},
    )
    assert response.status_code == 200
    assert "at least 12 characters" in response.content.decode()
    employee.refresh_from_db()
    assert employee.check_password(PASSWORD)


def test_password_change_keeps_the_user_signed_in(client, employee):
    client.force_login(employee)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.url == reverse("password_change_done")
    employee.refresh_from_db()
    assert employee.check_password(NEW_PASSWORD)
    assert client.get(reverse("home")).status_code == 200
    assert not AuditEvent.objects.filter(action="auth.logout").exists()
    assert AuditEvent.objects.get(action="auth.password_changed").actor == employee


def test_a_refused_password_change_records_nothing(client, employee):
    client.force_login(employee)
    client.post(
        reverse("password_change"),
        {"old_password": "wrong-old-password", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert not AuditEvent.objects.filter(action__startswith="auth.password").exists()
