"""Walks each chain in sequence order, streaming, and reports the first event that does not hold."""

from collections.abc import Iterator
from dataclasses import dataclass

from audits import chain
from audits.models import AuditEvent

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


def verify_chain(district_id: int | None, *, chunk_size: int = 5000) -> ChainReport:
    rows: Iterator[tuple] = (
        AuditEvent.objects.filter(district_id=district_id)
        .order_by("sequence")
        .values_list(*_FIELDS)
        .iterator(chunk_size=chunk_size)
    )
    expected, prev_hash, count = 1, chain.GENESIS_HASH, 0
    for (
        sequence,
        occurred_at,
        actor_id,
        actor_name,
        action,
        ttype,
        tid,
        tlabel,
        payload,
        ip,
        stored_prev,
        stored,
    ) in rows:
        if sequence != expected:
            problem = f"event {expected} is missing (the chain jumps from {expected - 1} to {sequence})"
            return ChainReport(district_id, count, expected, problem)
        if stored_prev != prev_hash:
            return ChainReport(district_id, count, sequence, "it does not link to the event before it")
        canonical = chain.canonical_fields(
            district_id=district_id,
            sequence=sequence,
            occurred_at=occurred_at,
            actor_id=actor_id,
            actor_name=actor_name,
            action=action,
            target_type=ttype,
            target_id=tid,
            target_label=tlabel,
            payload=payload,
            client_ip=ip,
        )
        if chain.compute_hash(prev_hash, canonical) != stored:
            return ChainReport(district_id, count, sequence, "its contents do not match its hash")
        expected, prev_hash, count = expected + 1, stored, count + 1
    return ChainReport(district_id, count, head_hash=prev_hash)
