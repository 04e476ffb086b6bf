"""Benchmark: the audit trail's CSV export over N events (default 100,000): rows per second and the peak
memory of the export (Python allocations, tracemalloc), which must not grow with the rows.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/policyportal python bench/csv_export.py [N]
"""

import json
import sys
import time
import tracemalloc

import benchdb  # sets up Django on a fresh benchmark database
from django.db import transaction
from django.test import Client
from django.utils import timezone

from audits import chain
from audits.models import AuditEvent
from policyportal.models import District, Role, User

BATCH = 10_000


def fill(district: District, count: int) -> None:
    """`count` genuine chain events, appended in batches so their hashes link."""
    for start in range(0, count, BATCH):
        events = [
            {
                "actor_id": None,
                "actor_name": "",
                "client_ip": "192.0.2.1",
                "action": "bench.event",
                "target_type": "site",
                "target_id": str(n),
                "target_label": f"Site {n}",
                "payload": {"n": n},
            }
            for n in range(start, min(start + BATCH, count))
        ]
        with transaction.atomic():
            chain.append_many(AuditEvent, district_id=district.pk, occurred_at=timezone.now(), events=events)


def _download(client: Client) -> int:
    response = client.get("/audit/", {"format": "csv"})
    return sum(chunk.count(b"\n") for chunk in response.streaming_content) - 1


def export(client: Client) -> dict:
    """Timed in one pass and measured in another: tracing every allocation slows Python several times."""
    started = time.perf_counter()
    rows = _download(client)
    seconds = time.perf_counter() - started
    tracemalloc.start()
    _download(client)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "rows": rows,
        "seconds": round(seconds, 2),
        "rows_per_s": int(rows / seconds),
        "peak_mb": round(peak / 2**20, 1),
    }


def main() -> None:
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    district = District.objects.get(slug="west-hartford")
    admin = User.objects.create(username="bench-admin", district=district, role=Role.DISTRICT_ADMIN)
    client = Client()
    client.force_login(admin)
    fill(district, size // 10)
    small = export(client)
    fill(district, size - size // 10)
    large = export(client)
    results = {"small": small, "large": large}
    print(json.dumps(results, indent=2))
    (benchdb.ROOT / "bench" / "csv_export.json").write_text(json.dumps(results, indent=2) + "\n")
    if large["peak_mb"] > 2 * max(small["peak_mb"], 5):
        sys.exit(f"The export's memory grows with the rows: {small['peak_mb']} MB -> {large['peak_mb']} MB")


if __name__ == "__main__":
    main()
