"""Secrets the portal keeps in its database only to use them (a district's OpenID client secret), encrypted with
Fernet (AES-128-CBC with an HMAC-SHA256 tag) under the keys of PORTAL_ENCRYPTION_KEYS, which never live in the
database. The first key encrypts and every key decrypts, so a key is rotated by putting a new one first, running
`manage.py reencrypt_secrets`, then removing the old one (README.md, "Deploying")."""

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from policyportal.environment import ENCRYPTION_KEYS_MISSING


class SecretUnreadable(ImproperlyConfigured):
    """A stored secret that no key of PORTAL_ENCRYPTION_KEYS opens: the key it was encrypted with is gone."""


def _keys() -> MultiFernet:
    if not settings.ENCRYPTION_KEYS:
        raise ImproperlyConfigured(ENCRYPTION_KEYS_MISSING)
    return MultiFernet([Fernet(key) for key in settings.ENCRYPTION_KEYS])


def encrypt(plaintext: str) -> str:
    return _keys().encrypt(plaintext.encode()).decode()


def decrypt(token: str, *, what: str) -> str:
    try:
        return _keys().decrypt(token.encode()).decode()
    except InvalidToken:
        raise _unreadable(what) from None


def reencrypt(token: str, *, what: str) -> str:
    """The same secret encrypted again with the first key."""
    try:
        return _keys().rotate(token.encode()).decode()
    except InvalidToken:
        raise _unreadable(what) from None


def _unreadable(what: str) -> SecretUnreadable:
    return SecretUnreadable(
        f"{what} cannot be decrypted with any key of PORTAL_ENCRYPTION_KEYS: put back the key it was encrypted "
        "with (keep it after the new one), or type the secret again."
    )


def keys_check(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """policyportal.E001, a deployment check (`check --deploy`): production without PORTAL_ENCRYPTION_KEYS. The
    servers refuse to start without it (`environment.require_keys`), and encrypting or decrypting raises the same
    message; commands that need no key (makemigrations, the other checks) still run."""
    if settings.ENCRYPTION_KEYS_MISSING:
        return [checks.Error(ENCRYPTION_KEYS_MISSING, id="policyportal.E001")]
    return []
