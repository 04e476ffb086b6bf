import threading
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from audits.models import AuditEvent
from audits.verification import verify_chain
from policyportal.models import Notification
from policyportal.reminders import sweep
from tests import factories


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_send_each_reminder_once(postgres, employee, supervisor, admin):
    for number in range(5):
        factories.active_site(requester=employee, site_name=f"Club {number}")
    later = timezone.now() + timedelta(days=12)
    start, results, errors = threading.Barrier(2), [], []

    def run():
        try:
            with time_machine.travel(later, tick=False):
                start.wait()
                results.append(len([due for due in sweep() if due.kind.startswith("monitoring.")]))
        except Exception as error:  # surfaced below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sum(results) == 15, results
    assert Notification.objects.filter(dedupe_key__startswith="monitoring.").count() == 15
    assert AuditEvent.objects.filter(action__startswith="reminder.monitoring.").count() == 15
    assert (
        Notification.objects.filter(dedupe_key__isnull=False).count()
        == AuditEvent.objects.filter(action__startswith="reminder.").count()
    )
    assert verify_chain(employee.district_id).intact
