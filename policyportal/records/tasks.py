"""The records office's background work: the nightly disposal list, and the disposal of an approved list."""

from celery import shared_task

from policyportal.records import disposal


@shared_task
def disposal_sweep() -> int:
    """Nightly: finish any approved list a run left unfinished, then list what has come due since."""
    disposal.disposal_resume_approved()
    return sum(disposal.disposal_list_sweep().values())


@shared_task
def disposal_run(batch_id: int) -> dict[str, int]:
    return dict(disposal.disposal_run(batch_id=batch_id))
