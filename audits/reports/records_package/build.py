"""Building a package (the Celery task's work) and deleting it once it expires (the beat sweep's).

The ZIP is written to a temporary file, member by member, each hashed as it is written; the progress is saved on
the package's row after each file, outside any transaction, so that its page shows it while the build runs. The
package becomes ready, or failed with words a records officer can act on, in one transaction with its audit event.
"""

import hashlib
import json
import logging
import tempfile
import zipfile
from datetime import timedelta
from functools import partial

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from audits.recorder import record
from audits.reports.records_package.contents import Member, Selection, members
from policyportal.records import district_scope, rules
from policyportal.records.package_models import PackageStatus, RecordsPackage

logger = logging.getLogger(__name__)

MANIFEST = "manifest.json"
WAIT_MINUTES = 5
TOO_LONG = "It took longer than a build may take. Ask for a shorter date range, or fewer sites and people."
BROKEN = "Something went wrong while it was built. Ask for it again; if it fails again, tell your administrator."


class _Hashing:
    """Writes to a ZIP member while counting and hashing what passes."""

    def __init__(self, target):
        self.target, self.size, self.digest = target, 0, hashlib.sha256()

    def write(self, block: bytes) -> None:
        self.target.write(block)
        self.size += len(block)
        self.digest.update(block)


def _buildable_q(now) -> Q:
    """Waiting, or being built by a worker that stopped: no build lasts longer than a task may."""
    since = now - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    return Q(status=PackageStatus.QUEUED) | Q(status=PackageStatus.BUILDING, started_at__lt=since)


def packages_left_waiting() -> list[int]:
    """Packages no worker is building: their task was lost (a broker down when they were asked for, a worker
    stopped). Those asked for in the last minutes are left to the task already queued for them."""
    now = timezone.now()
    forgotten = _buildable_q(now) & Q(requested_at__lt=now - timedelta(minutes=WAIT_MINUTES))
    return list(RecordsPackage.objects.filter(forgotten).values_list("pk", flat=True))


def _claim(package_id: int) -> RecordsPackage | None:
    """Takes a waiting package, or one whose build stopped with its worker; None if another build has it."""
    now = timezone.now()
    claimed = RecordsPackage.objects.filter(_buildable_q(now), pk=package_id).update(
        status=PackageStatus.BUILDING, started_at=now, files_done=0, files_total=0
    )
    return RecordsPackage.objects.select_related("district", "requested_by").get(pk=package_id) if claimed else None


def _request(package: RecordsPackage) -> dict:
    return {
        "from": package.starts_on.isoformat(),
        "until": package.ends_on.isoformat(),
        "sites": [{"id": site.pk, "name": site.name} for site in package.sites.order_by("pk")],
        "people": [{"id": person.pk, "name": person.display_name} for person in package.people.order_by("pk")],
        "requested_by": {"id": package.requested_by_id, "name": package.requested_by.display_name},
        "requested_at": package.requested_at.isoformat(),
    }


def write_zip(package: RecordsPackage, target) -> dict:
    """Writes the package into the open binary file `target`; returns its manifest."""
    files: list[Member] = members(Selection.of(package))
    total = len(files) + 1
    RecordsPackage.objects.filter(pk=package.pk).update(files_total=total)
    listed, missing = [], []
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for done, member in enumerate(files, start=1):
            if member.present():
                with archive.open(member.path, "w", force_zip64=True) as entry:
                    written = _Hashing(entry)
                    for block in member.chunks():
                        written.write(block)
                listed.append({"path": member.path, "size": written.size, "sha256": written.digest.hexdigest()})
            else:
                missing.append(member.path)
            RecordsPackage.objects.filter(pk=package.pk).update(files_done=done)
        manifest = {
            "package": package.pk,
            "district": {"id": package.district_id, "slug": package.district.slug, "name": package.district.name},
            "request": _request(package),
            "built_at": timezone.now().isoformat(),
            "chain_head": district_scope.chain_head(package.district_id),
            "files": listed,
            "missing_files": missing,
        }
        archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))
    RecordsPackage.objects.filter(pk=package.pk).update(files_done=total)
    return manifest


def package_build(*, package_id: int) -> str:
    """Builds the package if it is waiting; returns its status. A failure leaves the package FAILED, in words."""
    package = _claim(package_id)
    if package is None:
        return RecordsPackage.objects.values_list("status", flat=True).get(pk=package_id)
    try:
        with tempfile.TemporaryFile() as target:
            manifest = write_zip(package, target)
            _ready(package, target, manifest)
    except SoftTimeLimitExceeded:
        _failed(package, TOO_LONG, "too_long")
    except Exception:
        logger.exception("Records-request package %s could not be built", package_id)
        _failed(package, BROKEN, "error")
    return RecordsPackage.objects.values_list("status", flat=True).get(pk=package_id)


def _sha256(target) -> str:
    target.seek(0)
    return hashlib.file_digest(target, "sha256").hexdigest()


def _ready(package: RecordsPackage, target, manifest: dict) -> None:
    digest = _sha256(target)
    target.seek(0)
    package.file.save("package.zip", File(target), save=False)
    now = timezone.now()
    try:
        with transaction.atomic():
            package.status = PackageStatus.READY
            package.built_at = now
            package.expires_at = now + timedelta(days=settings.RECORDS_PACKAGE_DAYS)
            package.size = package.file.size
            package.sha256 = digest
            package.save(update_fields=["status", "built_at", "expires_at", "file", "size", "sha256"])
            record(
                action="records.package_built",
                district=package.district,
                target=package,
                payload={
                    "files": len(manifest["files"]),
                    "missing_files": len(manifest["missing_files"]),
                    "size": package.size,
                    "sha256": digest,
                    "chain_head": (manifest["chain_head"] or {}).get("sequence"),
                    "expires_at": package.expires_at,
                },
            )
    except Exception:
        package.file.delete(save=False)
        raise


def _failed(package: RecordsPackage, message: str, problem: str) -> None:
    with transaction.atomic():
        RecordsPackage.objects.filter(pk=package.pk).update(status=PackageStatus.FAILED, failure=message)
        record(action="records.package_failed", district=package.district, target=package, payload={"problem": problem})


def packages_remove_expired() -> int:
    """The beat sweep: each package whose time is up loses its file and says it expired. Returns how many."""
    removed = 0
    expired = RecordsPackage.objects.filter(rules.package_past_expiry_q(timezone.now()))
    for package_id in expired.values_list("pk", flat=True):
        with transaction.atomic():
            package = (
                RecordsPackage.objects.select_for_update()
                .select_related("district")
                .filter(rules.package_past_expiry_q(timezone.now()), pk=package_id)
                .first()
            )
            if package is None:
                continue
            stored = package.file.name
            package.status = PackageStatus.EXPIRED
            package.file = ""
            package.save(update_fields=["status", "file"])
            record(action="records.package_expired", district=package.district, target=package, payload={})
            transaction.on_commit(partial(package.file.storage.delete, stored))
        removed += 1
    return removed
