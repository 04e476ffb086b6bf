"""`make bench`: the portal at district scale on PostgreSQL, measured. Writes bench/results.json.

Seeds a synthetic installation (bench/scale.py), then measures audit-chain verification over 2,000,000
events, a CSV export of 1,000,000 events, one reminder sweep, and each page served by gunicorn on loopback
under wrk at 1 and 8 concurrent users, beside the Django admin's changelist and the page's own SQL run
directly with psycopg2 (its floor). The people page is measured in the first district, of 20,000 people, and
its queries are also counted in a district of 2,000: their number must not grow with the people (issue 14).
"""

import http.client
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import benchdb
import scale
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from policyportal.models import User
from policyportal.reminders import sweep
from requests.models import SocialMediaRequest
from sites.models import Site

ROOT = benchdb.ROOT
PORT, SECONDS = 8799, int(os.environ.get("BENCH_SECONDS", "8"))
SERVER_ENV = {
    **os.environ,
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": benchdb.BENCH_SECRET,
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,testserver",
    "DJANGO_HTTPS": "0",
    "REDIS_URL": "redis://127.0.0.1:6379/15",
    "EMAIL_URL": "dummymail://",
    "LOG_LEVEL": "WARNING",
}
# The peak is the process's own high-water mark (VmHWM). Not ru_maxrss: Linux carries that over from the parent
# across fork and exec, so every child reported the seeding parent's 275 MB (bench/README.md).
CHILD = """
import json, sys, time
import django; django.setup()
{body}
peak_kb = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({{"seconds": seconds, "count": count, "peak_mb": round(peak_kb / 1024, 1)}}))
"""
VERIFY = """
import io
from django.core.management import call_command
started = time.perf_counter()
out = io.StringIO()
call_command("verify_audit_chain", stdout=out)
seconds = time.perf_counter() - started
count = int(out.getvalue().split("Verified ")[1].split()[0])
"""
EXPORT = """
from django.test import Client
from policyportal.models import User
client = Client()
client.force_login(User.objects.get(username="bench0-0"))
started = time.perf_counter()
count = sum(chunk.count(b"\\n") for chunk in client.get("/audit/", {"format": "csv"}).streaming_content) - 1
seconds = time.perf_counter() - started
"""


def child(body: str) -> dict:
    """Run `body` in a fresh process so that its peak memory is its own."""
    result = subprocess.run(
        [sys.executable, "-c", CHILD.format(body=body)],
        cwd=ROOT,
        env=SERVER_ENV,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def session_for(user: User) -> str:
    now = timezone.now().timestamp()
    store = SessionStore()
    store.update(
        {
            "_auth_user_id": str(user.pk),
            "_auth_user_backend": "policyportal.auth_backends.DistrictModelBackend",
            "_auth_user_hash": user.get_session_auth_hash(),
            "portal_authenticated_at": now,
            "portal_seen_at": now,
            "portal_time_zone": user.district.time_zone,
        }
    )
    store.create()
    return store.session_key


def answers_200(path: str, cookie: str) -> None:
    """A page that redirects to the login page would be measured as fast and wrong: refuse to measure it."""
    probe = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    probe.request("GET", path, headers={"Cookie": f"sessionid={cookie}"})
    response = probe.getresponse()
    response.read()
    if response.status != 200:
        raise SystemExit(f"{path} answered {response.status}, not 200: the benchmark's session is not signed in.")


def wrk(path: str, cookie: str, connections: int) -> dict:
    threads = min(connections, 2)
    result = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{SECONDS}s",
            "--timeout",
            "30s",
            "-s",
            str(ROOT / "bench" / "report.lua"),
            "-H",
            f"Cookie: sessionid={cookie}",
            f"http://127.0.0.1:{PORT}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    return {
        "rps": round(figures["requests"] / figures["seconds"], 1),
        "p50_ms": round(figures["p50_us"] / 1000, 1),
        "p95_ms": round(figures["p95_us"] / 1000, 1),
        "p99_ms": round(figures["p99_us"] / 1000, 1),
        "errors": figures["errors"],
    }


def page_sql(user: User, path: str) -> list[str]:
    client = Client()
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return [query["sql"] for query in captured.captured_queries]


def direct_form(statement: str) -> str | None:
    """A server-side cursor the page declared is run as its plain query; its FETCH and CLOSE are not needed."""
    if statement.startswith("DECLARE"):
        return statement.split(" FOR ", 1)[1]
    return None if statement.startswith(("FETCH", "CLOSE")) else statement


def floor_ms(statements: list[str], runs: int = 30) -> float:
    """The median time to run the page's own SQL directly, on one connection."""
    statements = [direct for direct in map(direct_form, statements) if direct]
    import psycopg2

    database = settings.DATABASES["default"]
    direct = psycopg2.connect(
        dbname=database["NAME"],
        user=database["USER"],
        host=database["HOST"],
        port=database["PORT"],
        password=database.get("PASSWORD") or None,
    )
    timings = []
    with direct.cursor() as cursor:
        for _ in range(runs):
            started = time.perf_counter()
            for statement in statements:
                cursor.execute(statement)
                if cursor.description:
                    cursor.fetchall()
            timings.append((time.perf_counter() - started) * 1000)
    direct.close()
    return round(statistics.median(timings), 2)


def approvals(cookie: str, token: str, pending: list[SocialMediaRequest], workers: int) -> dict:
    """POST one approval per pending request, `workers` at a time; latency percentiles."""
    timings, lock, queue = [], threading.Lock(), list(pending)

    def work():
        connection_ = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        while True:
            with lock:
                if not queue:
                    break
                request = queue.pop()
            body = f"outcome=approved&reason=&version={request.version}&snapshot_hash={request.snapshot_hash}"
            started = time.perf_counter()
            connection_.request(
                "POST",
                f"/requests/{request.pk}/decide/",
                body=body,
                headers={
                    "Cookie": f"sessionid={cookie}; csrftoken={token}",
                    "X-CSRFToken": token,
                    "Content-Type": "application/x-www-form-urlencoded",
                },
            )
            response = connection_.getresponse()
            response.read()
            location = response.getheader("Location", "")
            assert response.status == 302 and location.startswith(f"/requests/{request.pk}/"), (
                response.status,
                location,
            )
            with lock:
                timings.append((time.perf_counter() - started) * 1000)

    started = time.perf_counter()
    threads = [threading.Thread(target=work) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    quantiles = statistics.quantiles(timings, n=100)
    return {
        "rps": round(len(timings) / seconds, 1),
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(quantiles[94], 1),
        "p99_ms": round(quantiles[98], 1),
        "errors": 0,
    }


def main() -> None:
    results: dict = {"machine": f"{os.cpu_count()} cores", "pages": {}}
    started = time.perf_counter()
    built = scale.build()
    results["seed_seconds"] = round(time.perf_counter() - started, 1)

    verify = child(VERIFY)
    results.update(
        verify_events=verify["count"],
        verify_events_per_s=int(verify["count"] / verify["seconds"]),
        verify_peak_mb=verify["peak_mb"],
    )
    export = child(EXPORT)
    results.update(
        csv_rows=export["count"], csv_rows_per_s=int(export["count"] / export["seconds"]), csv_peak_mb=export["peak_mb"]
    )
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        sent = len(sweep())
        results["sweep"] = {
            "seconds": round(time.perf_counter() - started, 1),
            "queries": len(queries),
            "reminders": sent,
        }

    district = built[0]["district"]
    admin = User.objects.get(username="bench0-0")
    User.objects.filter(pk=admin.pk).update(is_staff=True, is_superuser=True)
    admin.refresh_from_db()
    supervisor = User.objects.get(username="bench0-1")
    employee = SocialMediaRequest.objects.filter(district=district).values_list("requester", flat=True).first()
    employee = User.objects.get(pk=employee)
    site = Site.objects.filter(district=district, status="active").order_by("pk").first()
    pages = {
        "frame_only": (employee, "/bench/frame/", None),
        "employee_requests": (employee, "/requests/", None),
        "decision_queue": (supervisor, "/requests/waiting/", None),
        "site_registry": (admin, "/sites/", "admin_sites"),
        "site_page": (admin, f"/sites/{site.pk}/", "admin_sites"),
        "dashboard": (admin, "/reports/", None),
        "people": (admin, "/people/", None),
        "audit_log_filtered": (admin, "/audit/?action=site.activated", "admin_audit"),
        "admin_audit": (
            admin,
            f"/admin/audits/auditevent/?district__id__exact={district.pk}&action=site.activated",
            None,
        ),
        "admin_sites": (admin, f"/admin/groupsites/site/?district__id__exact={district.pk}", None),
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=SERVER_ENV, check=True
    )
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "policyportal.wsgi",
            "--workers",
            str(os.cpu_count() + 1),  # as README.md deploys it: sync workers, one per core plus one
            "-b",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=SERVER_ENV,
    )
    try:
        time.sleep(3)
        cookies = {user.pk: session_for(user) for user in {employee, supervisor, admin}}
        for name, (user, path, _) in pages.items():
            statements = page_sql(user, path)
            answers_200(path, cookies[user.pk])
            results["pages"][name] = {
                "path": path,
                "queries": len(statements),
                "c1": wrk(path, cookies[user.pk], 1),
                "c8": wrk(path, cookies[user.pk], 8),
                "floor_ms": floor_ms(statements),
            }
        # The people page's queries in the district of 20,000 people and in one of 2,000: the same (issue 14).
        queries = results["pages"]["people"]["queries_by_district_size"] = {}
        for person in (admin, User.objects.get(username="bench1-0")):
            size = User.objects.filter(district_id=person.district_id).count()
            queries[str(size)] = len(page_sql(person, "/people/"))
        pending = list(SocialMediaRequest.objects.filter(district=district, status="pending")[:240])
        SocialMediaRequest.objects.filter(pk__in=[r.pk for r in pending]).update(current_decider=supervisor)
        token = "b" * 32
        # Untimed first: each worker's first approval also opens its connection to the broker.
        approvals(cookies[supervisor.pk], token, pending[:8], 8)
        results["pages"]["approval_post"] = {
            "path": "/requests/<id>/decide/",
            "c1": approvals(cookies[supervisor.pk], token, pending[8:48], 1),
            "c8": approvals(cookies[supervisor.pk], token, pending[48:], 8),
        }
    finally:
        server.terminate()
        server.wait(timeout=30)
    for name, page in results["pages"].items():
        if "floor_ms" in page:
            page["floor_ratio"] = round(page["c1"]["p50_ms"] / max(page["floor_ms"], 0.01), 1)
        admin_page = pages.get(name, (None, None, None))[2]
        if admin_page:
            baseline = results["pages"][admin_page]["c8"]["p95_ms"]
            page["admin_ratio"] = round(page["c8"]["p95_ms"] / baseline, 2) if baseline else None
    (ROOT / "bench" / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
