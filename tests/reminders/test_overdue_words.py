"""A reminder says how late the work is: past-due work by how many days it is overdue, never "it is due"."""

from datetime import date

from policyportal.reminders import overdue_words, sweep
from tests import factories
from tests.reminders.test_sweeps import open_a_finding


def test_overdue_words_count_the_days_past_the_due_date():
    due_on = date(2026, 5, 2)
    assert overdue_words(due_on, date(2026, 5, 2)) == "due today (May 2)"
    assert overdue_words(due_on, date(2026, 5, 3)) == "1 day overdue (due May 2)"
    assert overdue_words(due_on, date(2026, 5, 18)) == "16 days overdue (due May 2)"


def test_a_finding_first_swept_16_days_late_says_so(clock, site, supervisor, employee):
    open_a_finding(site, reviewer=supervisor, owner=employee)
    clock.shift(days=14 + 16)
    (owed,) = [due for due in sweep() if due.kind == "finding.due"]
    assert owed.title.startswith(f"Fix WH-D4 on {site.name}: it is 16 days overdue (due ")
    assert "it is due" not in owed.title


def test_a_monitoring_check_and_a_decision_say_when_they_were_due(clock, site, employee, supervisor):
    factories.submitted_request(requester=employee, site_name="Robotics Club")
    clock.shift(days=10)
    titles = {due.kind: due.title for due in sweep()}
    assert titles["monitoring.due"].startswith(f"Check {site.name}: the check is 3 days overdue (due ")
    assert titles["request.decision_due"].startswith("Decide Robotics Club: the decision is 5 days overdue (due ")


def test_escalations_say_how_overdue_the_work_is(clock, site, employee, supervisor):
    factories.submitted_request(requester=employee, site_name="Robotics Club")
    clock.shift(days=12)
    titles = {due.kind: due.title for due in sweep()}
    owner = employee.display_name
    late = "5 days overdue (due "
    assert titles["monitoring.escalated"].startswith(f"{owner} has not checked {site.name}: the check is {late}")
    assert titles["monitoring.escalated_admin"].startswith(f"The check of {site.name} (owner {owner}) is {late}")
    waiting = f"Robotics Club waits for {supervisor.display_name}: the decision is 7 days overdue (due "
    assert titles["request.escalated"].startswith(waiting)


def test_a_finding_escalated_says_how_overdue_it_is(clock, site, supervisor, employee):
    open_a_finding(site, reviewer=supervisor, owner=employee)
    clock.shift(days=14 + 16)
    (told,) = [due for due in sweep() if due.kind == "finding.escalated"]
    assert told.title.startswith(f"{employee.display_name} has not fixed WH-D4 on {site.name}: it is 16 days overdue")
