"""Benchmark: signing in through the district's own OpenID provider (issue 15's budget: the portal's own time
under 50 ms at the median, the provider's keys cached). Writes bench/sign_in.json; exits 1 when over budget.

The real provider the tests use (tests/oidc_provider, on a loopback port) serves a district of 2,000 imported
staff. After a warm-up that fills the discovery and keys cache, each of N sign-ins (default 200) posts the work
email to the portal, signs in at the provider as a browser would, brings the code back to the portal's callback,
and signs out. The portal's own time is its two requests, through Django's whole request cycle, less what the
callback spends waiting on the provider's token and userinfo endpoints (inside httpx's `send`). Runs in its own
database, `<name>_bench_signin`.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/policyportal python bench/sign_in.py [N]
"""

import csv
import io
import json
import math
import os
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

from cryptography.fernet import Fernet

os.environ["BENCH_DATABASE_SUFFIX"] = "_bench_signin"
os.environ.setdefault("DJANGO_DEBUG", "0")  # as in production: no query log
os.environ.setdefault("DJANGO_HTTPS", "1")  # as in production; the client says every request is https
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("PORTAL_ENCRYPTION_KEYS", Fernet.generate_key().decode())  # keeps the client secret

import benchdb
import httpx
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from policyportal import oidc
from policyportal.models import District, Role, User
from policyportal.services.sign_in import identity_provider_save
from tests.oidc_support import CLIENT_ID, CLIENT_SECRET, USERS, running_provider, through_provider

warnings.filterwarnings("ignore", "No directory at")  # WhiteNoise's, for staticfiles/: a sign-in serves no file

BUDGET_MEDIAN_MS = 50
WARM_UP = 20
STAFF = 2000
SCHOOLS = 20
PORTAL = "https://testserver"
EMPLOYEE = "ann@wh.example"  # the provider's user whose `sub` is the directory id the import gives her


class Stopwatch:
    """Wraps the functions the portal calls the provider through and adds up the time spent in them."""

    def __init__(self):
        self.seconds = 0.0
        self.calls = 0

    def around(self, function):
        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - started
                self.calls += 1

        return timed


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


# The wait is httpx sending the request and reading the answer in full: the token endpoint, and userinfo when
# called. Building the client (its TLS context too) and reading the JSON stay the portal's own time.
provider_wait = Stopwatch()
httpx.Client.send = provider_wait.around(httpx.Client.send)  # type: ignore[method-assign]
provider_fetches = Stopwatch()  # discovery and keys, read from the cache once warm
oidc._get_json = provider_fetches.around(oidc._get_json)


def oneroster(claims: dict) -> dict[str, bytes]:
    """users.csv and orgs.csv (OneRoster 1.1): 2,000 staff over 20 schools, a principal each, and the employee."""

    def table(header: str, rows: list[list[str]]) -> bytes:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(header.split(","))
        writer.writerows(rows)
        return out.getvalue().encode()

    orgs = [["district", "", "", "Bench District", "district", "", ""]]
    orgs += [[f"school-{n}", "", "", f"School {n:02}", "school", "", "district"] for n in range(SCHOOLS)]
    staff = [
        (f"u-{n}", f"school-{n % SCHOOLS}", "principal" if n < SCHOOLS else "teacher", f"staff{n}@wh.example")
        for n in range(STAFF)
    ]
    staff.append((claims["sub"], "school-0", "teacher", claims["email"]))
    users = [
        [sid, "", "", "true", org, role, email, "", "Given", sid, "", "", email, "", "", "", "", ""]
        for sid, org, role, email in staff
    ]
    users[-1][8:10] = [claims["given_name"], claims["family_name"]]
    header = (
        "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,"
        "middleName,identifier,email,sms,phone,agentSourcedIds,grades,password"
    )
    return {
        "users.csv": table(header, users),
        "orgs.csv": table("sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId", orgs),
    }


def district_signing_in_through(issuer: str, folder: Path) -> User:
    """A district whose staff came from its directory and who sign in through `issuer` (passwords off but for
    its break-glass administrator); returns the imported employee."""
    district = District.objects.create(name="Bench District", slug="bench-district")
    admin = User.objects.create(username="bench-admin", district=district, role=Role.DISTRICT_ADMIN)
    paths = []
    for name, content in oneroster(USERS[EMPLOYEE]).items():
        (folder / name).write_bytes(content)
        paths.append(str(folder / name))
    call_command("staff_import", "--district", district.slug, *paths, "--apply", stdout=io.StringIO())
    identity_provider_save(
        district=district,
        by=admin,
        values={
            "enabled": True,
            "issuer": issuer,
            "client_id": CLIENT_ID,
            "email_domains": "wh.example",
            "passwords_enabled": False,
            "break_glass_admin": admin,
        },
        client_secret=CLIENT_SECRET,
    )
    return User.objects.get(district=district, directory_id=USERS[EMPLOYEE]["sub"])


def portal_request(client: Client, method: str, path: str, data: dict | None = None) -> tuple:
    """The response, the portal's seconds less the provider's, and the SQL queries."""
    counter = QueryCounter()
    waited = provider_wait.seconds
    with connection.execute_wrapper(counter):
        started = time.perf_counter()
        response = getattr(client, method)(path, data, secure=True)
        seconds = time.perf_counter() - started
    return response, seconds - (provider_wait.seconds - waited), counter.count


def expect(response, status: int, where: str, step: str) -> None:
    if response.status_code != status or not response.get("Location", "").startswith(where):
        raise SystemExit(f"{step}: {response.status_code} to {response.get('Location')!r}, not {status} to {where}")


def sign_in_and_out(client: Client, employee: User, issuer: str) -> dict:
    response, start_seconds, start_queries = portal_request(client, "post", reverse("sso_start"), {"email": EMPLOYEE})
    expect(response, 302, issuer, "sso_start")
    callback = through_provider(response["Location"], portal_prefix=PORTAL, login=EMPLOYEE)
    waited = provider_wait.seconds
    response, callback_seconds, callback_queries = portal_request(client, "get", callback.removeprefix(PORTAL))
    expect(response, 302, reverse("home"), "callback")
    if client.session.get("_auth_user_id") != str(employee.pk):
        raise SystemExit("callback: the employee is not signed in")
    response, out_seconds, out_queries = portal_request(client, "post", reverse("logout"))
    expect(response, 302, issuer, "sign-out")
    return {
        "portal_ms": (start_seconds + callback_seconds) * 1000,
        "sso_start_ms": start_seconds * 1000,
        "callback_ms": callback_seconds * 1000,
        "provider_wait_ms": (provider_wait.seconds - waited) * 1000,
        "queries": start_queries + callback_queries,
        "sign_out_ms": out_seconds * 1000,
        "sign_out_queries": out_queries,
    }


def summary(values: list[float]) -> dict:
    ordered = sorted(values)
    return {
        "median": round(statistics.median(ordered), 2),
        "p95": round(ordered[math.ceil(len(ordered) * 0.95) - 1], 2),
        "max": round(ordered[-1], 2),
    }


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    callback_url = f"{PORTAL}{reverse('oidc_callback')}"
    with (
        tempfile.TemporaryDirectory() as folder,
        running_provider(Path(folder), [callback_url], [f"{PORTAL}{reverse('login')}"]) as provider,
    ):
        employee = district_signing_in_through(provider.issuer, Path(folder))
        client = Client()
        for _ in range(WARM_UP):
            sign_in_and_out(client, employee, provider.issuer)
        fetches_before = provider_fetches.calls
        load_before = os.getloadavg()[0]
        rounds = [sign_in_and_out(client, employee, provider.issuer) for _ in range(count)]
        load_after = os.getloadavg()[0]
    queries = sorted({r["queries"] for r in rounds})
    results = {
        "sign_ins": count,
        "warm_up": WARM_UP,
        "district_staff": STAFF + 1,
        "portal_ms": summary([r["portal_ms"] for r in rounds]),
        "sso_start_ms": summary([r["sso_start_ms"] for r in rounds]),
        "callback_ms": summary([r["callback_ms"] for r in rounds]),
        "provider_wait_ms": summary([r["provider_wait_ms"] for r in rounds]),
        "queries_per_sign_in": queries[0] if len(queries) == 1 else queries,
        "sign_out_ms": summary([r["sign_out_ms"] for r in rounds]),
        "sign_out_queries": max(r["sign_out_queries"] for r in rounds),
        "discovery_or_key_fetches_while_measured": provider_fetches.calls - fetches_before,
        # Above the machine's cores, the figures include waiting for a CPU.
        "load_average_before_and_after": [round(load_before, 2), round(load_after, 2)],
        "budget": {"portal_median_ms": BUDGET_MEDIAN_MS},
    }
    print(json.dumps(results, indent=2))
    (benchdb.ROOT / "bench" / "sign_in.json").write_text(json.dumps(results, indent=2) + "\n")
    if results["portal_ms"]["median"] > BUDGET_MEDIAN_MS:
        sys.exit(f"Over budget: the portal's own time is {results['portal_ms']['median']} ms at the median.")


if __name__ == "__main__":
    main()
