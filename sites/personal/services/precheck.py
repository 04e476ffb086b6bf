"""Running the post pre-check: the post itself is never stored, only that a check ran (and what it found)."""

from django.db import transaction

from audits.recorder import record
from policyportal.models import User
from sites.models import Site
from sites.personal import precheck


@transaction.atomic
def precheck_run(*, by: User, text: str, links: str, site: Site | None) -> list[precheck.Finding]:
    """Check a planned post for its author, and record that the check ran: how many findings, on which site."""
    findings = precheck.check_post(author=by, text=text, links=links, site=site)
    record(action="precheck.run", actor=by, payload={"findings": len(findings), "site": site and site.pk})
    return findings
