"""The report pages: what each lists, and the same rows as CSV columns (one definition serves both)."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice

from django.utils import formats, timezone

from audits import reports
from audits.reports import Scope
from sites.models import Compliance


def _when(value) -> str:
    return formats.date_format(timezone.localtime(value), "Y-m-d H:i") if value else ""


def _chunks(rows, size: int = 1000) -> Iterator[list]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


@dataclass(frozen=True)
class ReportSpec:
    slug: str
    title: str
    description: str
    header: list[str]
    rows: Callable[[Scope], object]
    cells: Callable[[list], list[list]]  # a page (or chunk) of rows -> its cells, in header order
    pdf: bool = False  # also printed as a board-ready PDF

    def csv_rows(self, scope: Scope) -> Iterator[list]:
        """The CSV's rows. The query is built at once, so a scope it cannot use fails before the export is
        recorded; the rows are read as the file streams."""
        rows = self.rows(scope)
        source = rows.iterator(chunk_size=1000) if hasattr(rows, "iterator") else rows
        return (cells for chunk in _chunks(source) for cells in self.cells(chunk))


def _site_cells(sites) -> list[list]:
    return [
        [
            site.name,
            site.owner.display_name,
            site.school.name if site.school else "The district",
            site.get_status_display(),
            Compliance(site.compliance).label,
            _when(site.last_reviewed_at),
            site.unresolved_findings,
            _when(site.last_checked_at),
        ]
        for site in sites
    ]


def _decision_cells(decisions) -> list[list]:
    return [
        [
            decision.request.site_name,
            decision.step,
            decision.decider.display_name,
            decision.outcome_label,
            _when(decision.decided_at),
            "" if waited is None else waited,
            decision.reason,
        ]
        for decision, waited in reports.waited_days(list(decisions))
    ]


def _overdue_cells(rows) -> list[list]:
    return [[row["what"], row["about"], row["owed_by"], row["since"].isoformat()] for row in rows]


def _violation_cells(reports_) -> list[list]:
    return [
        [
            _when(report.reported_at),
            report.target_label,
            report.category.clause_id,
            report.category.text,
            report.outcome.clause_id if report.outcome else "",
            report.outcome.text if report.outcome else "Waiting",
        ]
        for report in reports_
    ]


SPECS = {
    spec.slug: spec
    for spec in [
        ReportSpec(
            "sites",
            "Site compliance",
            "One row per site: its compliance, last review, open findings and last monitoring check.",
            ["Site", "Owner", "School", "Status", "Compliance", "Last review", "Open findings", "Last check"],
            reports.site_compliance,
            _site_cells,
            pdf=True,
        ),
        ReportSpec(
            "decisions",
            "Request decisions",
            "Who decided what and when, and how many days each request waited for that decision.",
            ["Request", "Step", "Decided by", "Decision", "When", "Days waited", "Reason"],
            reports.request_decisions,
            _decision_cells,
        ),
        ReportSpec(
            "overdue",
            "Overdue work",
            "Who owes what, since when: monitoring checks, checklist reviews and findings past due.",
            ["What", "About", "Owed by", "Due since"],
            reports.overdue_work,
            _overdue_cells,
        ),
        ReportSpec(
            "violations",
            "Violation reports",
            "Each report with its category, the site or account, and what was done, each with its clause.",
            ["Reported", "About", "Clause", "Category", "Outcome clause", "What was done"],
            reports.violations,
            _violation_cells,
        ),
    ]
}
