"""What personal use does for the regulations' clauses (policyportal.clause_support): asking a supervisor
before posting, the directory-objection roster, and the live figures of pre-check rules and acknowledgments."""

from collections import Counter
from collections.abc import Sequence

from django.db.models import Count, Q

from audits.models import AuditEvent
from policyportal.clause_support import Figure, Period, register_item_figures, register_workflow
from policyportal.models import AppliesTo, ChecklistItem, User
from sites.personal import rules
from sites.personal.models import Consultation, DirectoryObjection


def consultation_figures(period: Period) -> list[Figure]:
    counted = Consultation.objects.filter(district=period.district, asked_at__gte=period.year_start).aggregate(
        asked=Count("pk"), answered=Count("pk", filter=Q(answered_at__isnull=False))
    )
    return [
        Figure("Posts sent to a supervisor this year", counted["asked"]),
        Figure("Of them answered", counted["answered"]),
    ]


def roster_figures(period: Period) -> list[Figure]:
    return [
        Figure(
            "Students on the directory-objection roster",
            DirectoryObjection.objects.filter(district=period.district).count(),
        )
    ]


def precheck_figures(period: Period, items: Sequence[ChecklistItem]) -> dict[str, list[Figure]]:
    """Per clause of the pre-check rules: the checks run this year whose findings cited it. A check's audit
    event keeps the clauses it cited; the post itself is never stored."""
    runs = AuditEvent.objects.filter(
        district=period.district, action="precheck.run", occurred_at__gte=period.year_start, payload__findings__gt=0
    )
    cited = Counter(
        clause_id for clauses in runs.values_list("payload__clauses", flat=True) for clause_id in clauses or []
    )
    return {
        item.clause_id: [Figure("Pre-checks this year with a finding citing it", cited[item.clause_id])]
        for item in items
    }


def acknowledgment_figures(period: Period, items: Sequence[ChecklistItem]) -> dict[str, list[Figure]]:
    """Every acknowledgment statement is signed together: who of the district's active people signed this version."""
    counted = User.objects.filter(district=period.district, is_active=True).aggregate(
        people=Count("pk"), owing=Count("pk", filter=rules.owing_acknowledgment(period.version))
    )
    signed = Figure("People who acknowledged this version", counted["people"] - counted["owing"], counted["people"])
    return {item.clause_id: [signed] for item in items}


def register() -> None:
    register_workflow(
        "ask my supervisor",
        "an employee unsure about a post sends it, with the pre-check's findings, to their supervisor, who "
        "answers in writing; the portal reminds them and escalates to the administrators.",
        ("R14-D7", "R14-P5"),
        consultation_figures,
    )
    register_workflow(
        "directory-objection roster",
        "the administrators import the students whose parent or guardian objected to directory information; "
        "the pre-check flags a post that names one.",
        ("R14-D7",),
        roster_figures,
    )
    register_item_figures(AppliesTo.POST_PRECHECK, precheck_figures)
    register_item_figures(AppliesTo.ACKNOWLEDGMENT, acknowledgment_figures)
