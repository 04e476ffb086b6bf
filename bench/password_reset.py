"""Benchmark: asking for a password reset, for an address with an account and for one without (issue 16: the
same answer in the same time). Requests alternate between the two through Django's whole request cycle, on
PostgreSQL and, when REDIS_URL is set, publishing to Redis as in production; it prints and writes each median and
95th percentile to bench/password_reset.json. Runs in its own database, `<name>_bench_reset`. No worker runs: between
requests, untimed, the request rows are deleted as the sweep would, so each request writes its row as in production
rather than meeting the per-address cap.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/policyportal REDIS_URL=redis://127.0.0.1:6379/0 \
        python bench/password_reset.py [N]
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path

os.environ["BENCH_DATABASE_SUFFIX"] = "_bench_reset"
os.environ.setdefault("DJANGO_DEBUG", "0")  # as in production: no query log
os.environ.setdefault("DJANGO_HTTPS", "0")  # plain HTTP: no redirect to https to measure
os.environ.setdefault("LOG_LEVEL", "WARNING")

import benchdb  # noqa: F401  (sets up Django on a database of its own)
from django.test import Client
from django.urls import reverse

from policyportal.celery import app as celery_app
from policyportal.models import District, PasswordResetRequest, Role
from policyportal.services import user_create

WARM_UP = 50
KNOWN, UNKNOWN = "known@example.org", "unknown@example.org"
PASSWORD = "bench-only-password"


def main(count: int) -> None:
    district = District.objects.get(slug="west-hartford")
    user_create(
        district=district,
        username="known",
        email=KNOWN,
        first_name="Kim",
        last_name="Known",
        role=Role.EMPLOYEE,
        password=PASSWORD,
    )
    client, url = Client(), reverse("password_reset")
    times: dict[str, list[float]] = {KNOWN: [], UNKNOWN: []}
    for round_ in range(WARM_UP + count):
        for email in (KNOWN, UNKNOWN) if round_ % 2 else (UNKNOWN, KNOWN):
            started = time.perf_counter()
            response = client.post(url, {"email": email})
            elapsed = time.perf_counter() - started
            assert response.status_code == 302, response.status_code
            if round_ >= WARM_UP:
                times[email].append(elapsed * 1000)
            PasswordResetRequest.objects.all().delete()
    celery_app.control.purge()  # no worker runs: drop the sweeps the requests asked for
    result = {
        label: {
            "median_ms": round(statistics.median(times[email]), 2),
            "p95_ms": round(statistics.quantiles(times[email], n=20)[-1], 2),
            "requests": len(times[email]),
        }
        for label, email in (("address with an account", KNOWN), ("address without", UNKNOWN))
    }
    result["broker"] = "Redis" if os.environ.get("REDIS_URL") else "filesystem"
    print(json.dumps(result, indent=2))
    (Path(__file__).parent / "password_reset.json").write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
