"""The only code that changes the audit trail's own state: verifying a chain on request."""

from django.core.exceptions import PermissionDenied

from audits.recorder import record
from audits.verification import ChainReport, verify_chain


def chain_verify(*, by) -> ChainReport:
    """Verify the district's chain now and record the result as the next event of that chain."""
    if not by.is_district_admin:
        raise PermissionDenied("Verifying the audit trail is for district administrators.")
    report = verify_chain(by.district_id)
    record(
        action="audit.chain_verified",
        actor=by,
        target=by.district,
        payload={
            "intact": report.intact,
            "events": report.events,
            "broken_at": report.broken_at,
            "problem": report.problem,
        },
    )
    return report
