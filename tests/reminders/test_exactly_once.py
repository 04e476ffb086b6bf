from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from audits.models import AuditEvent
from audits.verification import verify_chain
from policyportal.models import Notification
from policyportal.reminders import sweep
from tests import factories
from tests.concurrency import at_once


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_send_each_reminder_once(postgres, employee, supervisor, admin):
    for number in range(5):
        factories.active_site(requester=employee, site_name=f"Club {number}")
    later = timezone.now() + timedelta(days=12)

    def run():
        with time_machine.travel(later, tick=False):
            return len([due for due in sweep() if due.kind.startswith("monitoring.")])

    results = at_once(run)
    assert sum(results) == 15, results
    assert Notification.objects.filter(dedupe_key__startswith="monitoring.").count() == 15
    assert AuditEvent.objects.filter(action__startswith="reminder.monitoring.").count() == 15
    assert (
        Notification.objects.filter(dedupe_key__isnull=False).count()
        == AuditEvent.objects.filter(action__startswith="reminder.").count()
    )
    assert verify_chain(employee.district_id).intact
