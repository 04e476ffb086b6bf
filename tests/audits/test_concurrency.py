import threading

import pytest
from django.db import connection

from audits.models import AuditEvent
from audits.recorder import record
from audits.verification import verify_chain

THREADS, EVENTS_EACH = 8, 250


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_never_fork_a_districts_chain(postgres, admin, west_hartford):
    before = AuditEvent.objects.filter(district=west_hartford).count()
    start, errors = threading.Barrier(THREADS), []

    def write(worker: int) -> None:
        try:
            start.wait()
            for number in range(EVENTS_EACH):
                record(action="test.concurrent", actor=admin, payload={"worker": worker, "n": number})
        except Exception as error:  # surfaced below; a thread's exception is otherwise lost
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(worker,)) for worker in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    sequences = list(
        AuditEvent.objects.filter(district=west_hartford).order_by("sequence").values_list("sequence", flat=True)
    )
    assert sequences == list(range(1, before + THREADS * EVENTS_EACH + 1))
    report = verify_chain(west_hartford.pk)
    assert report.intact, report.problem
    assert report.events == before + THREADS * EVENTS_EACH
