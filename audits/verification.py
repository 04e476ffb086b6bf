"""Walks each chain in sequence order, streaming, and reports the first event that does not hold."""

import json
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import connection

from audits import chain
from audits.models import AuditEvent
from audits.streaming import sql_rows

_FIELDS = (
    "sequence",
    "occurred_at",
    "actor_id",
    "actor_name",
    "action",
    "target_type",
    "target_id",
    "target_label",
    "payload",
    "client_ip",
    "prev_hash",
    "hash",
)
# PostgreSQL writes the canonical form around the payload (the payload's keys must be sorted as Python sorts them):
# its to_json escapes text exactly as Python's json does. Every column is written so that different contents give
# different text (the address with any netmask, the date with its era), so a changed event can never read as the
# writer's bytes; an event whose reading differs from the writer's is checked again by `chain.canonical_fields`
# before it is called broken, so a difference in formatting can only cost time.
_POSTGRESQL_SELECT = """
    SELECT sequence,
           '{{"action":' || to_json(action) || ',"actor":' || coalesce(actor_id::text, 'null')
           || ',"actor_name":' || to_json(actor_name)
           || ',"client_ip":' || coalesce(to_json(client_ip)::text, 'null')
           || ',"district":' || coalesce(district_id::text, 'null') || ',"occurred_at":"'
           || to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"')
           || CASE WHEN occurred_at < '0001-01-01 00:00:00+00' THEN ' BC' ELSE '' END || '","payload":',
           payload::text,
           ',"sequence":' || sequence || ',"target_id":' || to_json(target_id)
           || ',"target_label":' || to_json(target_label) || ',"target_type":' || to_json(target_type) || '}}',
           prev_hash, hash
    FROM {table} WHERE {district} ORDER BY sequence
"""


@dataclass(frozen=True)
class ChainReport:
    district_id: int | None
    events: int
    broken_at: int | None = None
    problem: str = ""
    head_hash: str = chain.GENESIS_HASH

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def _events(district_id: int | None, chunk_size: int) -> Iterator[tuple[int, bytes | None, str, str]]:
    """The chain's events in order: sequence, canonical bytes (None if unreadable), stored previous hash and hash."""
    if connection.vendor != "postgresql":
        rows = AuditEvent.objects.filter(district_id=district_id).order_by("sequence").values_list(*_FIELDS)
        for sequence, *fields, stored_prev, stored in rows.iterator(chunk_size):
            yield sequence, _canonical(district_id, sequence, *fields), stored_prev, stored
        return
    # The canonical form mostly written by the database: with the streaming read, twice as fast (bench/README.md).
    district = "district_id IS NULL" if district_id is None else "district_id = %s"
    sql = _POSTGRESQL_SELECT.format(table=AuditEvent._meta.db_table, district=district)
    encode, loads = chain.CANONICAL_JSON.encode, json.loads
    params = [] if district_id is None else [district_id]
    for sequence, before, payload, after, stored_prev, stored in sql_rows(sql, params, chunk_size=chunk_size):
        if None in (before, payload, after):  # a NULL where the schema forbids one: the event gets a second look
            yield sequence, None, stored_prev, stored
        else:
            yield sequence, (before + encode(loads(payload)) + after).encode(), stored_prev, stored


def _canonical(district_id: int | None, sequence: int, *fields) -> bytes:
    return chain.canonical_fields(
        district_id=district_id, sequence=sequence, **dict(zip(_FIELDS[1:-2], fields, strict=True))
    )


def _still_broken(district_id: int | None, sequence: int, prev_hash: str, stored: str) -> bool:
    """Checks one event again with the writer's own canonical form (`chain.canonical_fields`)."""
    try:
        fields = AuditEvent.objects.filter(district_id=district_id, sequence=sequence).values_list(*_FIELDS[1:-2]).get()
        canonical = _canonical(district_id, sequence, *fields)
    except (ValueError, TypeError, AttributeError):  # no event the portal writes: a BC date, a NULL, a year 10000
        return True
    return chain.compute_hash(prev_hash, canonical) != stored


def verify_chain(district_id: int | None, *, chunk_size: int = 5000) -> ChainReport:
    expected, prev_hash, count = 1, chain.GENESIS_HASH, 0
    for sequence, canonical, stored_prev, stored in _events(district_id, chunk_size):
        if sequence != expected:
            problem = f"event {expected} is missing (the chain jumps from {expected - 1} to {sequence})"
            return ChainReport(district_id, count, expected, problem)
        if stored_prev != prev_hash:
            return ChainReport(district_id, count, sequence, "it does not link to the event before it")
        if (canonical is None or chain.compute_hash(prev_hash, canonical) != stored) and _still_broken(
            district_id, sequence, prev_hash, stored
        ):
            return ChainReport(district_id, count, sequence, "its contents do not match its hash")
        expected, prev_hash, count = expected + 1, stored, count + 1
    return ChainReport(district_id, count, head_hash=prev_hash)
