"""The records officer's actions on packages: asking for one (its build is queued once the row is saved) and
downloading it. Each records its audit event; the payloads carry ids, dates and hashes, never names."""

import logging

from celery.exceptions import CeleryError
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import KombuError

from audits import tasks
from audits.recorder import record
from policyportal.records import rules
from policyportal.records.package_models import RecordsPackage

logger = logging.getLogger(__name__)


class PackageNotDownloadable(Exception):
    """Not ready yet, failed, or expired: the package's page says which."""


def package_request(*, by, starts_on, ends_on, sites, people) -> RecordsPackage:
    if not rules.may_manage_records_of(by, by.district_id):
        raise PermissionDenied("Records-request packages are for the district's records officers.")
    if ends_on < starts_on:
        raise ValueError("The date range ends before it starts.")
    if not sites and not people:
        raise ValueError("A package needs at least one site or person.")
    if any(item.district_id != by.district_id for item in [*sites, *people]):
        raise PermissionDenied("A package holds only the district's own records.")
    with transaction.atomic():
        package = RecordsPackage.objects.create(
            district_id=by.district_id, requested_by=by, starts_on=starts_on, ends_on=ends_on
        )
        package.sites.set(sites)
        package.people.set(people)
        record(
            action="records.package_requested",
            actor=by,
            target=package,
            payload={
                "from": starts_on,
                "until": ends_on,
                "sites": sorted(site.pk for site in sites),
                "people": sorted(person.pk for person in people),
            },
        )
        transaction.on_commit(lambda: _queue_build(package.pk))
    return package


def _queue_build(package_id: int) -> None:
    """Asks a worker to build it now; if the broker cannot be reached, the beat sweep queues it later."""
    try:
        tasks.build_records_package.delay(package_id)
    except (KombuError, CeleryError, OSError):
        logger.warning("Broker unreachable: records-request package %s waits for the sweep", package_id)


def package_download(*, package: RecordsPackage, by) -> None:
    """Records the download before the file is sent; refuses a package that is not ready or has expired."""
    if not rules.may_manage_records_of(by, package.district_id):
        raise PermissionDenied("Records-request packages are for the district's records officers.")
    if not rules.package_downloadable(package, timezone.now()):
        raise PackageNotDownloadable(package.get_status_display())
    record(action="records.package_downloaded", actor=by, target=package, payload={"sha256": package.sha256})
