"""`make run` as a newcomer sees it: one line per email, and the portal's own 404 page even with DEBUG on."""

import pytest
from django.conf import settings
from django.test import override_settings

from policyportal.notifications import notify
from tests.policyportal.test_configuration import python

ONE_LINE = "policyportal.email_backends.OneLineConsoleBackend"


@override_settings(EMAIL_BACKEND=ONE_LINE)
def test_make_runs_emails_print_one_line_each_with_recipient_subject_and_link(
    employee, django_capture_on_commit_callbacks, capfd
):
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipient=employee, kind="test", title="A request waits for you", link="/inbox/", email=True)
    printed = capfd.readouterr().out.splitlines()
    assert printed == [
        f"Email to {employee.email}: [Policy Portal] A request waits for you ({settings.PORTAL_BASE_URL}/inbox/)"
    ]


@pytest.mark.parametrize(
    ("variables", "backend"),
    [
        ({"DJANGO_DEBUG": "1"}, ONE_LINE),
        ({"DJANGO_DEBUG": "1", "EMAIL_URL": "consolemail://"}, "django.core.mail.backends.console.EmailBackend"),
    ],
)
def test_debugging_without_a_mail_server_prints_one_line_unless_email_url_asks_otherwise(variables, backend):
    code = "import django; django.setup(); from django.conf import settings; print(settings.EMAIL_BACKEND)"
    result = python(code, DJANGO_SETTINGS_MODULE="policyportal.settings", **variables)
    assert result.stdout.strip().splitlines()[-1] == backend, result.stderr


@override_settings(DEBUG=True)
@pytest.mark.parametrize("path", ["/no-such-page/", "/requests/999999/"])
def test_with_debug_on_a_missing_page_is_the_portals_404_not_a_list_of_every_url(client, employee, path):
    client.force_login(employee)
    response = client.get(path)
    assert response.status_code == 404
    page = response.content.decode()
    assert "We could not find that page" in page
    assert "URL patterns" not in page and "policyportal.urls" not in page
    assert response["X-Frame-Options"] == "DENY"


@override_settings(DEBUG=True)
def test_with_debug_on_a_signed_out_visitor_gets_the_portals_404_too(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()
