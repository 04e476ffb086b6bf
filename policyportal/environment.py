"""Typed readers for configuration from the environment.

Every reader names its variable when the value is wrong, so a bad deployment stops at start-up with
a message an operator can act on, instead of running with a silently different setting.
"""

import base64
import hashlib
import hmac
import os
from pathlib import Path
from urllib.parse import urlsplit

import environ
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}

DATABASE_SCHEMES = {"postgres", "postgresql", "pgsql", "sqlite"}
BROKER_SCHEMES = {"redis", "rediss"}
EMAIL_SCHEMES = {"smtp", "smtps", "smtp+tls", "smtp+ssl", "consolemail", "filemail", "memorymail", "dummymail"}


def read_dotenv(path: Path) -> None:
    """Load `.env` if present; variables already in the environment win."""
    if path.is_file():
        environ.Env.read_env(str(path), overwrite=False)


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return None
    return value.strip()


def get_str(name: str, default: str | None = None) -> str | None:
    value = _raw(name)
    return default if value is None else value


def get_bool(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None:
        return default
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a yes/no value: use 1 or 0 (or true/false).")


def get_int(name: str, default: int, *, minimum: int = 0) -> int:
    value = _raw(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None
    if number < minimum:
        raise ImproperlyConfigured(f"{name}={number} is too small: it must be at least {minimum}.")
    return number


def get_choice(name: str, default: str, choices: set[str]) -> str:
    value = get_str(name, default).upper()
    if value not in choices:
        raise ImproperlyConfigured(f"{name}={value!r} is not one of: {', '.join(sorted(choices))}.")
    return value


def get_list(name: str, default: list[str]) -> list[str]:
    value = _raw(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def _checked_url(name: str, value: str, schemes: set[str]) -> str:
    scheme = urlsplit(value).scheme
    if scheme not in schemes:
        allowed = ", ".join(sorted(schemes))
        raise ImproperlyConfigured(f"{name} has the scheme {scheme or '(none)'!r}; expected one of: {allowed}.")
    return value


def get_database(name: str, default: str) -> dict:
    url = _checked_url(name, get_str(name, default), DATABASE_SCHEMES)
    config = environ.Env.db_url_config(url)
    if config["ENGINE"].endswith("postgresql") and not config.get("NAME"):
        raise ImproperlyConfigured(f"{name} names no database: add it after the host, e.g. /policyportal.")
    return config


def get_migration_database(name: str, runtime: dict) -> dict | None:
    """The tables' owner for `migrate`, on the runtime's own PostgreSQL database; None when unset."""
    if get_str(name) is None:
        return None
    config = get_database(name, "")
    if not runtime["ENGINE"].endswith("postgresql") or not config["ENGINE"].endswith("postgresql"):
        raise ImproperlyConfigured(f"{name} is for PostgreSQL only, and then DATABASE_URL must be PostgreSQL too.")

    def place(database: dict) -> tuple:
        return database["NAME"], database["HOST"], str(database["PORT"] or 5432)

    if place(config) != place(runtime):
        raise ImproperlyConfigured(f"{name} must name the same host, port and database as DATABASE_URL.")
    if config["USER"] == runtime["USER"]:
        raise ImproperlyConfigured(f"{name} must name another role than DATABASE_URL: the owner, not the runtime.")
    return config


def get_absolute_path(name: str) -> str:
    """A folder or file given by its absolute path, or "" when unset (the feature it configures is off)."""
    value = get_str(name, "")
    if value and not Path(value).is_absolute():
        raise ImproperlyConfigured(f"{name}={value!r} is not an absolute path (it must start with /).")
    return value


def get_broker_url(name: str) -> str | None:
    value = get_str(name)
    return None if value is None else _checked_url(name, value, BROKER_SCHEMES)


def get_email(name: str, default: str) -> dict:
    url = _checked_url(name, get_str(name, default), EMAIL_SCHEMES)
    return environ.Env.email_url_config(url)


def get_http_url(name: str, default: str) -> str:
    value = _checked_url(name, get_str(name, default), {"http", "https"})
    if not urlsplit(value).netloc:
        raise ImproperlyConfigured(f"{name}={value!r} has no host.")
    return value.rstrip("/")


ENCRYPTION_KEYS_MISSING = (
    "PORTAL_ENCRYPTION_KEYS must be set when DJANGO_DEBUG is off: it encrypts the secrets the portal keeps in "
    "its database. Make a key with: "
    "python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'"
)


def get_fernet_keys(name: str) -> list[str]:
    """Comma-separated Fernet keys. A bad one is named by its position, never shown: it is a secret."""
    keys = get_list(name, [])
    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key)
        except ValueError:
            raise ImproperlyConfigured(
                f"Key {position} of {name} is not a Fernet key (32 bytes in url-safe base64)."
            ) from None
    return keys


def fernet_key_derived_from(secret_key: str) -> str:
    """The encryption key of a developer's machine and the tests, derived from DJANGO_SECRET_KEY so that nobody
    has to set one there; production sets PORTAL_ENCRYPTION_KEYS instead."""
    digest = hmac.new(secret_key.encode(), b"policyportal.encryption", hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode()


def require_keys() -> None:
    """Called by the WSGI and ASGI entry points before they serve: a production server without
    DJANGO_SECRET_KEY or PORTAL_ENCRYPTION_KEYS stops here with a message that names it."""
    from django.conf import settings

    if settings.SECRET_KEY_MISSING:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    if settings.ENCRYPTION_KEYS_MISSING:
        raise ImproperlyConfigured(ENCRYPTION_KEYS_MISSING)
