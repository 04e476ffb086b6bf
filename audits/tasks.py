"""The reports' Celery tasks (found by the worker's autodiscovery as `audits.tasks`): building a records-request
package, and the beat sweep over packages. They take ids and call `build`."""

from celery import shared_task

from audits.reports.records_package import build


@shared_task
def build_records_package(package_id: int) -> str:
    return build.package_build(package_id=package_id)


@shared_task
def sweep_records_packages() -> int:
    """Deletes the files of expired packages, and queues again the builds whose task was lost."""
    for package_id in build.packages_left_waiting():
        build_records_package.delay(package_id)
    return build.packages_remove_expired()
