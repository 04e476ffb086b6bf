"""A hold's dates and a retention period's days are the district's (its time zone), whatever zone the code runs in:
the pages run in the district's zone or the person's, the nightly Celery tasks in UTC, and all must agree."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from policyportal.records import disposal, rules, selectors
from policyportal.records.models import DisposalItem, LegalHold, RetentionSchedule
from policyportal.records.registry import kind
from sites.models import Consultation, Site
from tests import factories
from tests.records.disposal_support import schedule

pytestmark = pytest.mark.django_db

DAY = datetime.date(2019, 6, 3)  # the hold's one day, long enough ago for its records to be due


@pytest.fixture
def zone(west_hartford) -> ZoneInfo:
    assert west_hartford.time_zone == "America/New_York"
    return ZoneInfo(west_hartford.time_zone)


def _question(employee, supervisor, asked_at: datetime.datetime) -> Consultation:
    """An answered question (so no open work keeps it), asked at `asked_at`."""
    return Consultation.objects.create(
        district=employee.district,
        employee=employee,
        supervisor=supervisor,
        destination="Class page",
        text="A planned post",
        asked_at=asked_at,
        answer="fine",
        answered_at=asked_at,
        answered_by=supervisor,
    )


def test_a_hold_covers_its_days_in_the_districts_calendar_in_any_zone(
    employee, supervisor, officer, west_hartford, zone
):
    late_on_the_day = _question(employee, supervisor, datetime.datetime(2019, 6, 3, 22, 0, tzinfo=zone))  # 02:00 UTC
    late_the_day_before = _question(employee, supervisor, datetime.datetime(2019, 6, 2, 22, 0, tzinfo=zone))
    early_the_day_after = _question(employee, supervisor, datetime.datetime(2019, 6, 4, 0, 30, tzinfo=zone))
    hold = LegalHold.objects.create(district=west_hartford, reason="r", starts_on=DAY, ends_on=DAY, placed_by=officer)
    questions = kind("consultations")
    for running_in in (datetime.UTC, zone, ZoneInfo("Asia/Tokyo")):
        with timezone.override(running_in):
            held = Consultation.objects.filter(rules.held_q(questions, [hold]))
            assert list(held) == [late_on_the_day], running_in
            for question in (late_on_the_day, late_the_day_before, early_the_day_after):
                covering = selectors.holds_covering("consultations", question)
                assert covering == ([hold] if question == late_on_the_day else []), (running_in, question.pk)


def test_the_nightly_list_in_utc_keeps_what_the_hold_page_shows_held(
    employee, supervisor, admin, officer, west_hartford, zone
):
    held = _question(employee, supervisor, datetime.datetime(2019, 6, 3, 22, 0, tzinfo=zone))
    not_held = _question(employee, supervisor, datetime.datetime(2019, 6, 4, 0, 30, tzinfo=zone))
    hold = LegalHold.objects.create(district=west_hartford, reason="r", starts_on=DAY, ends_on=DAY, placed_by=officer)
    with timezone.override(zone):  # the hold's page
        shown = {row.kind.key: row.count for row in selectors.hold_coverage(hold)}
    assert shown["consultations"] == 1
    schedule(west_hartford, "consultations", admin, starts="asked")
    with timezone.override(datetime.UTC):  # the Celery task
        disposal.disposal_list_sweep()
    listed = set(DisposalItem.objects.filter(kind="consultations").values_list("record_id", flat=True))
    assert listed == {not_held.pk}
    assert held.pk not in listed


def _retired_at(site: Site, moment: datetime.datetime) -> None:
    Site._base_manager.filter(pk=site.pk).update(retired_at=moment)
    site.refresh_from_db()


def test_a_period_counts_from_the_districts_date_of_its_start_event(employee, west_hartford, zone):
    site = factories.active_site(requester=employee)
    _retired_at(site, datetime.datetime(2023, 6, 30, 22, 0, tzinfo=zone))  # 1 July in UTC
    site_files = kind("site_files")
    schedule = RetentionSchedule(district=west_hartford, kind="site_files", starts="retired", years=3)
    found = Site.objects.filter(pk=site.pk)
    with timezone.override(datetime.UTC):
        assert rules.due_on(site_files, schedule, site) == datetime.date(2026, 7, 1)
        assert found.filter(rules.period_ended_q(site_files, schedule, datetime.date(2026, 7, 1))).exists()
        assert not found.filter(rules.period_ended_q(site_files, schedule, datetime.date(2026, 6, 30))).exists()


def test_the_nightly_list_asks_what_day_it_is_in_the_district(employee, admin, west_hartford, zone):
    site = factories.active_site(requester=employee)
    _retired_at(site, datetime.datetime(2023, 6, 30, 12, 0, tzinfo=zone))  # due on 1 July 2026, the district's date
    schedule(west_hartford, "site_files", admin, starts="retired")
    with time_machine.travel(datetime.datetime(2026, 7, 1, 2, 0, tzinfo=datetime.UTC), tick=False):
        assert disposal.disposal_list_sweep() == {}  # 1 July in UTC, still 30 June in West Hartford
    with time_machine.travel(datetime.datetime(2026, 7, 1, 5, 0, tzinfo=datetime.UTC), tick=False):
        assert disposal.disposal_list_sweep() == {west_hartford.pk: 1}
