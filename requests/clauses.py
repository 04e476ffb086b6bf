"""What requests do for the regulations' clauses (policyportal.clause_support): the request form and its
approval chain, and the live figures of the promises a requester confirms."""

from collections.abc import Sequence

from django.db.models import Count, Q

from policyportal.clause_support import Figure, Period, register_item_figures, register_workflow
from policyportal.models import AppliesTo, ChecklistItem
from requests.models import RequestAttestation, SocialMediaRequest, Status


def decision_figures(period: Period) -> list[Figure]:
    counted = SocialMediaRequest.objects.filter(district=period.district).aggregate(
        decided=Count("pk", filter=Q(decided_at__gte=period.year_start)),
        approved=Count("pk", filter=Q(decided_at__gte=period.year_start, status=Status.APPROVED)),
        waiting=Count("pk", filter=Q(status=Status.PENDING)),
    )
    return [
        Figure("Requests decided this year", counted["decided"]),
        Figure("Of them approved", counted["approved"]),
        Figure("Requests waiting for a decision now", counted["waiting"]),
    ]


def purpose_figures(period: Period) -> list[Figure]:
    submitted = SocialMediaRequest.objects.filter(district=period.district, submitted_at__gte=period.year_start)
    return [Figure("Requests submitted this year, each stating its purpose and audience", submitted.count())]


def promise_figures(period: Period, items: Sequence[ChecklistItem]) -> dict[str, list[Figure]]:
    """Per clause of the request promises: the requests submitted this year that confirmed a promise citing it."""
    confirmed = (
        RequestAttestation.objects.filter(
            request__district=period.district,
            request__submitted_at__gte=period.year_start,
            item__clause_id__in={item.clause_id for item in items},
        )
        .values("item__clause_id")
        .annotate(requests=Count("request", distinct=True))
    )
    counted = {row["item__clause_id"]: row["requests"] for row in confirmed}
    return {
        item.clause_id: [Figure("Requests this year that confirmed it", counted.get(item.clause_id, 0))]
        for item in items
    }


def register() -> None:
    register_workflow(
        "request form and approval chain",
        "no site is set up without a request form describing its use and the written, signed decision of each "
        "step of the district's approval chain, bound to exactly what was reviewed.",
        ("WH-D1", "R14-D2"),
        decision_figures,
    )
    register_workflow(
        "the request's purpose",
        "the request form asks what the site is for (the club, activity, organization or team) and whom it "
        "serves; the deciders read it before they decide.",
        ("WH-D6", "R14-D1"),
        purpose_figures,
    )
    register_item_figures(AppliesTo.REQUEST_ATTESTATION, promise_figures)
