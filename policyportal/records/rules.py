"""Who manages the district's records, what a legal hold covers, and when a record is due for disposal.

Each rule once, in its Python form and, where lists and sweeps filter by it, its `Q` form beside it."""

import datetime
from zoneinfo import ZoneInfo

from django.db.models import DateField, Exists, Func, OuterRef, Q, QuerySet
from django.utils import timezone

from policyportal.records import registry
from policyportal.records.models import DisposalBatch, DisposalStatus, LegalHold, RetentionSchedule
from policyportal.records.package_models import PackageStatus, RecordsPackage
from policyportal.records.registry import RecordKind


def may_manage_records(user) -> bool:
    """A records officer: named by an administrator (`User.is_records_officer`), still active, of a district."""
    return bool(user.is_active and user.district_id and user.is_records_officer)


def may_manage_records_of(user, district_id: int) -> bool:
    """A records officer of this district: what every records action on a district's rows asks."""
    return may_manage_records(user) and user.district_id == district_id


def may_appoint_records_officers(user) -> bool:
    return bool(user.is_active and user.district_id and user.is_district_admin)


def records_officers_q(district_id: int) -> Q:
    """The people `may_manage_records_of(person, district_id)` admits."""
    return Q(district_id=district_id, is_active=True, is_records_officer=True)


def standing_holds(district_id: int) -> QuerySet[LegalHold]:
    return LegalHold.objects.filter(district_id=district_id, lifted_at__isnull=True).select_related("district")


def hold_covers_q(kind: RecordKind, hold: LegalHold) -> Q:
    """The records of `kind` that `hold` covers: those matching every scope it names. A kind with no site (or no
    people) is not covered by a hold on a site (or a person) alone. A date range is in the district's calendar:
    its days begin and end at midnight in the district's time zone, whatever zone the caller runs in. A person
    path that goes through a to-many relation (a request's decisions) can match a record more than once: count
    with `.distinct()`."""
    scope = Q()
    if hold.site_id is not None:
        if kind.site is None:
            return Q(pk__in=[])
        scope &= Q(**{kind.site: hold.site_id})
    if hold.person_id is not None:
        if not kind.people:
            return Q(pk__in=[])
        person = Q()
        for path in kind.people:
            person |= Q(**{path: hold.person_id})
        scope &= person
    if hold.starts_on is not None:
        scope &= made_between_q(kind.made, hold.starts_on, hold.ends_on, ZoneInfo(hold.district.time_zone))
    return scope


def held_q(kind: RecordKind, holds: list[LegalHold]) -> Q:
    """The records of `kind` that any of `holds` covers (a list the caller read once: standing holds)."""
    held = Q(pk__in=[])
    for hold in holds:
        held |= hold_covers_q(kind, hold)
    return held


def is_held(kind: RecordKind, record, holds: list[LegalHold]) -> bool:
    return kind.model_class._base_manager.filter(held_q(kind, holds), pk=record.pk).exists()


def holds_covering_q(kind: RecordKind, record_pk: int) -> Q:
    """The holds (a filter on LegalHold) that cover the record `record_pk` of `kind`: `hold_covers_q` read the other
    way round, so that a record's page finds its holds in one query, whatever their number. The day the record
    was made is read in its district's time zone (the hold's: a hold covers only its own district's records)."""
    record = kind.model_class._base_manager.filter(pk=record_pk, **{kind.district: OuterRef("district_id")})
    site = Q(site__isnull=True)
    if kind.site is not None:
        site |= Q(Exists(record.filter(**{kind.site: OuterRef("site_id")})))
    person = Q(person__isnull=True)
    if kind.people:
        named = Q()
        for path in kind.people:
            named |= Q(**{path: OuterRef("person_id")})
        person |= Q(Exists(record.filter(named)))
    dated = record.annotate(made_on=LocalDate(kind.made, f"{kind.district}__time_zone"))
    since = Q(Exists(dated.filter(made_on__gte=OuterRef("starts_on"))))
    until = Q(ends_on__isnull=True) | Q(Exists(dated.filter(made_on__lte=OuterRef("ends_on"))))
    dates = Q(starts_on__isnull=True) | since & until
    return Q(Exists(record)) & site & person & dates


class LocalDate(Func):
    """The date a moment falls on in the time zone a column names (PostgreSQL's AT TIME ZONE): for comparing a
    record's moment with dates kept in its district's calendar, when the zone is known only to the database."""

    template = "((%(expressions)s))::date"
    arg_joiner = " AT TIME ZONE "
    output_field = DateField()


def held_with_included_q(kind: RecordKind, holds: list[LegalHold]) -> Q:
    """What disposal may not touch: the records of `kind` that any of `holds` covers, and those that include a
    record of another kind (`kind.includes`, disposed of with them) that one of `holds` covers."""
    held = held_q(kind, holds)
    for key, id_field in kind.includes.items():
        other = registry.kind(key)
        covered = other.model_class._base_manager.filter(held_q(other, holds)).values("pk")
        held |= Q(**{f"{id_field}__in": covered})
    return held


def is_held_with_included(kind: RecordKind, record, holds: list[LegalHold]) -> bool:
    return kind.model_class._base_manager.filter(held_with_included_q(kind, holds), pk=record.pk).exists()


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` earlier (the month's last day when it has no such day: 31 March less 1 is 28 Feb)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=candidate)
        except ValueError:
            continue
    raise AssertionError("every month has a 28th")


def period_ended_q(kind: RecordKind, schedule: RetentionSchedule, today: datetime.date) -> Q:
    """Records whose period under `schedule` ended before `today` (the district's date: `District.today()`): the
    start event happened before the day that lies the schedule's period before today, days read in the
    district's time zone. A record that has not reached the start event is never due."""
    start = kind.start(schedule.starts).field
    zone = ZoneInfo(schedule.district.time_zone)
    due = Q(**{f"{start}__lt": _midnight(months_before(today, schedule.total_months), zone)})
    if kind.kept_while is not None:
        due &= ~kind.kept_while
    return due


def due_on(kind: RecordKind, schedule: RetentionSchedule, record) -> datetime.date | None:
    """The first day `record` may be disposed of under `schedule`, or None before its start event."""
    started = getattr(record, kind.start(schedule.starts).field)
    if started is None:
        return None
    zone = ZoneInfo(schedule.district.time_zone)
    started_on = timezone.localdate(started, zone) if isinstance(started, datetime.datetime) else started
    return _months_after(started_on, schedule.total_months) + datetime.timedelta(days=1)


def _months_after(day: datetime.date, months: int) -> datetime.date:
    return months_before(day, -months)


def schedule_in_words(kind: RecordKind, schedule: RetentionSchedule) -> str:
    parts = []
    if schedule.years:
        parts.append(f"{schedule.years} year{'s' if schedule.years != 1 else ''}")
    if schedule.months:
        parts.append(f"{schedule.months} month{'s' if schedule.months != 1 else ''}")
    return f"{' and '.join(parts)} after {kind.start(schedule.starts).label}"


def made_between_q(made: str, starts_on: datetime.date, ends_on: datetime.date | None, zone: ZoneInfo) -> Q:
    """Rows whose moment `made` (a kind's `made`, an audit event's `occurred_at`) falls from the start of `starts_on`
    to the end of `ends_on` (no end: ever since), read in `zone` (the district's): what a records-request package
    and a legal hold select by date."""
    between = Q(**{f"{made}__gte": _midnight(starts_on, zone)})
    if ends_on is not None:
        between &= Q(**{f"{made}__lt": _midnight(ends_on + datetime.timedelta(days=1), zone)})
    return between


def _midnight(day: datetime.date, zone: ZoneInfo) -> datetime.datetime:
    """The moment `day` begins in `zone`."""
    return datetime.datetime.combine(day, datetime.time.min, zone)


def disposal_waiting(batch: DisposalBatch) -> bool:
    """A disposal list still waiting for a records officer's approval (its page is the approval page)."""
    return batch.status == DisposalStatus.LISTED


def package_past_expiry(package: RecordsPackage, now: datetime.datetime) -> bool:
    """A ready package whose time is up: it is no longer sent, and the sweep deletes its file."""
    return package.status == PackageStatus.READY and package.expires_at is not None and package.expires_at <= now


def package_past_expiry_q(now: datetime.datetime) -> Q:
    return Q(status=PackageStatus.READY, expires_at__lte=now)


def package_expired(package: RecordsPackage, now: datetime.datetime) -> bool:
    """Its file is gone or going: the sweep marked it expired, or its time is up and the sweep has yet to run."""
    return package.status == PackageStatus.EXPIRED or package_past_expiry(package, now)


def package_downloadable(package: RecordsPackage, now: datetime.datetime) -> bool:
    return package.status == PackageStatus.READY and not package_past_expiry(package, now)
