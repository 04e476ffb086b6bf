"""The home page is each person's to-do list: what they owe, most overdue first, each with its next step, then
what others owe them; nothing of anyone else's, in their district or another."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from policyportal.models import Role
from sites import services as site_services
from sites.personal.services import consultations as personal_services
from sites.personal.services.acknowledgments import acknowledgment_record
from tests import factories

START = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)  # 9 a.m. in West Hartford


def to_do(client, person) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    """What the home page lists for `person`: (what, how late, next step) owed by them, then owed to them."""
    client.force_login(person)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    rows = [
        [(item.what, item.when, item.step) for item in response.context[name] if "Acknowledge" not in item.what]
        for name in ("owed_by_me", "owed_to_me")
    ]
    return rows[0], rows[1]


def report_violation(by, **fields):
    return site_services.violation_report(
        by=by,
        category="harassment",
        what_happened="A rude comment under the game schedule.",
        occurred_on=timezone.localdate(),
        **fields,
    )


def ask(by):
    return personal_services.consultation_ask(
        by=by, text="Congratulations to the team!", links="", site=None, findings=[], question="May I post this?"
    )


@pytest.fixture
def colleague(west_hartford, supervisor):
    """Another employee of the same supervisor: owes nothing of the employee's."""
    return factories.user(district=west_hartford, username="colleague", supervisor=supervisor)


def test_an_owner_sees_the_finding_16_days_overdue_before_the_check_8_days_overdue(
    client, employee, supervisor, colleague, outsider
):
    with time_machine.travel(START, tick=False) as clock:
        site = factories.active_site(requester=employee, site_name="Hall Varsity Soccer")
        [finding] = factories.failed_review(site, supervisor, "WH-D4")
        clock.move_to(START + timedelta(days=15))  # the last check: due again 7 days later
        site_services.monitoring_log(
            site=site, by=employee, checked_at=timezone.now(), looked_at=["new_posts"], found="Nothing wrong."
        )
        clock.move_to(datetime.combine(finding.due_on + timedelta(days=16), START.timetz()))

        owed, _ = to_do(client, employee)
        assert owed == [
            ("Fix WH-D4 on Hall Varsity Soccer", "16 days overdue", "Report the fix"),
            ("Check Hall Varsity Soccer", "8 days overdue", "Log a check"),
        ]
        for someone_else in (colleague, outsider):
            assert to_do(client, someone_else) == ([], [])


def test_after_approval_the_requester_is_asked_to_take_the_site_live(client, employee, colleague, outsider):
    with time_machine.travel(START, tick=False) as clock:
        site = factories.approved_site(requester=employee, site_name="Chess Club")
        clock.shift(timedelta(days=3))
        owed, _ = to_do(client, employee)
        assert owed == [("Take Chess Club live", "waiting 3 days", "Record its address")]
        for someone_else in (colleague, outsider):
            assert to_do(client, someone_else) == ([], [])

        client.force_login(employee)
        page = client.get(reverse("requests:detail", args=[site.request_id]))
        assert f'href="{reverse("sites:detail", args=[site.pk])}"' in page.content.decode()


def test_a_supervisor_sees_the_violation_report_of_yesterday_and_the_review_due(
    client, west_hartford, employee, supervisor, colleague, outsider
):
    with time_machine.travel(START, tick=False) as clock:
        site = factories.active_site(requester=employee, site_name="Hall Varsity Soccer")
        clock.move_to(START + timedelta(days=west_hartford.review_cadence_days))  # the review falls due
        site_services.monitoring_log(
            site=site, by=employee, checked_at=timezone.now(), looked_at=["new_posts"], found="Nothing wrong."
        )
        report_violation(colleague, site=site)
        clock.shift(timedelta(days=1))

        owed, _ = to_do(client, supervisor)
        assert owed == [
            ("Handle a report about Hall Varsity Soccer", "waiting since yesterday", "Record what was done"),
            ("Review Hall Varsity Soccer", "due tomorrow", "Start the review"),  # its window of 2 days
        ]
        other_supervisor = factories.user(district=west_hartford, role=Role.SUPERVISOR, supervisor=supervisor)
        for someone_else in (employee, colleague, outsider, other_supervisor):
            assert to_do(client, someone_else)[0] == []


def test_a_report_without_a_handler_is_each_administrators_and_a_reported_fix_the_reviewers(
    client, west_hartford, admin, employee, supervisor, colleague, r14_admin
):
    with time_machine.travel(START, tick=False) as clock:
        site = factories.active_site(requester=employee, site_name="Hall Varsity Soccer")
        [finding] = factories.failed_review(site, supervisor, "WH-D4")
        site_services.finding_report_fixed(finding=finding, by=employee, note="Closed the group.", expected_version=1)
        report_violation(colleague, account_name="Hall Soccer Fans")
        clock.shift(timedelta(days=2))

        owed, _ = to_do(client, admin)
        assert owed == [
            ("Handle a report about Hall Soccer Fans (not a district site)", "waiting 2 days", "Record what was done")
        ]
        owed, _ = to_do(client, supervisor)
        assert owed == [("Check the fix of WH-D4 on Hall Varsity Soccer", "due in 12 days", "Verify or reopen")]
        assert to_do(client, employee)[0] == []
        assert to_do(client, r14_admin)[0] == []


def test_a_decider_owes_the_decision_and_the_requester_waits_for_it(client, employee, supervisor, colleague, outsider):
    with time_machine.travel(START, tick=False) as clock:
        factories.submitted_request(requester=employee, site_name="Robotics Team")
        clock.shift(timedelta(days=7))  # the district's deadline is 5 days

        owed, _ = to_do(client, supervisor)
        assert owed == [("Decide Robotics Team", "2 days overdue", "Decide")]
        owed, owed_to_me = to_do(client, employee)
        assert owed == []
        assert owed_to_me == [("Your request for Robotics Team", "2 days overdue", "See your request")]
        for someone_else in (colleague, outsider):
            assert to_do(client, someone_else) == ([], [])


def test_a_question_about_a_post_is_the_supervisors_to_answer_and_the_askers_to_wait_for(
    client, employee, supervisor, colleague, outsider
):
    with time_machine.travel(START, tick=False) as clock:
        ask(employee)
        clock.shift(timedelta(days=1))

        owed, _ = to_do(client, supervisor)
        assert owed == [(f"Answer {employee.display_name}'s question about a post", "due in 4 days", "Answer")]
        assert to_do(client, employee) == ([], [("Your question about a post", "due in 4 days", "See your question")])
        for someone_else in (colleague, outsider):
            assert to_do(client, someone_else) == ([], [])


def test_a_returned_request_is_the_requesters_to_change(client, employee, supervisor):
    with time_machine.travel(START, tick=False) as clock:
        request = factories.submitted_request(requester=employee, site_name="Robotics Team")
        factories.decide(request, supervisor, outcome="returned", reason="Name the team's coach.")
        clock.shift(timedelta(days=1))
        owed, owed_to_me = to_do(client, employee)
        assert owed == [("Make the changes asked for on Robotics Team", "waiting since yesterday", "Edit the request")]
        assert owed_to_me == []


def test_the_home_page_reads_with_as_many_queries_whatever_the_work(client, admin, supervisor, employee):
    def work(count: int) -> None:
        """Of each kind, `count` more: the employee's to fix, check, take live and wait for; the supervisor's
        to verify, review, decide, handle and answer; the administrators' to handle."""
        for _ in range(count):
            to_fix = factories.active_site(requester=employee)
            factories.failed_review(to_fix, supervisor, "WH-D4")
            [fixed] = factories.failed_review(factories.active_site(requester=employee), supervisor, "WH-D4")
            site_services.finding_report_fixed(finding=fixed, by=employee, note="Fixed.", expected_version=1)
            factories.approved_site(requester=employee)
            factories.submitted_request(requester=employee)
            report_violation(employee, site=to_fix)
            report_violation(employee, account_name="Fans")
            ask(employee)

    def queries(person) -> int:
        client.force_login(person)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("home")).status_code == 200
        return len(captured)

    with time_machine.travel(START, tick=False) as clock:
        work(1)
        clock.shift(timedelta(days=120))
        few = {person.username: queries(person) for person in (admin, supervisor, employee)}
        work(3)
        assert {person.username: queries(person) for person in (admin, supervisor, employee)} == few
        for person, kinds in ((supervisor, 4), (employee, 2), (admin, 1)):  # those of each round of work
            client.force_login(person)
            assert len(client.get(reverse("home")).context["owed_by_me"]) >= 4 * kinds, person.username


def test_the_acknowledgment_is_owed_until_it_is_signed(client, employee):
    def acknowledgments() -> list[str]:
        client.force_login(employee)
        return [item.step for item in client.get(reverse("home")).context["owed_by_me"]]

    assert acknowledgments() == ["Read and acknowledge"]
    acknowledgment_record(user=employee, typed_name=employee.display_name)
    assert acknowledgments() == []
