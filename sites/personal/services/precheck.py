"""Running the post pre-check: the post itself is never stored, only that a check ran (and what it found)."""

from django.db import transaction

from audits.recorder import record
from policyportal.models import User
from sites.models import Site
from sites.personal import precheck


@transaction.atomic
def precheck_run(*, by: User, text: str, links: str, site: Site | None) -> list[precheck.Finding]:
    """Check a planned post for its author, and record that the check ran: how many findings, the clauses
    they cited (for the clause page's figures), on which site."""
    findings = precheck.check_post(author=by, text=text, links=links, site=site)
    cited = sorted({clause_id for finding in findings for clause_id in finding.clause_ids.split(", ") if clause_id})
    payload = {"findings": len(findings), "clauses": cited, "site": site and site.pk}
    record(action="precheck.run", actor=by, payload=payload)
    return findings
