"""Benchmark: one reminder sweep over N active sites on PostgreSQL (default 5,000), with every site's
monitoring and review overdue. Prints the seconds it took and the queries it used, at two sizes, so that
a query count growing with the sites shows at once. Runs in its own database, `<name>_bench`.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/policyportal python bench/reminder_sweep.py [N]
"""

import json
import os
import sys
import time
from datetime import timedelta

import benchdb  # sets up Django on a fresh benchmark database
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from policyportal.models import District, Role, User
from policyportal.reminders import sweep
from requests.models import SocialMediaRequest, Status
from sites.models import Site, SiteStatus

UNUSABLE = make_password(None)


def build(count: int, district: District, supervisor: User, offset: int) -> None:
    """`count` active sites, bulk-inserted, each overdue for monitoring and for its review."""
    owners = User.objects.bulk_create(
        [
            User(
                username=f"owner{offset + n}",
                district=district,
                role=Role.EMPLOYEE,
                supervisor=supervisor,
                email=f"owner{offset + n}@example.org",
                password=UNUSABLE,
            )
            for n in range(count)
        ]
    )
    now = timezone.now()
    requests = SocialMediaRequest.objects.bulk_create(
        [
            SocialMediaRequest(
                district=district,
                requester=owner,
                site_name=f"Site {offset + n}",
                platform="facebook_group",
                status=Status.APPROVED,
                submitted_at=now,
            )
            for n, owner in enumerate(owners)
        ]
    )
    Site.objects.bulk_create(
        [
            Site(
                district=district,
                owner=request.requester,
                supervisor=supervisor,
                request=request,
                platform="facebook_group",
                name=request.site_name,
                status=SiteStatus.ACTIVE,
                activated_at=now - timedelta(days=30),
                next_review_due=now.date() - timedelta(days=10),
            )
            for request in requests
        ]
    )


def measure() -> dict:
    Site.objects.all().update(activated_at=timezone.now() - timedelta(days=30 + measure.runs))
    measure.runs += 1  # a new due period each run, so every run has the same amount to send
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        sent = len(sweep())
        seconds = time.perf_counter() - started
    return {"sites": Site.objects.count(), "reminders": sent, "seconds": round(seconds, 2), "queries": len(queries)}


measure.runs = 0


def main() -> None:
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    district = District.objects.get(slug="west-hartford")
    admin = User.objects.create(username="bench-admin", district=district, role=Role.DISTRICT_ADMIN, password=UNUSABLE)
    supervisor = User.objects.create(
        username="bench-supervisor", district=district, role=Role.SUPERVISOR, supervisor=admin, password=UNUSABLE
    )
    build(size // 10, district, supervisor, 0)
    small = measure()
    build(size - size // 10, district, supervisor, size // 10)
    large = measure()
    results = {"small": small, "large": large, "machine": f"{os.cpu_count()} cores"}
    print(json.dumps(results, indent=2))
    (benchdb.ROOT / "bench" / "reminder_sweep.json").write_text(json.dumps(results, indent=2) + "\n")
    if large["queries"] != small["queries"]:
        sys.exit(f"The sweep's queries grow with the sites: {small['queries']} -> {large['queries']}")


if __name__ == "__main__":
    main()
