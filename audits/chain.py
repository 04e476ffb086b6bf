"""The hash chain: one per district, `hash = sha256(prev_hash + canonical event)`.

`append` takes the model class so that migrations (historical models) and the recorder share it.
"""

import hashlib
import ipaddress
import json
from datetime import UTC, datetime

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection

GENESIS_HASH = "0" * 64
# One encoder for every event: `json.dumps` with options builds a new one per call, a fifth of the verifier's time.
CANONICAL_JSON = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)
_LOCK_NAMESPACE = 0x41554454  # "AUDT": keeps our advisory locks apart from anyone else's


def _refuse_floats(value: str):
    raise TypeError(f"Audit payloads hold no floats ({value}): PostgreSQL's jsonb may not read them back exactly.")


def normalise_payload(payload: dict | None) -> dict:
    """The payload exactly as it will read back from the JSON column."""
    return json.loads(json.dumps(payload or {}, cls=DjangoJSONEncoder), parse_float=_refuse_floats)


def stored_ip(model, value: str | None) -> str | None:
    """The address as the column will store it (IPv6 compressed and lower-case), or None if it is not one."""
    try:
        ipaddress.ip_address(value)
        return model._meta.get_field("client_ip").get_prep_value(value)
    except (ValueError, ValidationError):
        return None


def utc_text(moment: datetime) -> str:
    """How a chain writes a moment: UTC, ISO 8601, to the microsecond."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def canonical_fields(
    *,
    district_id: int | None,
    sequence: int,
    occurred_at: datetime,
    actor_id: int | None,
    actor_name: str,
    action: str,
    target_type: str,
    target_id: str,
    target_label: str,
    payload: dict,
    client_ip: str | None,
) -> bytes:
    """The event's bytes that its hash covers (`audits.verification` also writes them in SQL: keep the two alike)."""
    fields = {
        "district": district_id,
        "sequence": sequence,
        "occurred_at": utc_text(occurred_at),
        "actor": actor_id,
        "actor_name": actor_name,
        "action": action,
        "target_type": target_type,
        "target_id": target_id,
        "target_label": target_label,
        "payload": payload,
        "client_ip": client_ip,
    }
    return CANONICAL_JSON.encode(fields).encode()


def compute_hash(prev_hash: str, canonical: bytes) -> str:
    return hashlib.sha256(prev_hash.encode("ascii") + canonical).hexdigest()


def lock_chain(district_id: int | None) -> None:
    """Serialise writers of one chain until the transaction ends. On SQLite, IMMEDIATE
    transactions (settings.py) already serialise every writer."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_LOCK_NAMESPACE, district_id or 0])


def append_many(model, *, district_id: int | None, occurred_at: datetime, events: list[dict]) -> list:
    """Insert `events` as the next events of `district_id`'s chain, in order, with one lock, one read and
    one insert however many there are. Call inside `transaction.atomic`."""
    lock_chain(district_id)
    last = model.objects.filter(district_id=district_id).order_by("-sequence").values_list("sequence", "hash").first()
    sequence, prev_hash = (last[0], last[1]) if last else (0, GENESIS_HASH)
    rows = []
    for fields in events:
        sequence += 1
        fields = {**fields, "payload": normalise_payload(fields.get("payload"))}
        fields["client_ip"] = stored_ip(model, fields.get("client_ip"))
        canonical = canonical_fields(district_id=district_id, sequence=sequence, occurred_at=occurred_at, **fields)
        digest = compute_hash(prev_hash, canonical)
        rows.append(
            model(
                district_id=district_id,
                sequence=sequence,
                occurred_at=occurred_at,
                prev_hash=prev_hash,
                hash=digest,
                **fields,
            )
        )
        prev_hash = digest
    return model.objects.bulk_create(rows)


def append(model, *, district_id: int | None, occurred_at: datetime, **fields):
    """Insert the next event of `district_id`'s chain. Call inside `transaction.atomic`."""
    return append_many(model, district_id=district_id, occurred_at=occurred_at, events=[fields])[0]
