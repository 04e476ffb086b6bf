"""The written permission (R14-D2) on paper: what was approved, for whom, by whom and on which conditions,
printed as a tagged PDF/UA document like the reports' own."""

from collections.abc import Iterable

from django.utils import timezone

from policyportal import pdf
from requests.models import Decision, SocialMediaRequest


def _when(moment) -> str:
    return f"{timezone.localtime(moment):%B %-d, %Y %H:%M}"


def site_rows(req: SocialMediaRequest) -> list[tuple[str, str]]:
    """The site and its proposed use, as the permission page lists them: (label, value)."""
    serves = req.get_serves_display() + (f" ({req.serves_name})" if req.serves_name else "")
    requester = req.requester.display_name + (f", {req.requester.title}" if req.requester.title else "")
    rows = [("Site", req.site_name), ("Address", req.site_url), ("Platform", req.platform_label)]
    rows += [("Serves", serves), ("School", req.school.name if req.school else "The district")]
    rows += [("Audience", ", ".join(req.audience_labels)), ("Requested by", requester)]
    rows += [("Proposed use", req.description), ("How members are admitted", req.admission)]
    return [(label, value) for label, value in rows if value or label != "Address"]


def decision_rows(decisions: Iterable[Decision]) -> list[list[str]]:
    return [
        [
            f"Step {decision.step}",
            decision.decider.display_name + (f", {decision.decider.title}" if decision.decider.title else ""),
            _when(decision.decided_at),
            decision.outcome_label,
            decision.reason or "None",
        ]
        for decision in decisions
    ]


DECISION_HEADER = ["Step", "Decided by", "When", "Decision", "Reason or conditions"]


def title(req: SocialMediaRequest) -> str:
    return f"Written permission: {req.site_name}"


def permission_pdf(req: SocialMediaRequest, decisions: Iterable[Decision]) -> bytes:
    context = {
        "title": title(req),
        "req": req,
        "printed": _when(timezone.now()),
        "site_rows": [(label, pdf.cell(value or "—")) for label, value in site_rows(req)],
        "decision_header": DECISION_HEADER,
        "decision_rows": [[pdf.cell(value) for value in row] for row in decision_rows(decisions)],
    }
    return pdf.print_template("requests/permission_pdf.html", context)
