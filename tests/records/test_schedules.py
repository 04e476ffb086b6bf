"""A records officer sets, changes and removes how long each kind of record is kept."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from audits.models import AuditEvent
from audits.recorder import text_digest
from policyportal.records.models import RetentionSchedule
from policyportal.records.registry import kinds
from policyportal.records.services import retention_schedule_remove, retention_schedule_set

pytestmark = pytest.mark.django_db

AUTHORITY = "CT M1 item 10-030 (distinctive-authority-7731)"


def _edit(kind: str) -> str:
    return reverse("records:schedule_edit", args=[kind])


def test_every_kind_is_listed_kept_until_a_period_is_set(client, officer):
    client.force_login(officer)
    page = client.get(reverse("records:schedules")).content.decode()
    for kind in kinds():
        assert kind.label in page
    assert page.count("Kept until you set a period") == len(kinds())


def test_a_period_is_set_changed_and_removed_each_with_its_event(client, officer, west_hartford):
    client.force_login(officer)
    data = {"years": "3", "months": "0", "starts": "retired", "authority": AUTHORITY}
    assert client.post(_edit("site_files"), data).status_code == 302
    schedule = RetentionSchedule.objects.get(district=west_hartford, kind="site_files")
    assert (schedule.years, schedule.months, schedule.starts, schedule.changed_by) == (3, 0, "retired", officer)
    assert "3 years after the site is retired" in client.get(reverse("records:schedules")).content.decode()
    set_event = AuditEvent.objects.get(action="records.schedule_set")
    assert set_event.payload["before"] is None
    assert set_event.payload["after"] == {
        "starts": "retired", "years": 3, "months": 0, "authority_sha256": text_digest(AUTHORITY)
    }  # fmt: skip
    assert AUTHORITY not in str(set_event.payload)

    client.post(_edit("site_files"), {**data, "years": "5", "months": "6"})
    schedule.refresh_from_db()
    assert (schedule.years, schedule.months) == (5, 6)
    changed = AuditEvent.objects.filter(action="records.schedule_set").latest("sequence")
    assert (changed.payload["before"]["years"], changed.payload["after"]["years"]) == (3, 5)

    client.post(_edit("site_files"), {**data, "years": "5", "months": "6"})  # the same again: nothing recorded
    assert AuditEvent.objects.filter(action="records.schedule_set").count() == 2

    remove = reverse("records:schedule_remove", args=["site_files"])
    assert "Remove the period" in client.get(remove).content.decode()  # asks first
    assert RetentionSchedule.objects.filter(kind="site_files").exists()
    client.post(remove)
    assert not RetentionSchedule.objects.filter(kind="site_files").exists()
    removed = AuditEvent.objects.get(action="records.schedule_removed")
    assert removed.payload["before"]["years"] == 5


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"years": "0", "months": "0", "starts": "retired"}, "years", "at least one month"),
        ({"years": "1", "months": "12", "starts": "retired"}, "months", "less than or equal to 11"),
        ({"years": "1", "months": "0", "starts": "decided"}, "starts", "Select a valid choice"),
        ({"years": "-1", "months": "0", "starts": "retired"}, "years", "greater than or equal to 0"),
    ],
)
def test_bad_input_changes_nothing_and_keeps_what_was_typed(client, officer, data, field, message):
    client.force_login(officer)
    response = client.post(_edit("site_files"), {**data, "authority": "typed authority"})
    assert response.status_code == 400
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    assert 'value="typed authority"' in response.content.decode()
    assert not RetentionSchedule.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="records.schedule").exists()


def test_an_unknown_kind_is_a_404(client, officer):
    client.force_login(officer)
    assert client.get(_edit("pancakes")).status_code == 404
    assert client.post(_edit("pancakes"), {"years": "1", "months": "0", "starts": "x"}).status_code == 404


def test_the_schedules_and_the_records_home_read_the_schedules_once(
    client, officer, west_hartford, django_assert_num_queries
):
    client.force_login(officer)
    client.get(reverse("records:schedules"))
    with django_assert_num_queries(4):  # the session, the user, the unread count; the schedules with who changed them
        client.get(reverse("records:schedules"))
    with django_assert_num_queries(5):  # and the standing holds
        client.get(reverse("records:home"))
    for kind in kinds():
        start = next(iter(kind.starts))
        client.post(_edit(kind.key), {"years": "2", "months": "0", "starts": start, "authority": ""})
    assert RetentionSchedule.objects.filter(district=west_hartford).count() == len(kinds())
    with django_assert_num_queries(4):
        client.get(reverse("records:schedules"))
    with django_assert_num_queries(5):
        client.get(reverse("records:home"))


def test_the_service_refuses_anyone_but_the_districts_officer_and_unknown_kinds(
    officer, admin, r14_officer, west_hartford
):
    values = {"kind": "site_files", "starts": "retired", "years": 3, "months": 0, "authority": ""}
    for stranger in (admin, r14_officer):
        with pytest.raises(PermissionDenied):
            retention_schedule_set(district=west_hartford, by=stranger, **values)
    with pytest.raises(ValidationError):
        retention_schedule_set(district=west_hartford, by=officer, **{**values, "kind": "pancakes"})
    with pytest.raises(ValidationError) as refusal:
        retention_schedule_set(district=west_hartford, by=officer, **{**values, "starts": "decided", "months": 12})
    assert set(refusal.value.message_dict) == {"starts", "months"}
    assert not RetentionSchedule.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="records.schedule").exists()


def test_only_the_districts_officer_removes_a_period(officer, admin, r14_officer, west_hartford):
    values = {"kind": "site_files", "starts": "retired", "years": 3, "months": 0, "authority": ""}
    retention_schedule_set(district=west_hartford, by=officer, **values)
    events = AuditEvent.objects.count()
    for stranger in (admin, r14_officer):
        with pytest.raises(PermissionDenied):
            retention_schedule_remove(district=west_hartford, kind="site_files", by=stranger)
    assert RetentionSchedule.objects.filter(district=west_hartford, kind="site_files").exists()
    assert AuditEvent.objects.count() == events
