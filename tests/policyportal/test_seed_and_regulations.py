import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from audits.models import AuditEvent
from audits.verification import verify_chain
from policyportal import policy_templates
from policyportal.bootstrap import INSTALLED_AT_START
from policyportal.demo import DEMO, DEMO_OPERATOR, DEMO_PASSWORD
from policyportal.models import AppliesTo, ApprovalChain, ChecklistItem, District, PolicyVersion, School, User
from requests.models import SocialMediaRequest, Status
from sites.models import Finding, Site, ViolationReport

CLAUSES_MD = Path(__file__).resolve().parents[3] / "shared" / "policies" / "CLAUSES.md"


def counts() -> tuple[int, int, int]:
    return User.objects.count(), School.objects.count(), AuditEvent.objects.count()


def test_seed_demo_creates_both_districts_people_through_services_and_is_idempotent(db):
    call_command("seed_demo", stdout=io.StringIO())
    first = counts()
    people = sum(len(demo["people"]) for demo in DEMO.values())
    schools = sum(len(demo["schools"]) for demo in DEMO.values())
    assert first[:2] == (people + 1, schools)  # and the installation's operator
    operator = User.objects.get(username=DEMO_OPERATOR[0])
    assert operator.is_superuser and operator.district is None
    assert AuditEvent.objects.filter(action="user.created").count() == people
    assert AuditEvent.objects.filter(action="school.created").count() == schools

    call_command("seed_demo", stdout=io.StringIO())
    assert counts() == first
    for district in District.objects.all():
        assert verify_chain(district.pk).intact


def test_the_demo_has_requests_in_every_state_and_sites_for_the_approved(db):
    call_command("seed_demo", stdout=io.StringIO())
    assert set(SocialMediaRequest.objects.values_list("status", flat=True)) == set(Status.values)
    assert SocialMediaRequest.objects.filter(status=Status.PENDING, current_step=2).exists()
    approved = SocialMediaRequest.objects.filter(status=Status.APPROVED)
    assert Site.objects.filter(request__in=approved).count() == approved.count() > 0


def test_the_demo_has_active_reviewed_sites_an_open_finding_and_a_waiting_violation_report(db):
    call_command("seed_demo", stdout=io.StringIO())
    assert Site.objects.filter(status="active", next_review_due__isnull=False).count() == 2
    assert Finding.objects.filter(status="open", clause_id="WH-D9").count() == 1
    assert ViolationReport.objects.filter(resolved_at__isnull=True, handler__username="wh.principal").count() == 1


def test_demo_people_sign_in_with_the_readme_password_and_report_to_their_own_district(db):
    call_command("seed_demo", stdout=io.StringIO())
    for user in User.objects.select_related("supervisor"):
        assert user.check_password(DEMO_PASSWORD)
        if user.supervisor:
            assert user.supervisor.district_id == user.district_id
            assert user.supervisor.can_supervise


def test_wh_d1_west_hartford_asks_the_district_after_the_supervisor(db):
    assert District.objects.get(slug="west-hartford").approval_chain == ApprovalChain.SUPERVISOR_THEN_DISTRICT


def test_r14_d2_region_14_asks_the_supervisors_written_permission(db):
    assert District.objects.get(slug="region-14").approval_chain == ApprovalChain.SUPERVISOR


@pytest.mark.parametrize("slug", ["west-hartford", "region-14"])
def test_each_district_starts_with_its_regulation_in_all_three_places(db, slug):
    version = PolicyVersion.objects.get(district__slug=slug)
    assert version.number == 1
    applies = set(version.items.values_list("applies_to", flat=True))
    assert applies == set(AppliesTo.values)
    assert AuditEvent.objects.filter(district=version.district, action="policy.published").count() == 1


def test_r14_d3b_member_posts_and_profanity_are_separate_promises(db):
    promises = ChecklistItem.objects.filter(
        policy_version__district__slug="region-14", applies_to=AppliesTo.REQUEST_ATTESTATION, clause_id="R14-D3b"
    )
    assert promises.count() == 2


def test_every_item_cites_a_clause_of_its_own_regulation(db):
    for name in INSTALLED_AT_START:
        template = policy_templates.load(name)
        prefix = "WH-" if template.district["slug"] == "west-hartford" else "R14-"
        for item in template.items:
            assert item.clause_id.startswith(prefix), item.text


@pytest.mark.skipif(not CLAUSES_MD.exists(), reason="shared/policies/CLAUSES.md is not beside this checkout")
def test_every_cited_clause_exists_in_the_clause_inventory(db):
    inventory = set(re.findall(r"^\| ((?:WH|R14)-[A-Z]+\d+[a-z]?) \|", CLAUSES_MD.read_text(), re.MULTILINE))
    cited = set(ChecklistItem.objects.values_list("clause_id", flat=True))
    assert cited <= inventory, cited - inventory


def test_on_a_fresh_demo_run_reminders_sends_reminders_and_escalations_then_nothing(db):
    call_command("seed_demo", stdout=io.StringIO())
    first, second = io.StringIO(), io.StringIO()
    call_command("run_reminders", stdout=first)
    call_command("run_reminders", stdout=second)
    for kind in ["monitoring.due", "monitoring.escalated_admin", "finding.escalated", "request.escalated"]:
        assert kind in first.getvalue()
    assert "Sent 0 reminders" in second.getvalue()
    for district in District.objects.all():
        assert verify_chain(district.pk).intact
