"""Who manages the district's records, what a legal hold covers, and when a record is due for disposal.

Each rule once, in its Python form and, where lists and sweeps filter by it, its `Q` form beside it."""

import datetime
from zoneinfo import ZoneInfo

from django.db.models import Exists, OuterRef, Q, QuerySet

from policyportal.records import registry
from policyportal.records.models import LegalHold, RetentionSchedule
from policyportal.records.package_models import PackageStatus, RecordsPackage
from policyportal.records.registry import RecordKind


def may_manage_records(user) -> bool:
    """A records officer: named by an administrator (`User.is_records_officer`), still active, of a district."""
    return bool(user.is_active and user.district_id and user.is_records_officer)


def may_appoint_records_officers(user) -> bool:
    return bool(user.is_active and user.district_id and user.is_district_admin)


def records_officers_q(district_id: int) -> Q:
    return Q(district_id=district_id, is_active=True, is_records_officer=True)


def standing_holds(district_id: int) -> QuerySet[LegalHold]:
    return LegalHold.objects.filter(district_id=district_id, lifted_at__isnull=True)


def hold_covers_q(kind: RecordKind, hold: LegalHold) -> Q:
    """The records of `kind` that `hold` covers: those matching every scope it names. A kind with no site (or no
    people) is not covered by a hold on a site (or a person) alone."""
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
        scope &= Q(**{f"{kind.made}__date__gte": hold.starts_on})
        if hold.ends_on is not None:
            scope &= Q(**{f"{kind.made}__date__lte": hold.ends_on})
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
    way round, so that a record's page finds its holds in one query, whatever their number."""
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
    made = kind.made
    since = Q(Exists(record.filter(**{f"{made}__date__gte": OuterRef("starts_on")})))
    until = Q(ends_on__isnull=True) | Q(Exists(record.filter(**{f"{made}__date__lte": OuterRef("ends_on")})))
    dates = Q(starts_on__isnull=True) | since & until
    return Q(Exists(record)) & site & person & dates


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
    """Records whose period under `schedule` ended before `today`: the start event happened on or before the day
    that lies the schedule's period before today. A record that has not reached the start event is never due."""
    start = kind.start(schedule.starts).field
    due = Q(**{f"{start}__date__lt": months_before(today, schedule.total_months)})
    if kind.kept_while is not None:
        due &= ~kind.kept_while
    return due


def due_on(kind: RecordKind, schedule: RetentionSchedule, record) -> datetime.date | None:
    """The first day `record` may be disposed of under `schedule`, or None before its start event."""
    started = getattr(record, kind.start(schedule.starts).field)
    if started is None:
        return None
    started_on = started.date() if isinstance(started, datetime.datetime) else started
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


def made_between_q(made: str, starts_on: datetime.date, ends_on: datetime.date, zone: ZoneInfo) -> Q:
    """Rows whose moment `made` (a kind's `made`, an audit event's `occurred_at`) falls from the start of `starts_on`
    to the end of `ends_on`, read in `zone` (the district's): what a records-request package selects by date."""
    since = datetime.datetime.combine(starts_on, datetime.time.min, zone)
    until = datetime.datetime.combine(ends_on + datetime.timedelta(days=1), datetime.time.min, zone)
    return Q(**{f"{made}__gte": since, f"{made}__lt": until})


def package_past_expiry(package: RecordsPackage, now: datetime.datetime) -> bool:
    """A ready package whose time is up: it is no longer sent, and the sweep deletes its file."""
    return package.status == PackageStatus.READY and package.expires_at is not None and package.expires_at <= now


def package_past_expiry_q(now: datetime.datetime) -> Q:
    return Q(status=PackageStatus.READY, expires_at__lte=now)


def package_downloadable(package: RecordsPackage, now: datetime.datetime) -> bool:
    return package.status == PackageStatus.READY and not package_past_expiry(package, now)
