"""The demo as `make run` builds it on a new database: its audit trail runs forward in time, and each
notification carries the time of the event that caused it."""

import json

from tests.policyportal.test_configuration import manage

TRAIL = """
import json
from itertools import pairwise
from audits.models import AuditEvent
from policyportal.models import Notification
events = list(AuditEvent.objects.order_by("district_id", "sequence").values("district_id", "sequence", "occurred_at"))
backwards = [
    (later["district_id"], later["sequence"]) for earlier, later in pairwise(events)
    if earlier["district_id"] == later["district_id"] and later["occurred_at"] < earlier["occurred_at"]
]
moments = {event["occurred_at"] for event in events}
print(json.dumps({
    "events": len(events),
    "days": (max(moments) - min(moments)).days,
    "backwards": backwards,
    "notifications": Notification.objects.count(),
    "undated": Notification.objects.exclude(created_at__in=moments).count(),
}))
"""


def test_a_new_demos_trail_runs_forward_in_time_verifies_and_dates_notifications_by_their_events(tmp_path):
    database = {"DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}", "DJANGO_SETTINGS_MODULE": "tests.settings"}
    seeded = manage("seed_demo", "--migrate", **database)
    assert seeded.returncode == 0, seeded.stderr
    assert "Demo logins" in seeded.stdout and "Applying" not in seeded.stdout  # migrations report on stderr

    trail = json.loads(manage("shell", "-c", TRAIL, **database).stdout.splitlines()[-1])
    assert trail["events"] > 50 and trail["days"] >= 40  # weeks of history, so work is overdue on a fresh demo
    assert trail["backwards"] == []
    assert trail["notifications"] > 0 and trail["undated"] == 0

    again = manage("seed_demo", "--migrate", **database)
    assert "Demo data: 0 new records" in again.stdout, again.stderr
    assert json.loads(manage("shell", "-c", TRAIL, **database).stdout.splitlines()[-1]) == trail

    verified = manage("verify_audit_chain", **database)
    assert verified.returncode == 0, verified.stderr
    assert "intact" in verified.stdout
