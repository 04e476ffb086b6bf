"""Each rule of `sites.rules` says the same in its Python form and its `Q` form, on the same rows."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from policyportal.models import Role, User
from sites import rules, services
from sites.models import Finding, Site, SiteStatus, ViolationReport
from tests import factories

START = datetime(2026, 9, 1, 14, 0, tzinfo=UTC)
CATEGORY = "harassment"


@pytest.fixture
def world(west_hartford, admin, supervisor, employee, outsider):
    """Sites in every state, owned and supervised by different people, with findings open, fixed and closed."""
    other_supervisor = factories.user(district=west_hartford, role=Role.SUPERVISOR, supervisor=admin)
    colleague = factories.user(district=west_hartford, supervisor=other_supervisor)
    with time_machine.travel(START, tick=False) as clock:
        active = factories.active_site(requester=employee, site_name="Varsity Soccer")
        theirs = factories.active_site(requester=colleague, site_name="Chess Club")
        setting_up = factories.approved_site(requester=employee, site_name="Band")
        suspended = factories.active_site(requester=colleague, site_name="Drama")
        services.site_suspend(site=suspended, by=admin, reason="Paused for the summer.", expected_version=2)
        admins_own = factories.active_site(requester=supervisor, site_name="Principal's News")
        offered = factories.active_site(requester=employee, site_name="Robotics")
        services.site_transfer_offer(site=offered, by=employee, to=colleague, expected_version=offered.version)
        open_finding = factories.failed_review(active, supervisor)
        [fixed] = factories.failed_review(theirs, admin)
        services.finding_report_fixed(finding=fixed, by=colleague, note="Fixed.", expected_version=1)
        [closed] = factories.failed_review(admins_own, admin)
        services.finding_report_fixed(finding=closed, by=supervisor, note="Fixed.", expected_version=1)
        services.finding_verify(finding=closed, by=admin, expected_version=2)
        for site, reporter in ((theirs, employee), (active, colleague)):
            services.violation_report(
                by=reporter, site=site, category=CATEGORY, what_happened="A rude comment.", occurred_on=START.date()
            )
        clock.shift(timedelta(hours=1))
    demoted = factories.user(district=west_hartford, role=Role.SUPERVISOR, username="demoted", supervisor=admin)
    leaver = factories.user(district=west_hartford, username="leaver", supervisor=demoted)
    with time_machine.travel(START, tick=False):
        factories.active_site(requester=leaver, site_name="Leaver's Club")
    demoted.role = Role.EMPLOYEE  # moved to a teaching role: no longer answers for the sites of their people
    demoted.save(update_fields=["role"])
    factories.close_account(leaver)
    people = [admin, supervisor, employee, outsider, other_supervisor, colleague, demoted, leaver]
    assert open_finding and setting_up
    return people


def pks(model, condition) -> set[int]:
    return set(model.objects.filter(condition).values_list("pk", flat=True))


def agree(python_rule, q_rule, model, people) -> None:
    for person in people:
        rows = model.objects.all()
        expected = {row.pk for row in rows if python_rule(row, person)}
        assert pks(model, q_rule(person)) == expected, person.username


def test_who_answers_for_a_site_and_sees_its_file(world):
    agree(rules.answers_for, rules.answered_for_by, Site, world)


def test_who_may_receive_a_site(world):
    everyone = {person.pk for person in world}
    for site in Site.objects.all():
        expected = {person.pk for person in world if rules.may_receive(site, person)}
        assert pks(User, rules.receivable_by(site)) & everyone == expected, site.name


def test_who_sees_a_violation_report(world):
    agree(rules.may_see_violation, rules.visible_violations, ViolationReport, world)


def test_who_sees_a_site(world):
    agree(rules.may_see_site, rules.visible_sites, Site, world)


def test_who_takes_a_site_live(world):
    agree(rules.may_activate, rules.activatable_by, Site, world)


def test_who_owes_a_fix(world):
    def owes_fix(finding, person):
        return rules.may_report_fixed(finding, person) and finding.site.status == SiteStatus.ACTIVE

    agree(owes_fix, rules.fixes_owed_by, Finding, world)


def test_who_owes_the_handling_of_a_violation_report(world, employee):
    services.violation_report(
        by=employee, account_name="Fans", category=CATEGORY, what_happened="A rude comment.", occurred_on=START.date()
    )  # about no district site: nobody's but the administrators'
    agree(rules.owes_handling, rules.handling, ViolationReport, world)


@pytest.mark.parametrize("days", [0, 7, 14, 15, 16, 90, 91, 92, 200])
@pytest.mark.parametrize("hour", [1, 16], ids=["01h_utc_the_evening_before_in_the_district", "16h_utc"])
def test_when_work_is_due_and_overdue(world, west_hartford, days, hour):
    moment = datetime.combine(START.date() + timedelta(days=days), datetime.min.time(), tzinfo=UTC)
    with time_machine.travel(moment + timedelta(hours=hour), tick=False):
        now, today = timezone.now(), west_hartford.today()
        sites = list(Site.objects.select_related("district"))
        assert pks(Site, rules.checks_overdue([west_hartford], now)) == {
            s.pk for s in sites if rules.is_check_overdue(s, now)
        }
        assert pks(Site, rules.reviews_due(today)) == {s.pk for s in sites if rules.is_review_due(s, today)}
        assert pks(Site, rules.reviews_overdue([west_hartford], today)) == {
            s.pk for s in sites if rules.is_review_overdue(s, today)
        }
        findings = list(Finding.objects.select_related("site"))
        late_findings = {f.pk for f in findings if rules.is_finding_overdue(f, today)}
        assert pks(Finding, rules.findings_overdue(today)) == late_findings
        annotated = rules.with_compliance(Site.objects.all(), west_hartford, today)
        assert {s.pk: s.compliance for s in annotated} == {s.pk: rules.compliance_of(s, today) for s in sites}
        counted = {s.pk: s.overdue_findings for s in annotated}
        assert counted == {s.pk: sum(f.site_id == s.pk for f in findings if f.pk in late_findings) for s in sites}
