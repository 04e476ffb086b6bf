"""The administrators' page "How the portal supports each clause" (issue 17): every clause of the district's
regulation with the items and workflows that enforce it and its live figures, each figure moving when the thing
it counts happens, read with a number of queries that does not grow with the district."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from policyportal.clause_support import clause_titles, regulation_of
from policyportal.models import Role
from policyportal.selectors import current_policy
from sites import services as site_services
from sites.models import Site
from sites.personal.models import DirectoryObjection
from sites.personal.services import acknowledgments, consultations
from sites.personal.services.precheck import precheck_run
from sites.services import violations
from tests import factories

PAGE = "/rules/clauses/"
SECTION = re.compile(r'<section[^>]*data-clause="([^"]+)"[^>]*>(.*?)</section>', re.DOTALL)


def sections(client) -> dict[str, str]:
    """Each clause's section of the page, as its reader sees the text (tags and spacing dropped)."""
    page = client.get(PAGE)
    assert page.status_code == 200
    return {
        clause_id: " ".join(unescape(re.sub(r"<[^>]+>", " ", body)).split())
        for clause_id, body in SECTION.findall(page.content.decode())
    }


def figure(client, clause_id: str, label: str) -> str:
    """The figure shown under `label` in the clause's section: "3" or "2 of 4"."""
    found = re.search(rf"{re.escape(label)} (\d+(?: of \d+)?)", sections(client)[clause_id])
    assert found, f"{clause_id} shows no figure {label!r}: {sections(client)[clause_id]}"
    return found.group(1)


@pytest.fixture
def r14_employee(region_14, r14_supervisor):
    return factories.user(district=region_14, username="r14employee", supervisor=r14_supervisor)


def test_the_page_is_for_the_districts_administrators_only(client, admin, supervisor, employee):
    for person in (employee, supervisor):
        client.force_login(person)
        assert client.get(PAGE).status_code == 403
        assert reverse("clause_support") not in client.get("/rules/").content.decode()
    client.logout()
    assert client.get(PAGE).status_code == 302  # to sign in
    client.force_login(admin)
    assert client.get(PAGE).status_code == 200
    assert reverse("clause_support") in client.get("/rules/").content.decode()


@pytest.mark.parametrize(("district", "own", "other"), [("west_hartford", "WH", "R14"), ("region_14", "R14", "WH")])
def test_every_clause_of_the_districts_regulation_is_shown_and_no_other_districts(
    client, request, district, own, other
):
    district = request.getfixturevalue(district)
    client.force_login(factories.user(district=district, role=Role.DISTRICT_ADMIN))
    shown = sections(client)
    regulation = [clause_id for clause_id in clause_titles() if regulation_of(clause_id) == own]
    assert list(shown) == regulation  # every clause, in the regulation's order
    assert len(regulation) == {"WH": 18, "R14": 32}[own]
    assert not [clause_id for clause_id in shown if regulation_of(clause_id) == other]
    assert f"{other}-" not in client.get(PAGE).content.decode()


def test_each_clause_shows_every_item_and_workflow_that_enforces_it(client, r14_admin):
    client.force_login(r14_admin)
    shown = sections(client)
    items = list(current_policy(r14_admin.district_id).items.all())
    assert items
    for item in items:
        assert f"{item.get_applies_to_display()}: {' '.join(item.text.split())}" in shown[item.clause_id]
    assert "Workflow, request form and approval chain" in shown["R14-D2"]
    assert "Workflow, monitoring" in shown["R14-D3f"]
    assert "Workflow, every site in view" in shown["R14-D6"]
    assert "Workflow, ask my supervisor" in shown["R14-D7"]
    assert "Workflow, directory-objection roster" in shown["R14-D7"]
    assert "Post pre-check" in shown["R14-D7"]


def test_a_monitoring_check_logged_on_time_moves_the_monitoring_figures(client, r14_admin, r14_employee):
    site = factories.active_site(requester=r14_employee)
    Site.objects.filter(pk=site.pk).update(activated_at=timezone.now() - timedelta(days=60))
    client.force_login(r14_admin)
    assert figure(client, "R14-D3f", "Active sites monitored on time") == "0 of 1"
    assert figure(client, "R14-D3f", "Monitoring checks logged this month") == "0"

    site_services.monitoring_log(
        site=site, by=r14_employee, checked_at=timezone.now(), looked_at=["new_posts"], found=""
    )
    assert figure(client, "R14-D3f", "Active sites monitored on time") == "1 of 1"
    assert figure(client, "R14-D3f", "Monitoring checks logged this month") == "1"
    assert figure(client, "R14-D6", "Active sites, each open to the administrators and the owner's supervisor") == "1"


def test_a_decided_request_and_its_promises_move_the_request_figures(client, admin, employee):
    client.force_login(admin)
    assert figure(client, "WH-D1", "Requests decided this year") == "0"
    promised = {item.clause_id for item in factories.promises(admin.district)}
    assert promised

    request = factories.submitted_request(requester=employee)
    assert figure(client, "WH-D1", "Requests waiting for a decision now") == "1"
    while request.status == "pending":
        factories.decide(request, request.current_decider)
    assert figure(client, "WH-D1", "Requests decided this year") == "1"
    assert figure(client, "WH-D1", "Of them approved") == "1"
    assert figure(client, "WH-D6", "Requests submitted this year, each stating its purpose and audience") == "1"
    for clause_id in promised:
        assert figure(client, clause_id, "Requests this year that confirmed it") == "1"


def test_a_failed_review_counts_against_the_item_it_failed_only(client, admin, supervisor, employee):
    site = factories.active_site(requester=employee)
    client.force_login(admin)
    assert figure(client, "WH-D4", "Reviews this year that failed it") == "0"
    factories.failed_review(site, supervisor, "WH-D4")
    assert figure(client, "WH-D4", "Reviews this year that checked it") == "1"
    assert figure(client, "WH-D4", "Reviews this year that failed it") == "1"
    assert figure(client, "WH-D2", "Reviews this year that checked it") == "1"
    assert figure(client, "WH-D2", "Reviews this year that failed it") == "0"


def test_pre_check_hits_and_consultations_move_r14_d7s_figures(client, r14_admin, r14_employee):
    school = factories.school(district=r14_admin.district, name="Nonnewaug High School")
    DirectoryObjection.objects.create(
        district=r14_admin.district,
        school=school,
        student_id="1001",
        first_name="Ann",
        last_name="Lee",
        imported_at=timezone.now(),
    )
    site = factories.active_site(requester=r14_employee, school=school)
    client.force_login(r14_admin)
    assert figure(client, "R14-D7", "Pre-checks this year with a finding citing it") == "0"
    assert figure(client, "R14-D7", "Students on the directory-objection roster") == "1"

    precheck_run(by=r14_employee, text="Great game, Ann Lee!", links="", site=site)
    precheck_run(by=r14_employee, text="Practice is at four.", links="", site=site)  # finds nothing
    assert figure(client, "R14-D7", "Pre-checks this year with a finding citing it") == "1"
    assert figure(client, "R14-P5", "Pre-checks this year with a finding citing it") == "0"

    asked = consultations.consultation_ask(
        by=r14_employee, text="Great game, Ann Lee!", links="", site=site, findings=[]
    )
    assert figure(client, "R14-D7", "Posts sent to a supervisor this year") == "1"
    assert figure(client, "R14-D7", "Of them answered") == "0"
    consultations.consultation_answer(
        consultation=asked, by=asked.supervisor, answer="do_not", note="Leave the name out."
    )
    assert figure(client, "R14-D7", "Of them answered") == "1"


def test_an_acknowledgment_moves_every_acknowledgment_clauses_figure(client, r14_admin, r14_employee):
    client.force_login(r14_admin)
    people = figure(client, "R14-P1", "People who acknowledged this version").split(" of ")[1]
    assert figure(client, "R14-P1", "People who acknowledged this version") == f"0 of {people}"
    acknowledgments.acknowledgment_record(user=r14_employee, typed_name=r14_employee.display_name)
    assert figure(client, "R14-P1", "People who acknowledged this version") == f"1 of {people}"
    assert figure(client, "R14-P8", "People who acknowledged this version") == f"1 of {people}"


def _busier(district, supervisor, n: int) -> None:
    """`n` more people, each with an active site checked, reviewed and reported, a decided request, a pre-check
    run and an acknowledgment."""
    for _ in range(n):
        person = factories.user(district=district, supervisor=supervisor)
        site = factories.active_site(requester=person, url=f"https://www.facebook.com/groups/g{person.pk}")
        site_services.monitoring_log(site=site, by=person, checked_at=timezone.now(), looked_at=["comments"], found="")
        factories.failed_review(site, supervisor, "WH-D4")
        precheck_run(by=person, text="Buy raffle tickets, you idiot", links="https://example.com", site=site)
        acknowledgments.acknowledgment_record(user=person, typed_name=person.display_name)
        report = violations.violation_report(
            by=person, category="not_closed", what_happened="Open to all.", occurred_on=timezone.localdate(), site=site
        )
        violations.violation_resolve(report=report, by=supervisor, outcome="discussed", note="Closed it.")


def test_the_page_reads_with_the_same_number_of_queries_however_busy_the_district(client, admin, supervisor):
    client.force_login(admin)
    _busier(admin.district, supervisor, 1)
    with CaptureQueriesContext(connection) as quiet:
        sections(client)
    _busier(admin.district, supervisor, 4)
    with CaptureQueriesContext(connection) as busy:
        sections(client)
    assert len(busy) == len(quiet)
    assert len(quiet) <= 20


def test_a_violation_filed_and_referred_for_discipline_moves_its_category_and_outcome_clauses(
    client, r14_admin, r14_employee
):
    site = factories.active_site(requester=r14_employee)
    client.force_login(r14_admin)
    assert figure(client, "R14-S1", "Violations reported under it this year") == "0"
    assert figure(client, "R14-X1", "Violations resolved with it this year") == "0"

    report = violations.violation_report(
        by=r14_employee,
        category="disruption",
        what_happened="Posts undermining the school day.",
        occurred_on=timezone.localdate(),
        site=site,
    )
    assert figure(client, "R14-S1", "Violations reported under it this year") == "1"
    assert figure(client, "R14-S2", "Violations reported under it this year") == "0"
    violations.violation_resolve(report=report, by=r14_admin, outcome="referred_for_discipline", note="Referred.")
    assert figure(client, "R14-X1", "Violations resolved with it this year") == "1"
