"""A throwaway PostgreSQL database for a benchmark, `<name>_bench` beside the one in DATABASE_URL (or the suffix
in BENCH_DATABASE_SUFFIX, for a benchmark that keeps its own), with Django set up against it. Import this before
anything from the project."""

import os
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg2

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _recreate() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database: the benchmark measures the real thing.")
    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/')}{os.environ.get('BENCH_DATABASE_SUFFIX', '_bench')}"
    admin = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    return urlunsplit(parts._replace(path=f"/{name}"))


os.environ["DATABASE_URL"] = _recreate()
BENCH_SECRET = "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")  # the portal's, plus the frame-only page
os.environ.setdefault("DJANGO_SECRET_KEY", BENCH_SECRET)  # the server's too: sessions are signed with it
# The server's too (it reads the client secret); required with DEBUG off, as in production.
os.environ.setdefault("PORTAL_ENCRYPTION_KEYS", "YmVuY2gtb25seS1lbmNyeXB0aW9uLWtleS0wMTIzNDU=")
os.environ.setdefault("DJANGO_DEBUG", "1")
os.environ.setdefault("EMAIL_URL", "dummymail://")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

call_command("migrate", verbosity=0)
