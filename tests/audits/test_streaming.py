"""The streaming read under chain verification and the audit export (PostgreSQL)."""

import pytest
from django.db import connection

from audits.models import AuditEvent
from audits.recorder import record
from audits.streaming import queryset_rows


def _timeout() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW idle_in_transaction_session_timeout")
        return cursor.fetchone()[0]


def test_every_row_comes_once_in_order_across_chunks(postgres, admin, west_hartford):
    for number in range(10):
        record(action="test.recorded", actor=admin, payload={"n": number})
    events = AuditEvent.objects.filter(district=west_hartford).order_by("sequence").values_list("sequence", "action")
    assert list(queryset_rows(events, chunk_size=3)) == list(events)


def test_a_filter_that_matches_nothing_streams_nothing(postgres):
    assert list(queryset_rows(AuditEvent.objects.none().values_list("sequence"))) == []
    assert list(queryset_rows(AuditEvent.objects.filter(pk__in=[]).values_list("sequence"))) == []


@pytest.mark.django_db(transaction=True)  # as in a request: no test transaction around the read's own
def test_a_stalled_reader_is_given_up_after_five_idle_minutes_and_only_then(postgres, admin):
    record(action="test.recorded", actor=admin)
    rows = queryset_rows(AuditEvent.objects.values_list("sequence"))
    next(rows)
    assert _timeout() == "5min"
    list(rows)
    assert _timeout() == "0", "the limit ends with the read's transaction"
