"""Every clause of both regulations (`../shared/policies/CLAUSES.md`) that the portal carries, each named here
with what the portal does for it.

A request promise is shown on the request form with its clause and the request cannot be submitted without it;
a checklist item is asked in every review, and failing it opens a finding citing the clause, assigned to the
site's owner; a personal-use rule is shown for acknowledgment with its clause, and signing records the version;
a violation category is offered on the report form with its clause, and a report filed under it keeps the item
and names the clause to its handler and on the audit trail; a referral for discipline (WH-X1, R14-X1) is
recorded by a district administrator only. The lists are written out, clause by clause, and held to the
districts' policy templates so they cannot drift.
"""

import uuid
from html import unescape

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from audits.models import AuditEvent
from policyportal.models import AppliesTo, ChecklistItem, Notification
from policyportal.policy_templates import load
from policyportal.selectors import current_policy
from requests import services as request_services
from requests.models import SocialMediaRequest, Status
from sites import services as site_services
from sites.models import Site
from sites.personal.models import Acknowledgment
from tests import factories

PROMISED = {
    "west-hartford": ["WH-D2", "WH-D3", "WH-D4", "WH-D5", "WH-D6", "WH-D8", "WH-D9", "WH-D10", "WH-D11"],
    "region-14": [
        "R14-D1",
        "R14-D3a",
        "R14-D3b",
        "R14-D3c",
        "R14-D3d",
        "R14-D3e",
        "R14-D3g",
        "R14-D6",
        "R14-D8",
        "R14-D9",
    ],
}
REVIEWED = {
    "west-hartford": ["WH-D2", "WH-D3", "WH-D4", "WH-D5", "WH-D6", "WH-D7", "WH-D8", "WH-D9", "WH-D10", "WH-D11"],
    "region-14": [
        "R14-D3a",
        "R14-D3b",
        "R14-D3c",
        "R14-D3d",
        "R14-D3e",
        "R14-D3f",
        "R14-D3g",
        "R14-D3h",
        "R14-D4",
        "R14-D7",
        "R14-D8",
        "R14-D9",
        "R14-D10",
    ],
}
ACKNOWLEDGED = {
    "west-hartford": ["WH-P1", "WH-P2", "WH-P3", "WH-P4", "WH-P5", "WH-P6"],
    "region-14": [
        "R14-P1",
        "R14-P2",
        "R14-P3",
        "R14-P4",
        "R14-P5",
        "R14-P6",
        "R14-P7",
        "R14-P8",
        "R14-P9",
        "R14-D3h",
        "R14-D5",
    ],
}
CATEGORIZED = {
    "west-hartford": [
        "WH-P4",
        "WH-P5",
        "WH-P3",
        "WH-P6",
        "WH-D2",
        "WH-D3",
        "WH-D4",
        "WH-D5",
        "WH-D6",
        "WH-D8",
        "WH-D9",
        "WH-D10",
        "WH-D11",
        "WH-D7",
    ],
    "region-14": [
        "R14-S1",
        "R14-S2",
        "R14-S3",
        "R14-S4",
        "R14-D4",
        "R14-D3b",
        "R14-D7",
        "R14-D3e",
        "R14-D8",
        "R14-D9",
        "R14-S5",
    ],
}
OUTCOMES = {"west-hartford": ["WH-D7", "WH-X1"], "region-14": ["R14-D3f", "R14-X1"]}
DISCIPLINE = {"west-hartford": "WH-X1", "region-14": "R14-X1"}
KINDS = {
    AppliesTo.REQUEST_ATTESTATION: PROMISED,
    AppliesTo.SITE_REVIEW: REVIEWED,
    AppliesTo.ACKNOWLEDGMENT: ACKNOWLEDGED,
    AppliesTo.VIOLATION_CATEGORY: CATEGORIZED,
    AppliesTo.VIOLATION_OUTCOME: OUTCOMES,
}


def clauses_of(items, applies_to: str) -> list[str]:
    """Each clause once, in the order the items cite them."""
    return list(dict.fromkeys(item.clause_id for item in items if item.applies_to == applies_to))


@pytest.mark.parametrize("slug", ["west-hartford", "region-14"])
def test_the_lists_here_are_the_districts_templates_and_installed_rules(db, slug):
    template = load(slug)
    installed = ChecklistItem.objects.filter(policy_version__district__slug=slug, policy_version__number=1)
    for applies_to, lists in KINDS.items():
        assert clauses_of(template.items, applies_to) == lists[slug], applies_to
        assert clauses_of(installed.order_by("position"), applies_to) == lists[slug], applies_to


def people(slug, request):
    """The requester and their supervisor in the district named."""
    if slug == "west-hartford":
        return request.getfixturevalue("employee"), request.getfixturevalue("supervisor")
    return request.getfixturevalue("r14_employee"), request.getfixturevalue("r14_supervisor")


PROMISES = [(slug, clause) for slug, clauses in PROMISED.items() for clause in clauses]


@pytest.mark.parametrize(("slug", "clause"), PROMISES)
def test_a_request_promise_is_on_the_form_and_a_request_without_it_is_not_submitted(client, request, slug, clause):
    employee, _ = people(slug, request)
    client.force_login(employee)
    assert clause in client.get(reverse("requests:new")).content.decode()
    promises = [item for item in factories.promises(employee.district) if item.clause_id != clause]
    with pytest.raises(ValidationError, match=clause):
        request_services.request_submit(
            by=employee, fields=factories.request_fields(requester=employee), attested=promises
        )
    assert not SocialMediaRequest.objects.filter(requester=employee).exclude(status=Status.DRAFT).exists()


CHECKS = [(slug, clause) for slug, clauses in REVIEWED.items() for clause in clauses]


@pytest.mark.parametrize(("slug", "clause"), CHECKS)
def test_a_checklist_item_is_asked_in_a_review_and_failing_it_opens_a_finding_for_the_owner(request, slug, clause):
    employee, supervisor = people(slug, request)
    site = factories.active_site(requester=employee)
    findings = factories.failed_review(site, supervisor, clause)
    assert findings and {finding.clause_id for finding in findings} == {clause}
    assert {finding.assignee for finding in findings} == {employee}
    assert all(
        title.startswith(f"Fix {clause} on {site.name} by ")
        for title in employee.notifications.filter(kind="finding.opened").values_list("title", flat=True)
    )


@pytest.mark.parametrize("slug", ["west-hartford", "region-14"])
def test_each_personal_use_rule_is_shown_for_acknowledgment_and_signing_records_the_version(client, request, slug):
    employee, _ = people(slug, request)
    client.force_login(employee)
    page = client.get(reverse("acknowledge")).content.decode()
    for clause in ACKNOWLEDGED[slug]:
        assert clause in page, clause
    sent = {"read_them": "on", "typed_name": employee.get_full_name(), "form_token": uuid.uuid4()}
    client.post(reverse("acknowledge"), sent)
    signed = Acknowledgment.objects.get(user=employee)
    assert clauses_of(signed.policy_version.items.all(), AppliesTo.ACKNOWLEDGMENT) == ACKNOWLEDGED[slug]
    assert signed.policy_version == current_policy(employee.district_id)


CATEGORIES = [(slug, clause) for slug, clauses in CATEGORIZED.items() for clause in clauses]


@pytest.mark.parametrize(("slug", "clause"), CATEGORIES)
def test_a_violation_category_is_offered_with_its_clause_and_a_report_filed_under_it_cites_it(
    client, request, slug, clause
):
    """R14-S1 to R14-S5 among them: what the Board regulates is what a Region 14 violation is reported as."""
    employee, _ = people(slug, request)
    client.force_login(employee)
    items = current_policy(employee.district_id).items.filter(applies_to=AppliesTo.VIOLATION_CATEGORY)
    categories = list(items.filter(clause_id=clause))
    assert categories
    for category in categories:
        assert str(category) in unescape(client.get(reverse("sites:report_violation")).content.decode())
        found = site_services.violation_report(
            by=employee,
            account_name="Unofficial boosters page",
            category=category.key,
            what_happened="A post under the district's name.",
            occurred_on=timezone.localdate(),
        )
        assert found.category == category
        event = AuditEvent.objects.get(action="violation.reported", target_id=str(found.pk))
        assert (event.payload["category"], event.payload["clause"]) == (category.key, clause)
        notices = Notification.objects.filter(kind="violation.reported", link__endswith=f"/{found.pk}/")
        assert notices and all(clause in title for title in notices.values_list("title", flat=True))


@pytest.mark.parametrize("slug", ["west-hartford", "region-14"])
def test_wh_x1_and_r14_x1_a_referral_for_discipline_is_recorded_by_a_district_administrator_only(client, request, slug):
    employee, supervisor = people(slug, request)
    administrator = request.getfixturevalue("admin" if slug == "west-hartford" else "r14_admin")
    clause = DISCIPLINE[slug]
    found = site_services.violation_report(
        by=employee,
        site=factories.active_site(requester=employee),
        category="harassment",
        what_happened="An abusive reply to a parent.",
        occurred_on=timezone.localdate(),
    )
    assert found.handler == supervisor
    client.force_login(supervisor)
    page = client.get(reverse("sites:violation", args=[found.pk])).content.decode()
    assert 'value="referred_for_discipline"' not in page
    assert f"{clause}: " in page and "recorded by a district administrator" in page
    with pytest.raises(PermissionDenied, match=f"district administrator records a referral for discipline \\({clause}"):
        site_services.violation_resolve(report=found, by=supervisor, outcome="referred_for_discipline", note="HR")
    found.refresh_from_db()
    assert found.outcome is None and not AuditEvent.objects.filter(action="violation.resolved").exists()

    site_services.violation_resolve(
        report=found, by=administrator, outcome="referred_for_discipline", note="Referred with the screenshots."
    )
    found.refresh_from_db()
    assert (found.outcome.clause_id, found.resolved_by) == (clause, administrator)
    event = AuditEvent.objects.get(action="violation.resolved", target_id=str(found.pk))
    assert (event.actor, event.payload) == (administrator, {"outcome": "referred_for_discipline", "clause": clause})
    assert clause in Notification.objects.get(recipient=employee, kind="violation.resolved").title


def test_wh_d1_west_hartford_decides_in_two_steps_and_region_14_in_one_r14_d2(
    employee, supervisor, admin, r14_employee, r14_supervisor
):
    """WH-D1: the supervisor's approval, then the district office's, opens the site; R14-D2: the supervisor's
    written permission alone does."""
    west = factories.submitted_request(requester=employee)
    assert (west.steps_total, west.current_decider) == (2, supervisor)
    factories.decide(west, supervisor)
    assert (west.status, west.current_step, west.current_decider) == (Status.PENDING, 2, admin)
    assert not Site.objects.filter(request=west).exists(), "the district office's step is still to come"
    factories.decide(west, admin)
    assert west.status == Status.APPROVED and west.site.owner == employee

    region = factories.submitted_request(requester=r14_employee)
    assert region.steps_total == 1
    factories.decide(region, r14_supervisor)
    assert region.status == Status.APPROVED and region.site.owner == r14_employee
