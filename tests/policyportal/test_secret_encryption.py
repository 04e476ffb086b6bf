"""The district's OpenID client secret is stored encrypted with PORTAL_ENCRYPTION_KEYS, never in clear: what the
database holds, rotation to a new key, a key gone missing, and the migration that encrypted the existing rows.
(Signing in with an encrypted secret, against the real provider: test_oidc_sign_in.py.)"""

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import override_settings
from django.urls import reverse

from audits.models import AuditEvent
from policyportal.encryption import SecretUnreadable
from policyportal.models import IdentityProvider

SECRET = "district-client-secret-Qw7zR"
OLD_KEY, NEW_KEY = Fernet.generate_key().decode(), Fernet.generate_key().decode()


def provider_of(district, secret=SECRET):
    return IdentityProvider.objects.create(
        district=district,
        issuer="https://idp.wh.example",
        client_id="portal",
        client_secret=secret,
        email_domains="wh.example",
    )


def stored_column(provider) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT client_secret_encrypted FROM policyportal_identityprovider WHERE id = %s", [provider.pk])
        return cursor.fetchone()[0]


def test_the_database_holds_the_secret_encrypted_and_the_portal_reads_it_back(west_hartford):
    provider = provider_of(west_hartford)
    stored = stored_column(provider)
    assert SECRET not in stored and stored.startswith("gAAAA")  # a Fernet token
    assert IdentityProvider.objects.get(pk=provider.pk).client_secret == SECRET


def test_the_same_secret_is_stored_differently_each_time(west_hartford, region_14):
    assert stored_column(provider_of(west_hartford)) != stored_column(provider_of(region_14))


def test_a_secret_encrypted_with_an_old_key_is_read_once_a_new_key_is_put_first(west_hartford):
    with override_settings(ENCRYPTION_KEYS=[OLD_KEY]):
        provider = provider_of(west_hartford)
    with override_settings(ENCRYPTION_KEYS=[NEW_KEY, OLD_KEY]):
        assert IdentityProvider.objects.get(pk=provider.pk).client_secret == SECRET


def test_reencrypting_moves_every_secret_to_the_first_key_so_the_old_one_can_go(west_hartford, capsys):
    with override_settings(ENCRYPTION_KEYS=[OLD_KEY]):
        provider = provider_of(west_hartford)
    with override_settings(ENCRYPTION_KEYS=[NEW_KEY, OLD_KEY]):
        call_command("reencrypt_secrets")
    assert "Encrypted 1 secret(s) again." in capsys.readouterr().out
    with override_settings(ENCRYPTION_KEYS=[NEW_KEY]):
        assert IdentityProvider.objects.get(pk=provider.pk).client_secret == SECRET
    event = AuditEvent.objects.get(action="district.sign_in_secret_reencrypted")
    assert event.district_id == west_hartford.pk and SECRET not in str(event.payload)


def test_a_key_that_opens_nothing_is_a_clear_error_not_an_empty_or_garbled_secret(west_hartford):
    with override_settings(ENCRYPTION_KEYS=[OLD_KEY]):
        provider = provider_of(west_hartford)
    with override_settings(ENCRYPTION_KEYS=[NEW_KEY]):
        stored = IdentityProvider.objects.get(pk=provider.pk)
        assert stored.has_client_secret
        with pytest.raises(SecretUnreadable, match="cannot be decrypted with any key of PORTAL_ENCRYPTION_KEYS"):
            stored.client_secret  # noqa: B018


def test_reencrypting_stops_at_a_secret_no_key_opens_and_changes_nothing(west_hartford):
    with override_settings(ENCRYPTION_KEYS=[OLD_KEY]):
        provider = provider_of(west_hartford)
    before = stored_column(provider)
    with override_settings(ENCRYPTION_KEYS=[NEW_KEY]), pytest.raises(CommandError, match="Nothing was changed"):
        call_command("reencrypt_secrets")
    assert stored_column(provider) == before
    assert not AuditEvent.objects.filter(action="district.sign_in_secret_reencrypted").exists()


def test_an_administrator_replaces_a_secret_no_key_opens_and_the_event_never_holds_it(client, admin, west_hartford):
    with override_settings(ENCRYPTION_KEYS=[OLD_KEY]):
        provider = provider_of(west_hartford)
    client.force_login(admin)
    values = {
        "issuer": provider.issuer,
        "client_id": provider.client_id,
        "client_secret": "the-new-secret",
        "email_domains": provider.email_domains,
        "stable_id_claim": "sub",
        "passwords_enabled": "on",
        "action": "save",
    }
    with override_settings(ENCRYPTION_KEYS=[NEW_KEY]):
        assert client.get(reverse("sign_in_settings")).status_code == 200
        assert client.post(reverse("sign_in_settings"), values).status_code == 302
        assert IdentityProvider.objects.get(pk=provider.pk).client_secret == "the-new-secret"
    event = AuditEvent.objects.get(action="district.sign_in_changed")
    assert "the-new-secret" not in str(event.payload) and stored_column(provider) not in str(event.payload)
    assert event.payload["client_secret"] == ["(kept secret)", "replaced"]


def test_the_migration_encrypts_the_secrets_stored_in_clear_and_going_back_decrypts_them(postgres, west_hartford):
    """On PostgreSQL the schema changes roll back with the test's transaction."""
    after = ("policyportal", "0014_identity_provider_secret_encrypted")
    executor = MigrationExecutor(connection)
    (before,) = executor.loader.get_migration(*after).dependencies
    executor.migrate([before])
    old_model = executor.loader.project_state([before]).apps.get_model("policyportal", "IdentityProvider")
    plain = old_model.objects.create(
        district_id=west_hartford.pk, issuer="https://idp.wh.example", client_id="portal", client_secret=SECRET
    )
    with connection.cursor() as cursor:  # the row's deferred checks, before the migration alters its table
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    MigrationExecutor(connection).migrate([after])
    assert SECRET not in stored_column(plain)
    assert IdentityProvider.objects.get(pk=plain.pk).client_secret == SECRET
    MigrationExecutor(connection).migrate([before])
    with connection.cursor() as cursor:
        cursor.execute("SELECT client_secret FROM policyportal_identityprovider WHERE id = %s", [plain.pk])
        assert cursor.fetchone()[0] == SECRET
