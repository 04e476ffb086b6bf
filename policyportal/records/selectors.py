"""The records office's reads, for its officers only: every page is a 404 for anyone else, and reads only the
officer's own district. The hold banner on a record's page is for whoever may see that page."""

from dataclasses import dataclass
from typing import cast

from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import Case, Value, When
from django.http import Http404

from policyportal.models import User
from policyportal.records import registry, rules
from policyportal.records.models import LegalHold, RetentionSchedule


def require_officer(user: User) -> None:
    """A records page is not there for anyone but the district's records officers."""
    if not rules.may_manage_records(user):
        raise Http404("No such page.")


@dataclass(frozen=True)
class ScheduleRow:
    kind: registry.RecordKind
    schedule: RetentionSchedule | None

    @property
    def in_words(self) -> str:
        if self.schedule is None:
            return "Kept until you set a period: nothing of this kind is disposed of."
        return rules.schedule_in_words(self.kind, self.schedule)


def schedules_for(user: User) -> list[ScheduleRow]:
    """One row per registered kind of record, with the district's schedule for it if any (one query)."""
    require_officer(user)
    found = {
        schedule.kind: schedule
        for schedule in RetentionSchedule.objects.filter(district_id=user.member_district_id).select_related(
            "changed_by"
        )
    }
    return [ScheduleRow(kind, found.get(kind.key)) for kind in registry.kinds()]


def schedule_kind_for(user: User, key: str) -> ScheduleRow:
    require_officer(user)
    try:
        kind = registry.kind(key)
    except KeyError:
        raise Http404("No such kind of record.") from None
    schedule = RetentionSchedule.objects.filter(district_id=user.member_district_id, kind=key).first()
    return ScheduleRow(kind, schedule)


def _holds(user: User) -> models.QuerySet[LegalHold]:
    return LegalHold.objects.filter(district_id=user.member_district_id).select_related(
        "district", "site", "person", "placed_by", "lifted_by"
    )


def holds_page(user: User, number, per_page: int) -> Page:
    """The district's holds: standing ones first (newest first), then the lifted ones."""
    require_officer(user)
    standing_first = Case(When(lifted_at__isnull=True, then=Value(0)), default=Value(1))
    return Paginator(_holds(user).order_by(standing_first, "-placed_at", "-pk"), per_page).get_page(number)


def standing_holds_for(user: User) -> list[LegalHold]:
    require_officer(user)
    return list(_holds(user).filter(lifted_at__isnull=True))


def hold_get_for_user(user: User, pk: int) -> LegalHold:
    require_officer(user)
    hold = _holds(user).filter(pk=pk).first()
    if hold is None:
        raise Http404("No such hold.")
    return hold


@dataclass(frozen=True)
class Coverage:
    kind: registry.RecordKind
    count: int


def hold_coverage(hold: LegalHold) -> list[Coverage]:
    """How many records of each kind the hold keeps now, disposed ones aside (one count per kind): those it covers
    and those disposal would empty with a record it covers (`rules.held_with_included_q`, as disposal asks),
    each once however many of its people the hold names."""
    coverage = []
    for kind in registry.kinds():
        records = kind.model_class._default_manager.filter(**{kind.district: hold.district_id})
        kept = records.filter(rules.held_with_included_q(kind, [hold])).distinct()
        coverage.append(Coverage(kind, kept.count()))
    return coverage


def hold_sites(user: User) -> models.QuerySet:
    """The sites a hold may name: the district's own, retired ones too (reached through the hold's own field, as
    the core does not import the site registry)."""
    site_model = cast(type[models.Model], LegalHold._meta.get_field("site").related_model)
    return site_model._default_manager.filter(district_id=user.member_district_id).order_by("name", "pk")


def hold_people(user: User) -> models.QuerySet[User]:
    """The people a hold may name: the district's, former employees (deactivated accounts) too."""
    return User.objects.filter(district_id=user.member_district_id).order_by("last_name", "first_name", "pk")


@dataclass(frozen=True)
class HoldBanner:
    holds: list[LegalHold]
    shows_reasons: bool

    @property
    def since(self):
        return min(hold.placed_at for hold in self.holds)


def hold_banner(user: User, kind_key: str, record) -> HoldBanner | None:
    """What a record's page says of the standing holds that cover it (one query), or None if none does. The
    holds' reasons are for records officers only."""
    holds = holds_covering(kind_key, record)
    return HoldBanner(holds, rules.may_manage_records(user)) if holds else None


def holds_covering(kind_key: str, record) -> list[LegalHold]:
    """The standing holds that cover `record` of the kind `kind_key` (one query)."""
    kind = registry.kind(kind_key)
    return list(
        LegalHold.objects.filter(lifted_at__isnull=True)
        .filter(rules.holds_covering_q(kind, record.pk))
        .order_by("placed_at", "pk")
    )
