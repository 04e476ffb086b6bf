"""The only code that changes sites, reviews, findings and violation reports."""

from sites.services.monitoring import monitoring_log
from sites.services.reviews import (
    evidence_attach,
    finding_reopen,
    finding_report_fixed,
    finding_reviewer_change,
    finding_verify,
    review_complete,
    review_save,
    review_start,
)
from sites.services.site import (
    site_activate,
    site_create_for_request,
    site_retire,
    site_supervisor_change,
    site_suspend,
    site_transfer_accept,
    site_transfer_offer,
    site_transfer_withdraw,
)
from sites.services.violations import violation_handler_change, violation_report, violation_resolve

__all__ = [
    "evidence_attach",
    "finding_reopen",
    "finding_report_fixed",
    "finding_reviewer_change",
    "finding_verify",
    "monitoring_log",
    "review_complete",
    "review_save",
    "review_start",
    "site_activate",
    "site_create_for_request",
    "site_retire",
    "site_supervisor_change",
    "site_suspend",
    "site_transfer_accept",
    "site_transfer_offer",
    "site_transfer_withdraw",
    "violation_handler_change",
    "violation_report",
    "violation_resolve",
]
