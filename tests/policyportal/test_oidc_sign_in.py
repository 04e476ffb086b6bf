"""Signing in with the district's own accounts, against a real OpenID provider (oidc-provider on loopback).

Refusals the real provider cannot be made to produce (a token for another audience, from another issuer,
expired, signed by another key, with another nonce) are handed to the portal's callback as an attacker would:
a token signed here with joserfc, in place of the provider's answer at the token endpoint. The checks run
against the real provider's discovery document and published keys."""

import io
import time
from urllib.parse import parse_qs, urlparse

import pytest
from cryptography.fernet import Fernet
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from joserfc import jwt
from joserfc.jwk import RSAKey

from audits.models import AuditEvent
from policyportal import oidc
from policyportal.models import IdentityProvider, Role, SignInFailureKind, SignInFailureTally, User
from tests import factories
from tests.oidc_support import CLIENT_ID, CLIENT_SECRET, free_port, running_provider, through_provider
from tests.policyportal.directory import files
from tests.policyportal.directory.conftest import import_files

PORTAL = "http://testserver"
CALLBACK = f"{PORTAL}{reverse('oidc_callback')}"


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    with running_provider(tmp_path_factory.mktemp("oidc"), [CALLBACK], [f"{PORTAL}/accounts/login/"]) as running:
        yield running


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


@pytest.fixture
def idp(provider, west_hartford, admin):
    return IdentityProvider.objects.create(
        district=west_hartford,
        enabled=True,
        issuer=provider.issuer,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        email_domains="wh.example",
        passwords_enabled=False,
        break_glass_admin=admin,
    )


def person(*, district, directory_id="", is_active=True, **fields):
    """A person as the staff import leaves them: with the directory's stable id."""
    created = factories.user(district=district, **fields)
    User.objects.filter(pk=created.pk).update(directory_id=directory_id, is_active=is_active)
    created.refresh_from_db()
    return created


@pytest.fixture
def ann(west_hartford, supervisor):
    return person(
        district=west_hartford, username="ann", email="ann@wh.example", directory_id="wh-dir-ann", supervisor=supervisor
    )


def refusals(reason=None):
    events = AuditEvent.objects.filter(action="auth.sso_refused")
    return [e.payload["reason"] for e in events] if reason is None else events.filter(payload__reason=reason)


def start(client, email="ann@wh.example"):
    response = client.post(reverse("sso_start"), {"email": email})
    assert response.status_code == 302, response.content
    return response.url


def sign_in(client, login, typed_at_portal=""):
    callback = through_provider(start(client, typed_at_portal or login), portal_prefix=PORTAL, login=login)
    return client.get(callback.removeprefix(PORTAL))


def test_an_imported_employee_signs_in_through_the_provider_by_directory_id(client, idp, ann):
    response = sign_in(client, "ann@wh.example")
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.session["_auth_user_id"] == str(ann.pk)
    login = AuditEvent.objects.get(action="auth.login")
    assert login.actor_id == ann.pk


def test_a_secret_encrypted_with_an_old_key_still_signs_in_after_rotation(client, provider, west_hartford, admin, ann):
    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    with override_settings(ENCRYPTION_KEYS=[old_key]):
        rotated = IdentityProvider.objects.create(
            district=west_hartford,
            enabled=True,
            issuer=provider.issuer,
            client_id=CLIENT_ID,
            client_secret=CLIENT_SECRET,
            email_domains="wh.example",
        )
    with override_settings(ENCRYPTION_KEYS=[new_key, old_key]):
        assert sign_in(client, "ann@wh.example").status_code == 302
        call_command("reencrypt_secrets", stdout=io.StringIO())
    client.logout()
    with override_settings(ENCRYPTION_KEYS=[new_key]):
        assert IdentityProvider.objects.get(pk=rotated.pk).client_secret == CLIENT_SECRET
        assert sign_in(client, "ann@wh.example").status_code == 302
    assert client.session["_auth_user_id"] == str(ann.pk)


def test_a_secret_no_key_opens_stops_the_sign_in_with_a_clear_page_and_log(client, idp, ann, caplog):
    """Never an empty or garbled secret sent to the provider: the log tells IT which variable to fix."""
    with override_settings(ENCRYPTION_KEYS=[Fernet.generate_key().decode()]):
        response = sign_in(client, "ann@wh.example")
    assert response.status_code == 503
    assert "sign-in service is not answering" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert "cannot be decrypted with any key of PORTAL_ENCRYPTION_KEYS" in caplog.text


def test_the_authorization_request_uses_pkce_state_and_nonce(client, idp, ann):
    query = parse_qs(urlparse(start(client)).query)
    pending = client.session["portal_oidc_pending"]
    assert query["code_challenge_method"] == ["S256"]
    assert query["state"] == [pending["state"]] and query["nonce"] == [pending["nonce"]]
    assert query["redirect_uri"] == [CALLBACK] and "openid" in query["scope"][0]


def test_a_person_known_only_by_verified_email_signs_in(client, idp, west_hartford):
    carl = factories.user(district=west_hartford, username="carl", email="carl@wh.example")
    response = sign_in(client, "carl@wh.example")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(carl.pk)


def test_an_unknown_person_is_refused_when_just_in_time_accounts_are_off(client, idp):
    response = sign_in(client, "bob@wh.example")
    assert response.status_code == 403
    assert "has no portal account for bob@wh.example" in response.content.decode()
    assert not User.objects.filter(email="bob@wh.example").exists()
    assert refusals() == ["unknown_person"]


def test_an_unknown_person_gets_an_employee_account_just_in_time_where_allowed(client, idp):
    IdentityProvider.objects.filter(pk=idp.pk).update(jit_accounts=True)
    response = sign_in(client, "bob@wh.example")
    assert response.status_code == 302
    bob = User.objects.get(email="bob@wh.example")
    assert (bob.role, bob.supervisor, bob.directory_id, bob.district_id) == (Role.EMPLOYEE, None, "", idp.district_id)
    assert not bob.has_usable_password()
    assert AuditEvent.objects.filter(action="user.created", target_id=str(bob.pk)).exists()
    from policyportal import rules

    assert rules.lacks_supervisor(bob)  # on the administrators' problem list


def test_a_just_in_time_account_is_found_by_the_next_directory_import_not_refused_by_it(client, idp, admin):
    """The account's directory id is the staff import's to set: the directory brings the person by email."""
    IdentityProvider.objects.filter(pk=idp.pk).update(jit_accounts=True)
    sign_in(client, "bob@wh.example")
    bob = User.objects.get(email="bob@wh.example")
    orgs, people = files.district()
    people.append(files.Person("t-bob", "Bob", "Baker", email="bob@wh.example"))
    import_files(idp.district, admin, files.oneroster_12(orgs, people))
    bob.refresh_from_db()
    assert bob.directory_id == "t-bob"
    assert User.objects.filter(email__iexact="bob@wh.example").count() == 1


def test_an_email_outside_the_districts_domains_is_refused(client, idp):
    response = sign_in(client, "eve@elsewhere.example", typed_at_portal="eve@wh.example")
    assert response.status_code == 403
    assert refusals() == ["email_outside_domains"]


def test_a_deactivated_person_is_refused(client, idp, west_hartford):
    person(district=west_hartford, username="dee", email="dee@wh.example", directory_id="wh-dir-dee", is_active=False)
    response = sign_in(client, "dee@wh.example")
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
    assert refusals() == ["deactivated"]


def test_a_person_of_another_district_is_refused(client, idp, region_14):
    person(district=region_14, username="rita", email="rita@r14.example", directory_id="r14-dir-rita")
    response = sign_in(client, "rita@wh.example")
    assert response.status_code == 403
    assert "another district" in response.content.decode()
    assert refusals() == ["another_district"]


def test_a_replayed_callback_is_refused(client, idp, ann):
    callback = through_provider(start(client), portal_prefix=PORTAL, login="ann@wh.example")
    assert client.get(callback.removeprefix(PORTAL)).status_code == 302
    client.logout()
    response = client.get(callback.removeprefix(PORTAL))
    assert response.status_code == 400
    assert refusals() == [], "anyone can send a callback without end: it is counted for the hour's summary"
    assert "recorded for the district" not in response.content.decode(), "the page does not claim a record"
    assert SignInFailureTally.objects.get().kind == SignInFailureKind.NO_SIGN_IN_STARTED


def test_a_callback_with_another_state_is_refused(client, idp, ann):
    callback = through_provider(start(client), portal_prefix=PORTAL, login="ann@wh.example")
    response = client.get(callback.removeprefix(PORTAL).replace("state=", "state=x"))
    assert "recorded for the district" in response.content.decode()
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session
    assert refusals() == ["state_mismatch"]


def test_a_password_sign_in_is_refused_where_passwords_are_off(client, idp, ann):
    response = client.post(reverse("login"), {"username": "ann", "password": factories.PASSWORD})
    assert response.status_code == 200
    assert "Your district signs in with its own accounts" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="auth.password_refused", target_id=str(ann.pk)).exists()


def test_the_break_glass_administrator_still_signs_in_with_a_password(client, idp, admin):
    response = client.post(reverse("login"), {"username": "admin", "password": factories.PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(admin.pk)


def test_an_email_of_a_district_without_a_provider_goes_to_the_password_form(client, idp):
    response = client.post(reverse("sso_start"), {"email": "someone@r14.example"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("login")) and "someone%40r14.example" in response.url


def test_the_provider_being_down_gives_a_clear_page(client, idp):
    issuer = f"http://127.0.0.1:{free_port()}"
    IdentityProvider.objects.filter(pk=idp.pk).update(issuer=issuer)
    response = client.post(reverse("sso_start"), {"email": "ann@wh.example"})
    assert response.status_code == 503
    page = response.content.decode()
    assert "sign-in service is not answering" in page
    assert issuer not in page, "where the portal looked is for the log, not for whoever typed an email"


def test_a_sign_in_whose_provider_was_turned_off_meanwhile_is_refused_and_recorded(client, idp, ann):
    client.post(reverse("sso_start"), {"email": "ann@wh.example"})
    state = client.session["portal_oidc_pending"]["state"]
    IdentityProvider.objects.filter(pk=idp.pk).update(enabled=False)
    response = client.get(reverse("oidc_callback"), {"state": state, "code": "anything"})
    assert response.status_code == 400
    refused = AuditEvent.objects.get(action="auth.sso_refused", payload__reason="provider_disabled")
    assert refused.district_id == idp.district_id


def test_the_providers_own_refusal_is_shown_and_recorded(client, idp, ann, provider):
    """The provider answers the callback with `error=` (here `login_required`: asked not to show its sign-in page,
    it has nobody signed in)."""
    callback = through_provider(f"{start(client)}&prompt=none", portal_prefix=PORTAL, login="ann@wh.example")
    assert "error=login_required" in callback
    response = client.get(callback.removeprefix(PORTAL))
    assert response.status_code == 403
    assert "The provider did not sign you in (login_required)" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert refusals() == ["provider_error:login_required"]


@pytest.fixture(scope="module")
def provider_with_userinfo(tmp_path_factory):
    """A provider whose ID tokens carry only `sub`: the email comes from its userinfo endpoint."""
    with running_provider(
        tmp_path_factory.mktemp("oidc-userinfo"),
        [CALLBACK],
        [f"{PORTAL}/accounts/login/"],
        id_token_carries_only_sub=True,
    ) as running:
        yield running


def test_the_email_is_read_from_userinfo_when_the_id_token_lacks_it(client, idp, provider_with_userinfo, west_hartford):
    IdentityProvider.objects.filter(pk=idp.pk).update(issuer=provider_with_userinfo.issuer)
    carl = factories.user(district=west_hartford, username="carl", email="carl@wh.example")
    response = sign_in(client, "carl@wh.example")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(carl.pk), "matched by the email userinfo gave"


def test_signing_out_ends_the_providers_session_too(client, idp, ann, provider):
    sign_in(client, "ann@wh.example")
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response.url.startswith(f"{provider.issuer}/session/end?id_token_hint=")
    assert "_auth_user_id" not in client.session


# Tokens an attacker signs: each must be refused by the portal's own checks.


def forged(client, monkeypatch, provider, *, key=None, **overrides):
    start(client)
    pending = client.session["portal_oidc_pending"]
    now = int(time.time())
    claims = {
        "iss": provider.issuer,
        "aud": CLIENT_ID,
        "sub": "wh-dir-ann",
        "email": "ann@wh.example",
        "email_verified": True,
        "iat": now,
        "exp": now + 300,
        "nonce": pending["nonce"],
        **overrides,
    }
    key = key or provider.signing_key
    token = jwt.encode({"alg": "RS256", "kid": key.kid}, claims, key)
    monkeypatch.setattr(oidc, "exchange_code", lambda *args, **kwargs: {"id_token": token})
    return client.get(reverse("oidc_callback"), {"code": "attacker", "state": pending["state"]})


def test_a_token_signed_by_the_providers_key_with_right_claims_is_accepted(client, idp, ann, provider, monkeypatch):
    assert forged(client, monkeypatch, provider).status_code == 302


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"aud": "another-client"}, "wrong_audience"),
        ({"iss": "https://evil.example"}, "wrong_issuer"),
        ({"exp": int(time.time()) - 600, "iat": int(time.time()) - 900}, "expired"),
        ({"nonce": "another-nonce"}, "nonce_mismatch"),
    ],
)
def test_a_forged_token_is_refused(client, idp, ann, provider, monkeypatch, overrides, reason):
    response = forged(client, monkeypatch, provider, **overrides)
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
    assert refusals() == [reason]


def test_a_token_issued_in_the_future_beyond_the_allowed_skew_is_refused(client, idp, ann, provider, monkeypatch):
    now = int(time.time())
    response = forged(client, monkeypatch, provider, iat=now + oidc.CLOCK_SKEW_SECONDS + 60, exp=now + 900)
    assert response.status_code == 403
    assert refusals() == ["issued_in_future"]


def test_a_token_issued_within_the_allowed_skew_is_accepted(client, idp, ann, provider, monkeypatch):
    response = forged(client, monkeypatch, provider, iat=int(time.time()) + oidc.CLOCK_SKEW_SECONDS - 20)
    assert response.status_code == 302 and refusals() == []


def test_a_token_for_several_audiences_needs_the_portal_as_its_authorized_party(
    client, idp, ann, provider, monkeypatch
):
    audiences = [CLIENT_ID, "another-client"]
    assert forged(client, monkeypatch, provider, aud=audiences, azp="another-client").status_code == 403
    assert refusals() == ["wrong_audience"]
    client.cookies.clear()
    assert forged(client, monkeypatch, provider, aud=audiences, azp=CLIENT_ID).status_code == 302


def test_a_token_signed_by_another_key_is_refused(client, idp, ann, provider, monkeypatch):
    other = RSAKey.generate_key(2048, parameters={"kid": provider.signing_key.kid}, private=True)
    assert forged(client, monkeypatch, provider, key=other).status_code == 403
    assert refusals() == ["bad_signature"]


def test_a_token_naming_an_unknown_key_is_refused_after_fetching_the_keys_again(
    client, idp, ann, provider, monkeypatch
):
    other = RSAKey.generate_key(2048, parameters={"kid": "attacker-key"}, private=True)
    assert forged(client, monkeypatch, provider, key=other).status_code == 403
    assert refusals() == ["unknown_key"]


# The district administrator's settings page.


def test_the_administrator_sets_the_provider_tests_the_connection_and_never_sees_the_secret(client, provider, admin):
    client.force_login(admin)
    url = reverse("sign_in_settings")
    values = {
        "enabled": "on",
        "issuer": provider.issuer,
        "client_id": CLIENT_ID,
        "client_secret": "the-very-secret",
        "email_domains": "wh.example",
        "stable_id_claim": "sub",
        "passwords_enabled": "on",
    }
    assert client.post(url, {**values, "action": "save"}).status_code == 302
    saved = IdentityProvider.objects.get(district=admin.district)
    assert saved.client_secret == "the-very-secret"
    page = client.get(url).content.decode()
    assert "the-very-secret" not in page and "stored (never shown)" in page
    event = AuditEvent.objects.get(action="district.sign_in_changed")
    assert "the-very-secret" not in str(event.payload) and event.payload["client_secret"][1] == "replaced"
    tested = client.post(url, {"action": "test"}, follow=True).content.decode()
    assert "The connection works" in tested
    IdentityProvider.objects.filter(pk=saved.pk).update(issuer=f"http://127.0.0.1:{free_port()}")
    assert "The connection failed" in client.post(url, {"action": "test"}, follow=True).content.decode()


def test_only_the_districts_administrators_open_the_sign_in_settings(client, employee):
    client.force_login(employee)
    assert client.get(reverse("sign_in_settings")).status_code == 403


def test_an_issuer_that_is_not_https_is_refused_on_the_settings_page(client, idp, admin):
    from policyportal.services.sign_in import identity_provider_save

    with pytest.raises(ValidationError) as refused:
        identity_provider_save(district=idp.district, by=admin, values={"issuer": "http://sso.wh.example"})
    assert "https" in refused.value.message_dict["issuer"][0]
    assert IdentityProvider.objects.get(pk=idp.pk).issuer == idp.issuer
