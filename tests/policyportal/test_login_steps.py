"""The sign-in page asks for the work email first; the password step follows only where the district still uses
the portal's own passwords (the district-provider branch is in test_oidc_sign_in.py)."""

import re
from urllib.parse import parse_qs, urlsplit

from django.urls import reverse

from tests import factories
from tests.factories import PASSWORD

LOGIN = reverse("login")


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def test_the_first_step_asks_for_the_work_email_only(client, db):
    page = client.get(LOGIN).content.decode()
    assert 'name="email"' in page and 'action="/accounts/sso/"' in page
    assert 'type="password"' not in page


def test_the_password_step_shows_the_identifier_given_and_focuses_the_password(client, db):
    page = client.get(LOGIN, {"username": "pat@example.org"}).content.decode()
    assert 'type="password"' in page and 'value="pat@example.org"' in page
    assert 'name="email"' not in page, "the work-email form is not shown again"
    inputs = {re.search(r'name="(\w+)"', tag)[1]: tag for tag in re.findall(r"<input[^>]*>", page) if "name=" in tag}
    assert "autofocus" in inputs["password"] and "autofocus" not in inputs["username"]


def test_a_username_goes_on_to_the_password_step(client, db):
    response = client.post(reverse("sso_start"), {"email": "operator"})
    assert response.status_code == 302
    assert urlsplit(response.url).path == LOGIN and query_of(response.url) == {"username": ["operator"]}


def test_the_page_to_return_to_is_kept_through_both_steps_and_an_outside_one_is_dropped(client, db):
    kept = client.post(reverse("sso_start"), {"email": "someone@example.org", "next": "/sites/"})
    assert query_of(kept.url)["next"] == ["/sites/"]
    dropped = client.post(reverse("sso_start"), {"email": "someone@example.org", "next": "https://evil.example/"})
    assert "next" not in query_of(dropped.url)


def test_an_empty_first_step_asks_again_with_a_message(client, db):
    response = client.post(reverse("sso_start"), {"email": "  "}, follow=True)
    assert response.redirect_chain[-1][0] == LOGIN
    assert "Give your work email address" in response.content.decode()


def test_a_password_district_signs_in_with_the_work_email_and_the_password(client, employee):
    step = client.post(reverse("sso_start"), {"email": employee.email.upper()})
    identifier = query_of(step.url)["username"][0]
    response = client.post(LOGIN, {"username": identifier, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(employee.pk)


def test_an_email_two_accounts_share_signs_neither_in(client, west_hartford, employee):
    factories.user(district=west_hartford, username="twin", email=employee.email)
    response = client.post(LOGIN, {"username": employee.email, "password": PASSWORD})
    assert response.status_code == 200
    assert "That email or username and password do not match an account" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_closed_accounts_email_does_not_stand_for_the_open_account_sharing_it(client, west_hartford, employee):
    closed = factories.user(district=west_hartford, username="closed", email="shared@example.org")
    closed.is_active = False
    closed.save(update_fields=["is_active"])
    open_one = factories.user(district=west_hartford, username="open", email="shared@example.org")
    client.post(LOGIN, {"username": "shared@example.org", "password": PASSWORD})
    assert client.session["_auth_user_id"] == str(open_one.pk)
