"""Each reminder and escalation goes to the right person at the right time, once, and not before."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from audits.models import AuditEvent
from policyportal.models import EmailStatus, Notification, NotificationPreference
from policyportal.reminders import sweep
from sites import services
from tests import factories

WORK = ("monitoring.", "review.", "finding.", "request.")


def swept() -> list:
    """This sweep's reminders about work; the acknowledgment campaign, also due for everyone, is tested apart."""
    return [due for due in sweep() if due.kind.startswith(WORK)]


def sent(**filters) -> list[tuple[str, str]]:
    rows = Notification.objects.filter(
        dedupe_key__isnull=False, kind__regex=r"^(monitoring|review|finding|request)\.", **filters
    ).order_by("pk")
    return [(row.kind, row.recipient.username) for row in rows]


def test_wh_d7_monitoring_reminds_the_owner_then_the_supervisor_then_the_administrators(clock, site):
    clock.shift(days=6, hours=23)
    assert swept() == []
    clock.shift(hours=1)
    assert [(d.kind, d.recipient_id) for d in swept()] == [("monitoring.due", site.owner_id)]
    clock.shift(days=2)
    assert [d.kind for d in swept()] == ["monitoring.escalated"]
    clock.shift(days=2)
    assert [d.kind for d in swept()] == ["monitoring.escalated_admin"]
    assert sent() == [
        ("monitoring.due", "employee"),
        ("monitoring.escalated", "supervisor"),
        ("monitoring.escalated_admin", "admin"),
    ]


def test_r14_d3f_a_check_logged_in_time_stops_the_escalation(clock, site, employee):
    clock.shift(days=7)
    swept()
    services.monitoring_log(
        site=site, by=employee, checked_at=timezone.now(), looked_at=["new_posts", "comments"], found="All fine."
    )
    clock.shift(days=4)
    assert swept() == []
    assert sent() == [("monitoring.due", "employee")]
    clock.shift(days=3)
    assert [d.kind for d in swept()] == ["monitoring.due"], "the next period starts a week after the check"


def test_a_review_due_reminds_the_supervisor_then_escalates(clock, site):
    site.refresh_from_db()
    days = (site.next_review_due - timezone.localdate()).days
    clock.shift(days=days - 1)
    assert not [d for d in swept() if d.kind.startswith("review")]
    clock.shift(days=1)
    assert [(d.kind, d.recipient_id) for d in swept() if d.kind.startswith("review")] == [
        ("review.due", site.supervisor_id)
    ]
    clock.shift(days=2)
    assert [d.kind for d in swept() if d.kind.startswith("review")] == ["review.escalated"]


def open_a_finding(site, *, reviewer, owner):
    """A review that fails one item, due in 14 days, with the site's monitoring checked today."""
    factories.failed_review(site, reviewer)
    services.monitoring_log(site=site, by=owner, checked_at=timezone.now(), looked_at=["settings"], found="")


def test_a_site_whose_supervisor_has_left_is_reviewed_by_the_administrators(clock, site, supervisor, admin):
    factories.close_account(supervisor)
    site.refresh_from_db()
    clock.shift(days=(site.next_review_due - timezone.localdate()).days)

    assert [(d.kind, d.recipient_id) for d in swept() if d.kind.startswith("review")] == [("review.due", admin.pk)]
    assert not Notification.objects.filter(recipient=supervisor, dedupe_key__isnull=False).exists()
    assert AuditEvent.objects.get(action="reminder.review.due").payload["recipient"] == admin.pk


def test_nobody_whose_account_was_closed_is_reminded(clock, site, employee, supervisor):
    factories.close_account(employee)
    clock.shift(days=9)  # the owner's check is two days overdue: their supervisor hears of it

    assert [(d.kind, d.recipient_id) for d in swept() if d.kind.startswith("monitoring")] == [
        ("monitoring.escalated", supervisor.pk)
    ]
    assert not Notification.objects.filter(recipient=employee, dedupe_key__isnull=False).exists()


def test_a_fix_whose_reviewer_has_left_is_chased_by_the_administrators(clock, site, supervisor, employee, admin):
    open_a_finding(site, reviewer=supervisor, owner=employee)
    factories.close_account(supervisor)
    clock.shift(days=16)

    assert ("finding.escalated", admin.pk) in [(d.kind, d.recipient_id) for d in swept()]
    assert not Notification.objects.filter(recipient=supervisor, dedupe_key__isnull=False).exists()


def test_a_fix_whose_reviewer_has_left_is_chased_by_the_sites_supervisor_first(
    clock, site, supervisor, employee, admin
):
    open_a_finding(site, reviewer=admin, owner=employee)
    factories.close_account(admin)
    clock.shift(days=16)

    assert ("finding.escalated", supervisor.pk) in [(d.kind, d.recipient_id) for d in swept()]


def test_a_decision_waiting_for_someone_who_has_left_goes_to_the_other_administrators(
    clock, west_hartford, supervisor, admin
):
    requester = factories.user(district=west_hartford, role="district_admin", username="ad2", supervisor=supervisor)
    factories.submitted_request(requester=requester)
    factories.close_account(supervisor)
    clock.shift(days=5)

    assert [(d.kind, d.recipient_id) for d in swept()] == [("request.decider_left", admin.pk)]
    assert "can no longer decide it" in Notification.objects.get(kind="request.decider_left").title


def test_a_decider_who_leaves_after_the_escalation_is_still_reported(clock, employee, supervisor, admin):
    factories.submitted_request(requester=employee)
    clock.shift(days=7)
    assert ("request.escalated", admin.pk) in [(d.kind, d.recipient_id) for d in swept()]
    factories.close_account(supervisor)

    assert [(d.kind, d.recipient_id) for d in swept()] == [("request.decider_left", admin.pk)]


def test_an_administrator_is_never_chased_about_their_own_site(clock, west_hartford, supervisor, admin):
    owner = factories.user(district=west_hartford, role="district_admin", username="ad2", supervisor=supervisor)
    own_site = factories.active_site(requester=owner, site_name="Board Updates")
    factories.close_account(supervisor)
    clock.shift(days=(own_site.next_review_due - timezone.localdate()).days + 10)

    about_it = [(d.kind, d.recipient_id) for d in swept() if d.target_id == own_site.pk]

    assert ("review.due", admin.pk) in about_it and ("monitoring.escalated", admin.pk) in about_it
    assert [kind for kind, recipient in about_it if recipient == owner.pk] == ["monitoring.due"]


def test_an_escalation_is_mailed_at_once_even_if_a_stored_choice_says_digest(clock, site, supervisor):
    NotificationPreference.objects.create(user=supervisor, kind="monitoring.escalated", daily_digest=True)
    clock.shift(days=9)
    swept()

    assert Notification.objects.get(kind="monitoring.escalated").email_status == EmailStatus.PENDING


def test_a_finding_due_reminds_the_assignee_then_the_reviewer(clock, site, supervisor, employee):
    open_a_finding(site, reviewer=supervisor, owner=employee)
    clock.shift(days=13)
    assert not [d for d in swept() if d.kind.startswith("finding")]
    clock.shift(days=1)
    assert [(d.kind, d.recipient_id) for d in swept() if d.kind.startswith("finding")] == [("finding.due", employee.pk)]
    clock.shift(days=2)
    assert [(d.kind, d.recipient_id) for d in swept() if d.kind.startswith("finding")] == [
        ("finding.escalated", supervisor.pk)
    ]


def test_a_request_waiting_past_the_deadline_reminds_the_decider_then_the_administrators(
    clock, employee, supervisor, admin
):
    req = factories.submitted_request(requester=employee)
    clock.shift(days=4, hours=23)
    assert swept() == []
    clock.shift(hours=1)
    assert [(d.kind, d.recipient_id) for d in swept()] == [("request.decision_due", supervisor.pk)]
    clock.shift(days=2)
    assert [(d.kind, d.recipient_id) for d in swept()] == [("request.escalated", admin.pk)]
    factories.decide(req, supervisor)
    clock.shift(days=4)
    assert swept() == [], "step two started today: its deadline is days away"


def test_a_sweep_run_again_sends_nothing_new_and_every_reminder_is_one_audit_event(
    clock, site, django_capture_on_commit_callbacks
):
    clock.shift(days=12)
    with django_capture_on_commit_callbacks(execute=True):
        first = swept()
    assert len(first) == 3
    assert swept() == []
    assert Notification.objects.filter(dedupe_key__startswith="monitoring.").count() == 3
    events = AuditEvent.objects.filter(action__startswith="reminder.monitoring.")
    assert sorted(events.values_list("action", flat=True)) == [
        "reminder.monitoring.due",
        "reminder.monitoring.escalated",
        "reminder.monitoring.escalated_admin",
    ]
    reminders = Notification.objects.filter(dedupe_key__startswith="monitoring.")
    assert set(reminders.values_list("email_status", flat=True)) == {"sent"}
    titles = set(reminders.values_list("title", flat=True))
    mailed = {message.to[0] for message in mail.outbox if any(title in message.subject for title in titles)}
    assert mailed == {"employee@example.org", "supervisor@example.org", "admin@example.org"}


def test_run_reminders_prints_what_it_sent_and_then_nothing(clock, site, capsys):
    clock.shift(days=7)
    call_command("run_reminders")
    assert "monitoring.due               to employee" in capsys.readouterr().out
    call_command("run_reminders")
    assert "Sent 0 reminders" in capsys.readouterr().out


@pytest.mark.parametrize("sites", [2, 12])
def test_a_sweep_uses_the_same_number_of_queries_however_many_sites(
    clock, employee, supervisor, admin, sites, django_assert_max_num_queries
):
    for number in range(sites):
        factories.active_site(requester=employee, site_name=f"Club {number}")
    clock.shift(days=12)
    with django_assert_max_num_queries(22):
        assert len(swept()) == 3 * sites


def test_a_reviewer_who_took_over_the_site_is_not_chased_about_its_finding(clock, site, supervisor, employee, admin):
    open_a_finding(site, reviewer=admin, owner=employee)
    site.refresh_from_db()
    services.site_transfer_offer(site=site, by=employee, to=admin, expected_version=site.version)
    site.refresh_from_db()
    services.site_transfer_accept(site=site, by=admin, expected_version=site.version)
    clock.shift(days=16)

    escalated = [d.recipient_id for d in swept() if d.kind == "finding.escalated"]

    assert admin.pk not in escalated


def test_a_fix_whose_sites_supervisor_has_left_is_chased_by_its_reviewer(
    clock, west_hartford, site, supervisor, employee, admin
):
    factories.user(district=west_hartford, role="district_admin", username="ad2")
    open_a_finding(site, reviewer=admin, owner=employee)
    factories.close_account(supervisor)
    clock.shift(days=16)

    assert [d.recipient_id for d in swept() if d.kind == "finding.escalated"] == [admin.pk]
