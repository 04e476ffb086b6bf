"""Signed checkpoints: each chain's head, signed with an Ed25519 key the database never holds and written to a folder
outside it, one file per checkpoint that is created once and never rewritten. A database owner who deletes the
newest events, appends backdated ones or rewrites and rehashes a chain cannot make it agree with them again
(`verify_audit_chain --checkpoints DIR`)."""

import base64
import json
import os
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from audits import chain
from audits.models import AuditEvent
from audits.verification import verify_chain

INSTALLATION = "installation"
# An event can commit after a checkpoint yet carry an earlier time, taken when its transaction began; none of the
# portal's transactions lasts this long (tasks are stopped after five minutes).
LATE_COMMIT = timedelta(minutes=10)

District = AuditEvent._meta.get_field("district").related_model


@dataclass(frozen=True)
class Checkpoint:
    chain: str  # the district's slug, or "installation"
    district: int | None
    sequence: int
    head_hash: str
    signed_at: str  # chain.utc_text
    signature: str = ""

    def signed_bytes(self) -> bytes:
        fields = asdict(self)
        del fields["signature"]
        return chain.CANONICAL_JSON.encode(fields).encode()

    def signed_by(self, public_key: Ed25519PublicKey) -> bool:
        try:
            public_key.verify(base64.b64decode(self.signature, validate=True), self.signed_bytes())
        except (InvalidSignature, ValueError):
            return False
        return True

    @property
    def moment(self) -> datetime:
        return datetime.fromisoformat(self.signed_at)


def generate_key_file(path: Path) -> None:
    """A new private key, readable by its owner only; an existing file is never replaced."""
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as file:
        file.write(pem)


def _key_path() -> Path:
    if not settings.AUDIT_CHECKPOINT_KEY_FILE:
        raise ImproperlyConfigured("Set AUDIT_CHECKPOINT_KEY_FILE to the Ed25519 key that signs audit checkpoints.")
    path = Path(settings.AUDIT_CHECKPOINT_KEY_FILE)
    if settings.DEBUG and not path.exists():
        generate_key_file(path)
    return path


def private_key() -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(_key_path().read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ImproperlyConfigured("AUDIT_CHECKPOINT_KEY_FILE holds no Ed25519 private key.")
    return key


def public_key() -> Ed25519PublicKey:
    """From the private key, or from a public key alone where checkpoints are only verified."""
    pem = _key_path().read_bytes()
    if b"PUBLIC KEY" in pem:
        key = serialization.load_pem_public_key(pem)
        if not isinstance(key, Ed25519PublicKey):
            raise ImproperlyConfigured("AUDIT_CHECKPOINT_KEY_FILE holds no Ed25519 public key.")
        return key
    return private_key().public_key()


def checkpoint_dir() -> Path:
    if not settings.AUDIT_CHECKPOINT_DIR:
        raise ImproperlyConfigured("Set AUDIT_CHECKPOINT_DIR to the write-once folder audit checkpoints go to.")
    return Path(settings.AUDIT_CHECKPOINT_DIR)


def chains() -> list[tuple[int | None, str]]:
    """Every district's chain and, if it has events, the installation's: id and label."""
    labels: list[tuple[int | None, str]] = list(District.objects.order_by("pk").values_list("pk", "slug"))
    if AuditEvent.objects.filter(district__isnull=True).exists():
        labels.append((None, INSTALLATION))
    return labels


def read_all(directory: Path) -> dict[int | None, list[Checkpoint]]:
    """Every checkpoint in the folder, by the district its signature names, in sequence order."""
    found: dict[int | None, list[Checkpoint]] = {}
    for path in sorted(directory.glob("*/*.json")):
        checkpoint = Checkpoint(**json.loads(path.read_text()))
        found.setdefault(checkpoint.district, []).append(checkpoint)
    for checkpoints in found.values():
        checkpoints.sort(key=lambda checkpoint: checkpoint.sequence)
    return found


def contradiction(district_id: int | None, checkpoints: list[Checkpoint], key: Ed25519PublicKey) -> str:
    """How the chain disagrees with its checkpoints ("" when it agrees); call it on a chain whose links hold."""
    for checkpoint in checkpoints:
        if not checkpoint.signed_by(key):
            return f"the checkpoint at event {checkpoint.sequence} is not signed by the portal's key"
    if not checkpoints:
        return ""
    signed = {checkpoint.sequence: checkpoint for checkpoint in checkpoints}
    stored = dict(
        AuditEvent.objects.filter(district_id=district_id, sequence__in=signed).values_list("sequence", "hash")
    )
    for sequence, checkpoint in signed.items():
        if sequence not in stored:
            return f"event {sequence}, signed as the head on {checkpoint.signed_at}, is gone"
        if stored[sequence] != checkpoint.head_hash:
            return f"event {sequence} is not the one signed on {checkpoint.signed_at}: the chain was rewritten"
    latest = checkpoints[-1]
    backdated = (
        AuditEvent.objects.filter(
            district_id=district_id, sequence__gt=latest.sequence, occurred_at__lt=latest.moment - LATE_COMMIT
        )
        .order_by("sequence")
        .values_list("sequence", flat=True)
        .first()
    )
    if backdated is not None:
        return (
            f"event {backdated} is dated before the checkpoint of {latest.signed_at}, "
            f"which ends the chain at event {latest.sequence}: it was added afterwards"
        )
    return ""


def _write_once(path: Path, content: bytes) -> bool:
    """Creates the file; False if it exists already (never rewritten)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o444)
    except FileExistsError:
        return False
    with os.fdopen(descriptor, "wb") as file:
        file.write(content)
    return True


def sign_heads() -> list[tuple[str, Checkpoint | None, str]]:
    """Verifies each chain against its links and earlier checkpoints, then signs and writes its head.
    Returns (label, the new checkpoint or None if the head was signed already, the problem if the chain is bad)."""
    directory, key = checkpoint_dir(), private_key()
    earlier = read_all(directory) if directory.exists() else {}
    results = []
    for district_id, label in chains():
        report = verify_chain(district_id)
        problem = report.problem if not report.intact else ""
        problem = problem or contradiction(district_id, earlier.get(district_id, []), key.public_key())
        if problem or report.events == 0:
            results.append((label, None, problem))
            continue
        unsigned = Checkpoint(label, district_id, report.events, report.head_hash, chain.utc_text(timezone.now()))
        signature = base64.b64encode(key.sign(unsigned.signed_bytes())).decode()
        checkpoint = Checkpoint(**{**asdict(unsigned), "signature": signature})
        content = json.dumps(asdict(checkpoint), indent=2).encode()
        written = _write_once(directory / label / f"{report.events:012d}.json", content)
        results.append((label, checkpoint if written else None, ""))
    return results


def latest_by_district(directory: Path) -> dict[int | None, Checkpoint]:
    return {district: checkpoints[-1] for district, checkpoints in read_all(directory).items()}
