"""What a legal hold covers, and when a record's retention period ends: asked of every registered kind."""

import datetime

import pytest
from django.utils import timezone

from policyportal.records import rules
from policyportal.records.models import LegalHold, RetentionSchedule
from policyportal.records.registry import kind, kinds
from tests import factories

pytestmark = pytest.mark.django_db


def test_months_before_keeps_the_day_or_takes_the_months_last():
    assert rules.months_before(datetime.date(2026, 11, 27), 36) == datetime.date(2023, 11, 27)
    assert rules.months_before(datetime.date(2026, 3, 31), 1) == datetime.date(2026, 2, 28)
    assert rules.months_before(datetime.date(2026, 1, 15), 13) == datetime.date(2024, 12, 15)


def test_every_kind_is_registered_with_lookups_its_model_has(west_hartford, admin):
    """Each registered kind's paths run as queries (a misspelt lookup fails here, not in the nightly sweep)."""
    assert {k.key for k in kinds()} >= {
        "requests", "site_files", "reviews", "monitoring", "violations",
        "consultations", "acknowledgments", "notifications", "roster",
    }  # fmt: skip
    holds = [
        LegalHold(district=west_hartford, reason="r", site_id=1, placed_by=admin),
        LegalHold(district=west_hartford, reason="r", person=admin, placed_by=admin),
        LegalHold(district=west_hartford, reason="r", starts_on=datetime.date(2026, 1, 1), placed_by=admin),
    ]
    for record_kind in kinds():
        records = record_kind.model_class._base_manager.filter(**{record_kind.district: west_hartford.pk})
        list(records.filter(rules.held_q(record_kind, holds)))
        for start in record_kind.starts:
            schedule = RetentionSchedule(district=west_hartford, kind=record_kind.key, starts=start, years=3)
            list(records.filter(rules.period_ended_q(record_kind, schedule, timezone.localdate())))


def test_a_hold_on_a_site_covers_its_records_and_not_another_sites(employee, supervisor, west_hartford):
    held_site = factories.active_site(requester=employee)
    other_site = factories.active_site(requester=employee, name="Chess Club")
    hold = LegalHold.objects.create(district=west_hartford, reason="Case 26-114", site=held_site, placed_by=supervisor)
    site_files = kind("site_files")
    assert rules.is_held(site_files, held_site, [hold])
    assert not rules.is_held(site_files, other_site, [hold])
    assert rules.is_held(kind("requests"), held_site.request, [hold])
    assert not rules.is_held(kind("acknowledgments"), held_site, [hold])  # no site: a site hold does not reach it


def test_a_hold_on_a_date_range_covers_what_was_made_in_it(employee, supervisor, west_hartford):
    site = factories.active_site(requester=employee)
    made = timezone.localdate(site.created_at)
    inside = LegalHold(district=west_hartford, reason="r", starts_on=made, ends_on=made, placed_by=supervisor)
    before = LegalHold(
        district=west_hartford,
        reason="r",
        starts_on=made - datetime.timedelta(days=30),
        ends_on=made - datetime.timedelta(days=1),
        placed_by=supervisor,
    )
    assert rules.is_held(kind("site_files"), site, [inside])
    assert not rules.is_held(kind("site_files"), site, [before])


def test_a_period_ends_the_schedule_after_its_start_event(employee, supervisor):
    site = factories.active_site(requester=employee)
    site_files = kind("site_files")
    schedule = RetentionSchedule(district=site.district, kind="site_files", starts="retired", years=3)
    assert rules.due_on(site_files, schedule, site) is None  # never retired: never due
    site.retired_at = timezone.make_aware(datetime.datetime(2023, 6, 30, 12))
    site.save(update_fields=["retired_at"])
    assert rules.due_on(site_files, schedule, site) == datetime.date(2026, 7, 1)
    due = site_files.model_class.objects.filter(pk=site.pk)
    assert due.filter(rules.period_ended_q(site_files, schedule, datetime.date(2026, 7, 1))).exists()
    assert not due.filter(rules.period_ended_q(site_files, schedule, datetime.date(2026, 6, 30))).exists()


def test_an_approved_request_is_kept_with_its_site_file(employee):
    site = factories.active_site(requester=employee)
    requests_kind = kind("requests")
    schedule = RetentionSchedule(district=site.district, kind="requests", starts="filed", years=1)
    far_future = timezone.localdate() + datetime.timedelta(days=3 * 365)
    found = requests_kind.model_class.objects.filter(pk=site.request_id)
    assert not found.filter(rules.period_ended_q(requests_kind, schedule, far_future)).exists()


def test_only_named_active_people_manage_records(west_hartford, admin, employee):
    assert not rules.may_manage_records(admin)  # an administrator names officers; being one is not implied
    assert rules.may_appoint_records_officers(admin)
    employee.is_records_officer = True
    assert rules.may_manage_records(employee)
    assert not rules.may_appoint_records_officers(employee)
    employee.is_active = False
    assert not rules.may_manage_records(employee)
