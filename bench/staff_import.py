"""Benchmark: the staff import of N staff (default 20,000) from OneRoster 1.1 CSV into an empty district, then the
same files again, through `manage.py staff_import --apply` as a district's script runs it. Budgets: the first
import under 60 s and 300 MB peak (the process's resident memory), the second under 20 s with no audit event
but the import's own. Writes bench/staff_import.json. Runs in its own database, `<name>_staffbench`.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/policyportal python bench/staff_import.py [N]
"""

import csv
import io
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg2

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BUDGET = {"first_seconds": 60, "first_peak_mb": 300, "again_seconds": 20}


def _recreate_database() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database: the benchmark measures the real thing.")
    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/')}_staffbench"
    admin = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    return urlunsplit(parts._replace(path=f"/{name}"))


os.environ["DATABASE_URL"] = _recreate_database()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "policyportal.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")
os.environ["DJANGO_DEBUG"] = "0"  # as in production: no query log growing with the rows
# Required with DEBUG off, as in production.
os.environ.setdefault("PORTAL_ENCRYPTION_KEYS", "YmVuY2gtb25seS1lbmNyeXB0aW9uLWtleS0wMTIzNDU=")
os.environ.setdefault("DJANGO_HTTPS", "0")
os.environ.setdefault("EMAIL_URL", "dummymail://")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

call_command("migrate", verbosity=0)

from audits.models import AuditEvent  # noqa: E402
from policyportal.models import District, Role, StaffImport, User  # noqa: E402

SCHOOLS = 60
STUDENTS = 2000
ROLES = ["teacher"] * 14 + ["aide", "counselor"]


def _csv(header: str, rows) -> bytes:
    """`header` as the standard prints it, comma-separated."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header.split(","))
    writer.writerows(rows)
    return out.getvalue().encode()


def oneroster(staff: int) -> dict[str, bytes]:
    """users.csv and orgs.csv in OneRoster 1.1's exact layout: `staff` staff over 60 schools (a principal each,
    one in twenty at two schools), and 2,000 students the import must ignore."""
    orgs = [["district", "", "", "Bench District", "district", "", ""]]
    orgs += [[f"school-{n}", "", "", f"School {n:02}", "school", "", "district"] for n in range(SCHOOLS)]
    users = []
    for n in range(staff):
        school = n % SCHOOLS
        role = "principal" if n < SCHOOLS else ROLES[n % len(ROLES)]
        org_ids = f"school-{school}" + (f",school-{(school + 1) % SCHOOLS}" if n % 20 == 7 else "")
        email = f"staff{n}@bench.example.org"
        users.append(
            [
                f"u-{n}",
                "",
                "",
                "true",
                org_ids,
                role,
                email,
                "",
                f"Given{n}",
                f"Family{n}",
                "",
                "",
                email,
                "",
                "",
                "",
                "",
                "",
            ]
        )
    for n in range(STUDENTS):
        users.append(
            [
                f"s-{n}",
                "",
                "",
                "true",
                f"school-{n % SCHOOLS}",
                "student",
                f"s{n}",
                "",
                "Kid",
                f"Student{n}",
                "",
                "",
                "",
                "",
                "",
                "",
                "9",
                "",
            ]
        )
    header = (
        "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,"
        "middleName,identifier,email,sms,phone,agentSourcedIds,grades,password"
    )
    org_header = "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId"
    return {"users.csv": _csv(header, users), "orgs.csv": _csv(org_header, orgs)}


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def timed_import(district: District, paths: list[str]) -> dict:
    events_before = AuditEvent.objects.filter(district=district).count()
    counter = QueryCounter()
    out = io.StringIO()
    started = time.perf_counter()
    with connection.execute_wrapper(counter):
        call_command("staff_import", "--district", district.slug, *paths, "--apply", stdout=out, stderr=out)
    seconds = time.perf_counter() - started
    staff_import = StaffImport.objects.order_by("-pk").first()
    return {
        "seconds": round(seconds, 2),
        "peak_rss_mb": peak_mb(),
        "queries": counter.count,
        "audit_events": AuditEvent.objects.filter(district=district).count() - events_before,
        "applied": staff_import.counts["applied"],
        "ignored": staff_import.counts["ignored"],
    }


def main() -> None:
    staff = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    district = District.objects.create(name="Bench District", slug="bench-district")
    User.objects.create(username="bench-admin", district=district, role=Role.DISTRICT_ADMIN)
    files = oneroster(staff)
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for name, content in files.items():
            (Path(folder) / name).write_bytes(content)
            paths.append(str(Path(folder) / name))
        before = peak_mb()
        first = timed_import(district, paths)
        again = timed_import(district, paths)
    results = {
        "staff": staff,
        "students_ignored": STUDENTS,
        "users_csv_mb": round(len(files["users.csv"]) / 2**20, 1),
        "rss_before_mb": before,
        "first_import": first,
        "same_files_again": again,
        "budget": BUDGET,
    }
    print(json.dumps(results, indent=2))
    (ROOT / "bench" / "staff_import.json").write_text(json.dumps(results, indent=2) + "\n")
    failures = []
    if first["seconds"] > BUDGET["first_seconds"] or first["peak_rss_mb"] > BUDGET["first_peak_mb"]:
        failures.append(f"first import: {first['seconds']} s, {first['peak_rss_mb']} MB")
    if again["seconds"] > BUDGET["again_seconds"] or again["audit_events"] != 1:
        failures.append(f"same files again: {again['seconds']} s, {again['audit_events']} audit events")
    if failures:
        sys.exit("Over budget: " + "; ".join(failures))


if __name__ == "__main__":
    main()
