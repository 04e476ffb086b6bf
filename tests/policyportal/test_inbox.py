import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audits.models import AuditEvent
from policyportal.models import Notification
from policyportal.notifications import notify
from tests import factories


def unread(user):
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def test_new_users_find_a_welcome_that_opens_the_district_rules(client, employee):
    welcome = Notification.objects.get(recipient=employee, kind="welcome")
    client.force_login(employee)
    assert welcome.title in client.get(reverse("inbox")).content.decode()
    response = client.post(reverse("notification_open", args=[welcome.pk]))
    assert response.url == reverse("policy")
    welcome.refresh_from_db()
    assert welcome.read_at is not None
    event = AuditEvent.objects.get(action="notification.read")
    assert (event.actor, event.target_id) == (employee, str(welcome.pk))


def test_opening_a_read_notification_again_records_nothing_new(client, employee):
    welcome = Notification.objects.get(recipient=employee)
    client.force_login(employee)
    client.post(reverse("notification_open", args=[welcome.pk]))
    client.post(reverse("notification_open", args=[welcome.pk]))
    assert AuditEvent.objects.filter(action="notification.read").count() == 1


def test_someone_elses_notification_is_a_404_and_stays_unread(client, employee, supervisor):
    theirs = Notification.objects.get(recipient=supervisor)
    client.force_login(employee)
    assert client.post(reverse("notification_open", args=[theirs.pk])).status_code == 404
    assert unread(supervisor) == 1


def test_opening_needs_a_post(client, employee):
    welcome = Notification.objects.get(recipient=employee)
    client.force_login(employee)
    assert client.get(reverse("notification_open", args=[welcome.pk])).status_code == 405
    assert unread(employee) == 1


def test_mark_all_read_is_one_audit_event_with_the_count(client, employee):
    notify(recipient=employee, kind="test", title="Second")
    client.force_login(employee)
    client.post(reverse("notifications_read_all"))
    assert unread(employee) == 0
    assert AuditEvent.objects.get(action="notification.all_read").payload == {"count": 2}


def test_the_empty_inbox_says_what_will_arrive(client, employee):
    Notification.objects.filter(recipient=employee).delete()
    client.force_login(employee)
    assert "Reminders, decisions and reports that need you" in client.get(reverse("inbox")).content.decode()


@pytest.mark.parametrize("name", ["inbox", "people", "audits:events", "home", "policy"])
def test_list_pages_keep_their_query_count_as_rows_grow(client, admin, supervisor, employee, name):
    client.force_login(admin)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse(name)).status_code == 200
        return len(captured)

    few = queries()
    for number in range(12):
        notify(recipient=admin, kind="test", title=f"Note {number}")
    for _ in range(6):
        factories.user(district=admin.district, supervisor=supervisor)
    assert queries() == few


def test_the_unread_badge_counts_to_99_then_says_99_plus(client, employee):
    client.force_login(employee)
    Notification.objects.bulk_create(
        Notification(recipient=employee, kind="test", title=f"Reminder {n}") for n in range(98)
    )
    assert unread(employee) == 99
    assert '99<span class="visually-hidden"> unread</span>' in client.get(reverse("inbox")).text
    assert "You have 99 unread notifications." in client.get(reverse("home")).text
    notify(recipient=employee, kind="test", title="The hundredth")
    assert '99+<span class="visually-hidden"> unread</span>' in client.get(reverse("inbox")).text
    assert "You have 99+ unread notifications." in client.get(reverse("home")).text


@pytest.mark.parametrize("page", ["inbox", "home"])
def test_the_unread_count_is_asked_once_and_stops_at_the_hundredth_without_sorting(client, employee, page):
    client.force_login(employee)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse(page))
    (count,) = [q["sql"] for q in queries if q["sql"].startswith('SELECT COUNT(*) FROM (SELECT "policyportal_notif')]
    assert "LIMIT 100" in count
    assert "ORDER BY" not in count, "sorting every unread notification to count a hundred of them"
