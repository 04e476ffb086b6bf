"""The only code that writes to the audit trail from a page: verifying a chain on request, and recording
each export (who took which report, with which filters) before its file is sent."""

from django.core.exceptions import PermissionDenied
from django.db.models import Model

from audits.recorder import record
from audits.rules import may_read_audit_trail
from audits.verification import ChainReport, verify_chain


def chain_verify(*, by) -> ChainReport:
    """Verify the district's chain now and record the result as the next event of that chain."""
    if not may_read_audit_trail(by):
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


def export_record(*, by, report: str, file_format: str, title: str = "", target: Model | None = None, filters=None):
    """One audit event per export: `export.csv` or `export.pdf`, naming the report and the filters it used."""
    record(
        action=f"export.{file_format}",
        actor=by,
        target=target,
        target_label=title if target is None else None,
        payload={"report": report, **(filters or {})},
    )
