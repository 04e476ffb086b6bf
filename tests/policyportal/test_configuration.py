"""Configuration comes only from the environment; a bad value stops start-up naming its variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "a-real-production-secret-Xq8v2LkP0mZr7TnB4wYc9HsD3jFe6GaU1oQiV5",
    "DJANGO_ALLOWED_HOSTS": "portal.example.org",
    "PORTAL_ENCRYPTION_KEYS": "hCNb1oCe2M0nPxdtE1JWwLUzh3kM2h9u2Kq0uKJ1b7A=",
}


def manage(*args: str, **variables: str) -> subprocess.CompletedProcess:
    keep = {"PATH", "HOME", "LANG", "DATABASE_URL"}
    environment = {name: value for name, value in os.environ.items() if name in keep}
    environment.update(variables)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60
    )


def test_check_deploy_passes_with_only_the_four_production_variables():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_debug_is_off_unless_asked_for():
    result = manage("shell", "-c", "from django.conf import settings; print(settings.DEBUG)", **PRODUCTION)
    assert result.stdout.strip().splitlines()[-1] == "False"


def python(code: str, **variables: str) -> subprocess.CompletedProcess:
    environment = {name: value for name, value in os.environ.items() if name in {"PATH", "HOME", "LANG"}}
    environment.update(variables)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize("entry_point", ["policyportal.wsgi", "policyportal.asgi"])
def test_without_a_secret_key_production_refuses_to_serve_naming_the_variable(entry_point):
    result = python(f"import {entry_point}", **{**PRODUCTION, "DJANGO_SECRET_KEY": ""})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off" in result.stderr


def test_without_a_secret_key_nothing_can_be_signed_and_the_deploy_check_fails():
    variables = {**PRODUCTION, "DJANGO_SECRET_KEY": "", "DJANGO_SETTINGS_MODULE": "policyportal.settings"}
    signing = python("import django; django.setup(); from django.core import signing; signing.dumps(1)", **variables)
    assert "SECRET_KEY setting must not be empty" in signing.stderr
    assert manage("check", "--deploy", "--fail-level", "WARNING", **variables).returncode != 0


@pytest.mark.parametrize("entry_point", ["policyportal.wsgi", "policyportal.asgi"])
def test_without_an_encryption_key_production_refuses_to_serve_naming_the_variable(entry_point):
    result = python(f"import {entry_point}", **{**PRODUCTION, "PORTAL_ENCRYPTION_KEYS": ""})
    assert result.returncode != 0
    assert "PORTAL_ENCRYPTION_KEYS must be set when DJANGO_DEBUG is off" in result.stderr


def test_without_an_encryption_key_the_deployment_check_fails_naming_the_variable():
    result = manage("check", "--deploy", **{**PRODUCTION, "PORTAL_ENCRYPTION_KEYS": ""})
    assert result.returncode != 0
    assert "(policyportal.E001) PORTAL_ENCRYPTION_KEYS must be set when DJANGO_DEBUG is off" in result.stderr


def test_commands_that_need_no_key_run_without_one_and_print_no_pdf_steps():
    """makemigrations and the plain checks load the project in production settings without the key."""
    result = manage("makemigrations", "--check", "--dry-run", **{**PRODUCTION, "PORTAL_ENCRYPTION_KEYS": ""})
    assert result.returncode == 0, result.stderr
    assert "PORTAL_ENCRYPTION_KEYS" not in result.stderr and "Fetching and parsing CSS" not in result.stderr


def test_a_developer_needs_no_encryption_key():
    """`make run` sets only DJANGO_DEBUG (and plain HTTP): the key is derived from the development secret key."""
    result = manage("check", DJANGO_DEBUG="1", DJANGO_HTTPS="0")
    assert result.returncode == 0, result.stderr


def test_a_bad_encryption_key_is_named_by_its_position_and_never_shown():
    bad_key = "not-a-fernet-key-but-maybe-a-password"
    result = manage(
        "check", **{**PRODUCTION, "PORTAL_ENCRYPTION_KEYS": f"{PRODUCTION['PORTAL_ENCRYPTION_KEYS']},{bad_key}"}
    )
    assert result.returncode != 0
    assert "Key 2 of PORTAL_ENCRYPTION_KEYS is not a Fernet key" in result.stderr
    assert bad_key not in result.stderr


def test_migrations_can_be_checked_and_run_before_the_secret_key_is_provisioned():
    variables = {**PRODUCTION, "DJANGO_SECRET_KEY": "", "DATABASE_URL": "sqlite://"}
    result = manage("makemigrations", "--check", "--dry-run", **variables)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("DJANGO_DEBUG", "maybe", "DJANGO_DEBUG='maybe' is not a yes/no value"),
        ("DATABASE_URL", "mysql://db/portal", "DATABASE_URL has the scheme 'mysql'"),
        ("REDIS_URL", "localhost:6379", "REDIS_URL has the scheme"),
        ("EMAIL_URL", "carrier-pigeon://coop", "EMAIL_URL has the scheme 'carrier-pigeon'"),
        ("SESSION_IDLE_MINUTES", "half an hour", "SESSION_IDLE_MINUTES='half an hour' is not a whole number"),
        ("PORTAL_BASE_URL", "portal.example.org", "PORTAL_BASE_URL has the scheme"),
        ("LOG_LEVEL", "chatty", "LOG_LEVEL='CHATTY' is not one of"),
        ("AXES_FAILURE_LIMIT", "0", "AXES_FAILURE_LIMIT=0 is too small"),
    ],
)
def test_an_invalid_value_stops_start_up_naming_the_variable(variable, value, message):
    result = manage("check", **{**PRODUCTION, variable: value})
    assert result.returncode != 0
    assert message in result.stderr


def test_collectstatic_succeeds_with_the_production_settings(tmp_path):
    """The README's deployment runs it; WhiteNoise's manifest refuses any file a stylesheet or script names
    that is not there."""
    script = (
        "from django.conf import settings; from django.core.management import call_command; "
        f"settings.STATIC_ROOT = {str(tmp_path)!r}; call_command('collectstatic', interactive=False, verbosity=0); "
        "print('collected')"
    )
    result = manage("shell", "-c", script, **PRODUCTION)
    assert "collected" in result.stdout, result.stderr
    assert (tmp_path / "staticfiles.json").exists()
