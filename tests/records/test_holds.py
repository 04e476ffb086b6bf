"""A records officer places and lifts legal holds; a hold says what it covers now."""

import datetime
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from audits.models import AuditEvent
from audits.recorder import text_digest
from policyportal.records import rules, selectors
from policyportal.records.models import LegalHold
from policyportal.records.registry import kinds
from policyportal.records.services import legal_hold_lift, legal_hold_place
from tests import factories

pytestmark = pytest.mark.django_db

REASON = "Litigation: Doe v. Board, docket 26-CV-0114 (distinctive-reason-5521)"


@pytest.fixture
def site(employee):
    return factories.active_site(requester=employee)


def _place(client, data: dict, token: uuid.UUID | None = None):
    return client.post(reverse("records:hold_new"), {**data, "form_token": token or uuid.uuid4()})


def test_placing_a_hold_records_its_digest_and_never_its_reason(client, officer, site, west_hartford):
    client.force_login(officer)
    response = _place(client, {"reason": REASON, "site": site.pk})
    hold = LegalHold.objects.get()
    assert response.url == reverse("records:hold", args=[hold.pk])
    assert (hold.district, hold.site, hold.placed_by, hold.reason) == (west_hartford, site, officer, REASON)
    event = AuditEvent.objects.get(action="records.hold_placed")
    assert event.payload["reason_sha256"] == text_digest(REASON)
    assert event.payload["site"] == site.pk
    assert not AuditEvent.objects.filter(payload__icontains="distinctive-reason").exists()
    assert REASON not in event.target_label


def test_a_form_sent_twice_places_one_hold(client, officer, site):
    client.force_login(officer)
    token = uuid.uuid4()
    first = _place(client, {"reason": REASON, "site": site.pk}, token)
    again = _place(client, {"reason": REASON, "site": site.pk}, token)
    assert again.url == first.url
    assert LegalHold.objects.count() == 1
    assert AuditEvent.objects.filter(action="records.hold_placed").count() == 1


def test_lifting_asks_first_then_records_its_own_event(client, officer, site):
    hold = legal_hold_place(district=site.district, reason=REASON, site=site, by=officer)
    client.force_login(officer)
    lift = reverse("records:hold_lift", args=[hold.pk])
    assert "Lift the hold" in client.get(lift).content.decode()
    hold.refresh_from_db()
    assert hold.is_standing
    client.post(lift)
    hold.refresh_from_db()
    assert (hold.is_standing, hold.lifted_by) == (False, officer)
    assert AuditEvent.objects.filter(action="records.hold_lifted", target_id=str(hold.pk)).count() == 1
    again = client.post(lift, follow=True)  # a second tab: nothing more happens
    assert "already lifted" in again.content.decode()
    assert AuditEvent.objects.filter(action="records.hold_lifted").count() == 1


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"reason": REASON}, None, "Choose what the hold covers"),
        ({"reason": "  ", "starts_on": "2026-01-01"}, "reason", "required"),
        ({"reason": REASON, "starts_on": "2026-03-01", "ends_on": "2026-02-01"}, "ends_on", "on or after"),
        ({"reason": REASON, "ends_on": "2026-02-01"}, "starts_on", "first day"),
    ],
)
def test_bad_input_places_nothing_and_keeps_what_was_typed(client, officer, data, field, message):
    client.force_login(officer)
    response = _place(client, data)
    assert response.status_code == 400
    errors = response.context["form"].errors.get(field or "__all__")
    assert message in " ".join(errors)
    if data["reason"].strip():
        assert "distinctive-reason-5521" in response.content.decode()
    assert not LegalHold.objects.exists()
    assert not AuditEvent.objects.filter(action="records.hold_placed").exists()


def test_the_choosers_offer_the_districts_own_former_staff_included(client, officer, employee, r14_employee):
    r14_site = factories.active_site(requester=r14_employee)
    factories.close_account(employee)
    client.force_login(officer)
    page = client.get(reverse("records:hold_new")).content.decode()
    assert 'label="Former staff (account closed)"' in page
    assert employee.last_name in page
    assert r14_employee.last_name not in page
    response = _place(client, {"reason": REASON, "site": r14_site.pk})
    assert response.status_code == 400  # another district's site is not a choice
    response = _place(client, {"reason": REASON, "person": r14_employee.pk})
    assert response.status_code == 400
    assert _place(client, {"reason": REASON, "person": employee.pk}).status_code == 302
    assert LegalHold.objects.get().person == employee


def test_a_hold_says_how_many_records_of_each_kind_it_covers_now(client, officer, employee, site, supervisor):
    factories.active_site(requester=supervisor, site_name="Chess Club")  # not the held site
    hold = legal_hold_place(district=site.district, reason=REASON, site=site, by=officer)
    counts = {line.kind.key: line.count for line in selectors.hold_coverage(hold)}
    assert counts["site_files"] == 1
    assert counts["requests"] == 1
    assert counts["acknowledgments"] == 0  # no site: a site hold does not reach them
    client.force_login(officer)
    page = client.get(reverse("records:hold", args=[hold.pk])).content.decode()
    assert "What it covers now" in page
    assert REASON in page


def test_the_holds_list_puts_standing_holds_first_with_the_same_queries_for_any_number(
    client, officer, site, django_assert_num_queries
):
    lifted = legal_hold_place(district=site.district, reason="old claim", site=site, by=officer)
    legal_hold_lift(hold=lifted, by=officer)
    standing = legal_hold_place(district=site.district, reason=REASON, starts_on=datetime.date(2026, 1, 1), by=officer)
    client.force_login(officer)
    holds = reverse("records:holds")
    client.get(holds)
    page = client.get(holds)
    assert [hold.pk for hold in page.context["page"].object_list] == [standing.pk, lifted.pk]
    with django_assert_num_queries(5):  # the session, the user, the unread count; the count, the page
        client.get(holds)
    for day in range(1, 8):
        legal_hold_place(district=site.district, reason=REASON, person=officer, by=officer,
                         starts_on=datetime.date(2026, 2, day))  # fmt: skip
    with django_assert_num_queries(5):
        client.get(holds)


def test_the_reverse_rule_finds_exactly_the_holds_that_cover_a_record(officer, employee, site, west_hartford):
    """`holds_covering_q` is `hold_covers_q` read the other way round: both agree for every kind and scope."""
    made = timezone.localdate(site.created_at)
    other = factories.active_site(requester=officer, site_name="Chess Club")
    holds = [
        legal_hold_place(district=west_hartford, reason="r", site=site, by=officer),
        legal_hold_place(district=west_hartford, reason="r", person=employee, by=officer),
        legal_hold_place(district=west_hartford, reason="r", site=other, person=employee, by=officer),
        legal_hold_place(district=west_hartford, reason="r", starts_on=made, ends_on=made, by=officer),
        legal_hold_place(district=west_hartford, reason="r", starts_on=made + datetime.timedelta(days=1), by=officer),
    ]
    for record_kind in kinds():
        for record in record_kind.model_class._base_manager.all():
            expected = {hold.pk for hold in holds if rules.is_held(record_kind, record, [hold])}
            found = {hold.pk for hold in selectors.holds_covering(record_kind.key, record)}
            assert found == expected, (record_kind.key, record.pk)
    covering = {hold.pk for hold in selectors.holds_covering("site_files", site)}
    assert covering == {holds[0].pk, holds[1].pk, holds[3].pk}  # the site, its owner, the day it was made


def test_the_service_refuses_strangers_and_another_districts_site_or_person(
    officer, admin, r14_officer, r14_employee, west_hartford
):
    r14_site = factories.active_site(requester=r14_employee)
    with pytest.raises(PermissionDenied):
        legal_hold_place(district=west_hartford, reason=REASON, person=officer, by=admin)
    with pytest.raises(PermissionDenied):
        legal_hold_place(district=west_hartford, reason=REASON, person=officer, by=r14_officer)
    with pytest.raises(ValidationError) as refusal:
        legal_hold_place(district=west_hartford, reason=REASON, site=r14_site, person=r14_employee, by=officer)
    assert set(refusal.value.message_dict) == {"site", "person"}
    hold = legal_hold_place(district=west_hartford, reason=REASON, person=officer, by=officer)
    with pytest.raises(PermissionDenied):
        legal_hold_lift(hold=hold, by=r14_officer)
    assert LegalHold.objects.get().is_standing


def test_a_hold_is_lifted_once_however_often_it_is_lifted(officer, site, west_hartford):
    """A lift from a tab opened before another lifted the hold is refused and records nothing."""
    hold = LegalHold.objects.create(district=west_hartford, reason="Case 26-114", site=site, placed_by=officer)
    stale = LegalHold.objects.get(pk=hold.pk)
    legal_hold_lift(hold=hold, by=officer)
    with pytest.raises(ValidationError, match="already lifted"):
        legal_hold_lift(hold=stale, by=officer)
    assert AuditEvent.objects.filter(action="records.hold_lifted").count() == 1
