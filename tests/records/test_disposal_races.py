"""A hold and a disposal never race, and two runs of one list dispose of each record once (PostgreSQL sessions)."""

import threading
import time

import pytest
from django.db import connection, transaction

from audits.models import AuditEvent
from audits.verification import verify_chain
from policyportal.records import disposal
from policyportal.records.models import DisposalBatch, DisposalItemStatus, DisposalStatus, KeptBecause, Tombstone
from policyportal.records.services import legal_hold_place
from sites.models import Site
from tests import factories
from tests.concurrency import at_once
from tests.records.disposal_support import schedule, started_long_ago, waiting_batch

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def approved_item(postgres, employee, admin, officer, west_hartford):
    """A retired site on a list the officer approved, its disposal not yet run."""
    site = factories.active_site(requester=employee)
    started_long_ago("site_files", site)
    schedule(west_hartford, "site_files", admin)
    disposal.disposal_list_sweep()
    batch = waiting_batch(west_hartford)
    DisposalBatch.objects.filter(pk=batch.pk).update(status=DisposalStatus.APPROVED, approved_by=officer)
    return batch.items.get()


def test_a_hold_placed_while_the_record_is_disposed_of_keeps_it(approved_item, officer, west_hartford):
    """The hold's transaction holds the district's lock when the disposal starts: the disposal waits for it, then
    sees the hold. Asking about holds before taking the lock would have disposed of the record."""
    site = Site.objects.get(pk=approved_item.record_id)
    hold_placed, outcome = threading.Event(), []

    def place_hold_and_linger():
        try:
            with transaction.atomic():
                legal_hold_place(district=west_hartford, reason="Case 26-114", site=site, by=officer)
                hold_placed.set()
                time.sleep(0.5)  # the disposal starts now, and must wait for this commit
        finally:
            connection.close()

    def dispose():
        try:
            hold_placed.wait(5)
            outcome.append(disposal.disposal_dispose_item(item_id=approved_item.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=place_hold_and_linger), threading.Thread(target=dispose)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert outcome == [DisposalItemStatus.KEPT]
    approved_item.refresh_from_db()
    assert approved_item.kept_because == KeptBecause.HELD
    assert Site.objects.filter(pk=site.pk).exists()


def test_two_runs_of_one_list_dispose_of_each_record_once(approved_item, west_hartford):
    results = at_once(lambda: dict(disposal.disposal_run(batch_id=approved_item.batch_id)))
    assert {DisposalItemStatus.DISPOSED: 1} in results
    assert Tombstone.objects.filter(kind="site_files", record_id=approved_item.record_id).count() == 1
    assert AuditEvent.objects.filter(action="records.disposed", payload__kind="site_files").count() == 1
    assert AuditEvent.objects.filter(action="records.disposal_finished").count() == 1
    assert DisposalBatch.objects.get(pk=approved_item.batch_id).status == DisposalStatus.DONE
    assert verify_chain(west_hartford.pk).intact
