import uuid
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from audits.models import AuditEvent
from policyportal import services as policy_services
from policyportal.models import AppliesTo, PolicyVersion
from policyportal.reminders import sweep
from sites.personal import rules, selectors
from sites.personal.models import Acknowledgment
from sites.personal.services import acknowledgments
from tests import factories
from tests.concurrency import at_once


def kinds_for(user) -> list[str]:
    return [due.kind for due in sweep() if due.recipient_id == user.pk and due.kind.startswith("acknowledgment.")]


def test_an_employee_acknowledges_by_typing_their_name_and_it_is_recorded(client, employee):
    client.force_login(employee)
    page = client.get(reverse("acknowledge")).content.decode()
    assert "WH-P1" in page and "WH-P6" in page
    sent = {"read_them": "on", "form_token": uuid.uuid4()}
    refused = client.post(reverse("acknowledge"), {**sent, "typed_name": "Someone Else"})
    assert "Type your full name as the portal knows it" in refused.content.decode()
    assert not Acknowledgment.objects.exists()
    client.post(
        reverse("acknowledge"),
        {**sent, "typed_name": f"  {employee.get_full_name().upper()} "},
        REMOTE_ADDR="192.0.2.44",
    )
    signed = Acknowledgment.objects.get(user=employee)
    assert (signed.policy_version.number, signed.client_ip) == (1, "192.0.2.44")
    assert AuditEvent.objects.filter(action="acknowledgment.signed", actor=employee).count() == 1
    with pytest.raises(ValidationError, match="acknowledged version 1 already"):
        acknowledgments.acknowledgment_record(user=employee, typed_name=employee.get_full_name())


def test_reminders_open_the_campaign_then_come_7_days_and_1_day_before_on_the_day_then_escalate(
    employee, supervisor, admin
):
    version = PolicyVersion.objects.get(district=employee.district)
    due = rules.acknowledgment_due_at(version)
    assert kinds_for(employee) == ["acknowledgment.opened"]
    assert kinds_for(employee) == []
    for moment, expected in [
        (due - timedelta(days=7), ["acknowledgment.due_in_7_days"]),
        (due - timedelta(days=1), ["acknowledgment.due_in_1_day"]),
        (due, ["acknowledgment.due"]),
    ]:
        with time_machine.travel(moment):
            assert kinds_for(employee) == expected
    with time_machine.travel(due + timedelta(days=employee.district.escalation_grace_days)):
        assert "acknowledgment.escalated" in kinds_for(supervisor)


def titles_at(now) -> dict[int, list[str]]:
    """The acknowledgment reminders a sweep at `now` sends, by recipient."""
    titles: dict[int, list[str]] = {}
    with time_machine.travel(now):
        for due in sweep():
            if due.kind.startswith("acknowledgment."):
                titles.setdefault(due.recipient_id, []).append(due.title)
    return titles


def test_the_acknowledgment_reminders_say_by_when_then_how_many_days_overdue(employee, supervisor, admin):
    version = PolicyVersion.objects.get(district=employee.district)
    due = rules.acknowledgment_due_at(version)
    on = f"{employee.district.today(due):%B %-d}"
    assert titles_at(due - timedelta(days=7))[employee.pk] == [f"Acknowledge {version.title} by {on}"]
    assert titles_at(due)[employee.pk] == [f"Acknowledge {version.title}: it is due today ({on})"]
    latecomer = factories.user(district=employee.district, username="latecomer", supervisor=supervisor)
    days = employee.district.escalation_grace_days + 3
    late = titles_at(due + timedelta(days=days))
    assert late[latecomer.pk] == [f"Acknowledge {version.title}: it is {days} days overdue (due {on})"]
    told = {title for title in late[supervisor.pk] if "has not acknowledged" in title}
    assert told == {
        f"{person.display_name} has not acknowledged {version.title}: it is {days} days overdue (due {on})"
        for person in (employee, latecomer)
    }, "the supervisor hears of each of their people"


def test_an_acknowledgment_stops_the_reminders_and_a_new_version_asks_again(employee, admin):
    acknowledgments.acknowledgment_record(user=employee, typed_name=employee.get_full_name())
    assert kinds_for(employee) == []
    version = PolicyVersion.objects.get(district=employee.district)
    items = [
        {"applies_to": i.applies_to, "clause_id": i.clause_id, "key": i.key, "text": i.text, "guidance": i.guidance}
        for i in version.items.all()
    ]
    policy_services.policy_publish(district=employee.district, by=admin, items=items, based_on=1)
    assert kinds_for(employee) == ["acknowledgment.opened"]


def test_administrators_see_completion_by_school_and_who_is_missing(client, admin, employee, supervisor):
    acknowledgments.acknowledgment_record(user=employee, typed_name=employee.get_full_name())
    client.force_login(admin)
    page = client.get(reverse("acknowledgment_report")).content.decode()
    assert supervisor.display_name in page and admin.display_name in page
    assert employee.display_name not in page.split("Who has not acknowledged yet")[1]
    csv = b"".join(client.get(reverse("acknowledgment_report"), {"format": "csv"}).streaming_content).decode()
    assert supervisor.display_name in csv and employee.display_name not in csv
    client.force_login(supervisor)
    assert client.get(reverse("acknowledgment_report")).status_code == 403


def test_without_personal_use_rules_there_is_nothing_to_sign(employee):
    version = PolicyVersion.objects.filter(district=employee.district).latest("number")
    version.items.filter(applies_to=AppliesTo.ACKNOWLEDGMENT).delete()
    with pytest.raises(ValidationError, match="no personal-use rules to acknowledge"):
        acknowledgments.acknowledgment_record(user=employee, typed_name=employee.get_full_name())
    assert not Acknowledgment.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_signing_in_two_tabs_at_once_records_one_acknowledgment(postgres, employee):
    def sign():
        acknowledgments.acknowledgment_record(user=employee, typed_name=employee.get_full_name())
        return "signed"

    assert sorted(at_once(sign)) == ["You acknowledged version 1 already.", "signed"]
    assert Acknowledgment.objects.filter(user=employee).count() == 1
    assert AuditEvent.objects.filter(action="acknowledgment.signed", actor=employee).count() == 1


def test_the_export_of_who_is_missing_is_recorded_and_only_for_administrators(employee, supervisor, admin):
    version = PolicyVersion.objects.get(district=employee.district)
    with pytest.raises(PermissionDenied):
        acknowledgments.acknowledgments_export(by=supervisor, version=version)
    assert not AuditEvent.objects.filter(action="export.csv").exists()
    rows = list(acknowledgments.acknowledgments_export(by=admin, version=version))
    assert sorted(row[1] for row in rows) == sorted(person.email for person in (admin, employee, supervisor))
    exported = AuditEvent.objects.get(action="export.csv")
    assert (exported.actor, exported.payload) == (admin, {"report": "acknowledgments_missing"})


def test_completion_counts_only_the_current_version_and_the_missing_list_has_pages(client, admin, employee, supervisor):
    acknowledgments.acknowledgment_record(user=employee, typed_name=employee.get_full_name())
    version = PolicyVersion.objects.get(district=employee.district)
    items = [
        {"applies_to": i.applies_to, "clause_id": i.clause_id, "key": i.key, "text": i.text, "guidance": i.guidance}
        for i in version.items.all()
    ]
    newer = policy_services.policy_publish(district=employee.district, by=admin, items=items, based_on=1)
    acknowledgments.acknowledgment_record(user=supervisor, typed_name=supervisor.get_full_name())
    for number in range(60):
        factories.user(district=employee.district, username=f"late{number}", last_name=f"Late{number:02}")
    people = employee.district.users.filter(is_active=True).count()
    assert selectors.acknowledgment_completion_by_school(newer) == [
        {"school": "District office", "done": 1, "all": people}  # the employee signed only the older version
    ]
    client.force_login(admin)
    first = client.get(reverse("acknowledgment_report")).content.decode()
    second = client.get(reverse("acknowledgment_report"), {"page": 2}).content.decode()
    assert "Page 1 of 2" in first and "Late00" in first and "Late59" not in first
    assert "Late59" in second and employee.display_name in first + second
