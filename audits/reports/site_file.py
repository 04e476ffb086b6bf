"""One site's full file for a records request: request, decisions, reviews, findings, monitoring, violations."""

from django.http import Http404
from django.utils import timezone

from audits.reports import Scope
from policyportal import pdf
from sites.models import ReviewAnswer, Site


def site_file(scope: Scope, pk: int) -> Site:
    site = scope.sites().select_related("district", "owner", "supervisor", "school", "request").filter(pk=pk).first()
    if site is None:
        raise Http404("No such site.")
    return site


def _at(value) -> str:
    return f"{timezone.localtime(value):%B %-d, %Y %H:%M}" if value else ""


def site_file_sections(site: Site) -> list[tuple[str, list[str], list[list]]]:
    request = site.request
    answers = (
        ReviewAnswer.objects.filter(review__site=site)
        .select_related("review__reviewer")
        .order_by("review__started_at", "position")
    )
    return [
        (
            "The site",
            ["Name", "Platform", "Address", "School", "Owner", "Supervisor", "Status"],
            [
                [
                    site.name,
                    site.platform_label,
                    site.url,
                    site.school.name if site.school else "The district",
                    site.owner.display_name,
                    site.supervisor.display_name if site.supervisor else "",
                    site.get_status_display(),
                ]
            ],
        ),
        (
            "The request",
            ["Submitted", "Description of the proposed use", "How members are admitted"],
            [[_at(request.submitted_at), request.description, request.admission]],
        ),
        (
            "Decisions",
            ["Step", "Decided by", "When", "Decision", "Reason or conditions"],
            [
                [f"Step {d.step}", d.decider.display_name, _at(d.decided_at), d.outcome_label, d.reason or "None"]
                for d in request.decisions.select_related("decider")
            ],
        ),
        (
            "Checklist reviews",
            ["Review", "Reviewer", "Clause", "Item", "Answer", "Note or reason"],
            [
                [
                    _at(a.review.started_at),
                    a.review.reviewer.display_name,
                    a.clause_id,
                    a.text,
                    a.get_answer_display(),
                    a.note or a.reason,
                ]
                for a in answers
            ],
        ),
        (
            "Findings",
            ["Clause", "Opened", "Due", "Status", "Assigned to", "Fix reported"],
            [
                [
                    f.clause_id,
                    _at(f.opened_at),
                    f"{f.due_on:%B %-d, %Y}",
                    f.get_status_display(),
                    f.assignee.display_name,
                    f.fix_note,
                ]
                for f in site.findings.select_related("assignee")
            ],
        ),
        (
            "Monitoring checks",
            ["When", "By", "Looked at", "Found"],
            [
                [_at(c.checked_at), c.checked_by.display_name, ", ".join(c.looked_at_labels), c.found]
                for c in site.monitoring_checks.select_related("checked_by")
            ],
        ),
        (
            "Violation reports",
            ["Reported", "Category", "What happened", "What was done"],
            [
                [
                    _at(v.reported_at),
                    str(v.category),
                    v.what_happened,
                    f"{v.outcome}: {v.outcome_note}" if v.outcome else "Not handled yet",
                ]
                for v in site.violations.select_related("category", "outcome")
            ],
        ),
    ]


def site_file_pdf(site: Site) -> bytes:
    """The site file as the reports print it, and as a records-request package holds it."""
    return pdf.tables(
        f"Site file: {site.name}",
        f"{site.district.name} · owner {site.owner.display_name} · printed {timezone.localtime():%B %-d, %Y %H:%M}",
        site_file_sections(site),
    )
