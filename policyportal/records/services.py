"""The records office's changes: who is a records officer, how long each kind of record is kept, and the legal
holds that keep records whatever their schedule (disposal has its own services).

Each call is one transaction that records one audit event per change; a refusal changes nothing. The trail keeps
no text a person typed (a hold's reason, a schedule's authority), only its SHA-256 (`text_digest`). Placing or
lifting a hold locks the district's row first, as every disposal does, so that a hold and a disposal never race.
"""

import datetime
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from audits.recorder import record, text_digest
from policyportal.models import District, User
from policyportal.records import registry, rules
from policyportal.records.models import LegalHold, RetentionSchedule
from policyportal.services.submissions import submission_claim, submission_done

MAX_YEARS = 100


def _require_officer(by: User, district: District) -> None:
    if not rules.may_manage_records_of(by, district.pk):
        raise PermissionDenied("Only the district's records officers manage its records.")


def _lock_district(district: District) -> District:
    return District.objects.select_for_update().get(pk=district.pk)


@transaction.atomic
def records_officer_set(*, person: User, value: bool, by: User) -> bool:
    """Make `person` a records officer (`value`) or no longer one. Returns whether anything changed: asking for
    what already is changes nothing and records nothing."""
    if not (rules.may_appoint_records_officers(by) and person.district_id == by.district_id):
        raise PermissionDenied("Only the district's administrators name its records officers.")
    if value and not person.is_active:
        raise ValidationError(f"{person.display_name}'s account is deactivated: reactivate it first.")
    changed = User.objects.filter(pk=person.pk, is_records_officer=not value).update(is_records_officer=value)
    if not changed:
        return False
    person.is_records_officer = value
    record(
        action="records.officer_appointed" if value else "records.officer_removed",
        actor=by,
        district=by.district,
        target=person,
        payload={"is_records_officer": value},
    )
    return True


def _schedule_values(schedule: RetentionSchedule | None) -> dict | None:
    if schedule is None:
        return None
    return {
        "starts": schedule.starts,
        "years": schedule.years,
        "months": schedule.months,
        "authority_sha256": text_digest(schedule.authority),
    }


def _check_schedule(kind_key: str, starts: str, years: int, months: int) -> registry.RecordKind:
    errors: dict[str, list[str]] = {}
    try:
        kind = registry.kind(kind_key)
    except KeyError:
        raise ValidationError("The portal keeps no such kind of record.") from None
    if starts not in kind.starts:
        errors["starts"] = ["Choose what the period counts from."]
    if not 0 <= years <= MAX_YEARS:
        errors["years"] = [f"Give a number of years from 0 to {MAX_YEARS}."]
    if not 0 <= months <= 11:
        errors["months"] = ["Give 0 to 11 months: 12 months or more are years."]
    if not errors and years == 0 and months == 0:
        errors["years"] = ["Give a period of at least one month, or remove the period to keep these records."]
    if errors:
        raise ValidationError(errors)
    return kind


@transaction.atomic
def retention_schedule_set(
    *, district: District, kind: str, starts: str, years: int, months: int, authority: str, by: User
) -> RetentionSchedule:
    """Set how long the district keeps `kind`: `years` and `months` after the event `starts` names. Creates the
    schedule or changes it; its audit event carries the values before and after."""
    _require_officer(by, district)
    record_kind = _check_schedule(kind, starts, years, months)
    _lock_district(district)
    schedule = RetentionSchedule.objects.select_for_update().filter(district=district, kind=kind).first()
    before = _schedule_values(schedule)
    if schedule is None:
        schedule = RetentionSchedule(district=district, kind=kind)
    schedule.starts, schedule.years, schedule.months, schedule.authority = starts, years, months, authority.strip()
    after = _schedule_values(schedule)
    if after == before:
        return schedule
    schedule.changed_by, schedule.changed_at = by, timezone.now()
    schedule.save()
    record(
        action="records.schedule_set",
        actor=by,
        district=district,
        target=schedule,
        target_label=f"Retention schedule: {record_kind.label}",
        payload={"kind": kind, "before": before, "after": after},
    )
    return schedule


@transaction.atomic
def retention_schedule_remove(*, district: District, kind: str, by: User) -> bool:
    """Remove the district's period for `kind`: its records are kept until a period is set again. Returns whether
    there was one to remove."""
    _require_officer(by, district)
    _lock_district(district)
    schedule = RetentionSchedule.objects.select_for_update().filter(district=district, kind=kind).first()
    if schedule is None:
        return False
    record(
        action="records.schedule_removed",
        actor=by,
        district=district,
        target=schedule,
        target_label=f"Retention schedule: {registry.kind(kind).label}",
        payload={"kind": kind, "before": _schedule_values(schedule)},
    )
    schedule.delete()
    return True


def _check_hold(district: District, reason: str, site, person, starts_on, ends_on) -> None:
    errors: dict[str, list[str]] = {}
    if not reason.strip():
        errors["reason"] = ["Say why the records must be kept: the case, the claim or the records request."]
    if site is None and person is None and starts_on is None and ends_on is None:
        errors["__all__"] = ["Choose what the hold covers: a site, a person, a date range, or several of these."]
    if site is not None and site.district_id != district.pk:
        errors["site"] = ["Choose a site of this district."]
    if person is not None and person.district_id != district.pk:
        errors["person"] = ["Choose a person of this district."]
    if ends_on is not None and starts_on is None:
        errors["starts_on"] = ["Give the first day of the range too."]
    elif ends_on is not None and starts_on is not None and ends_on < starts_on:
        errors["ends_on"] = ["The last day comes on or after the first day."]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def legal_hold_place(
    *,
    district: District,
    reason: str,
    by: User,
    site=None,
    person: User | None = None,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    form_token: uuid.UUID | None = None,
) -> LegalHold:
    """Keep every record of the district that matches all the scopes given (a site, a person, a date range) from
    disposal until the hold is lifted. The form's `form_token` places it once however often the form is sent."""
    _require_officer(by, district)
    _check_hold(district, reason, site, person, starts_on, ends_on)
    _lock_district(district)
    submission = submission_claim(token=form_token, by=by, form="records.hold_place")
    hold = LegalHold.objects.create(
        district=district,
        reason=reason.strip(),
        site=site,
        person=person,
        starts_on=starts_on,
        ends_on=ends_on,
        placed_by=by,
    )
    submission_done(submission, hold)
    record(
        action="records.hold_placed",
        actor=by,
        district=district,
        target=hold,
        payload={
            "reason_sha256": text_digest(hold.reason),
            "site": hold.site_id,
            "person": hold.person_id,
            "starts_on": starts_on.isoformat() if starts_on else None,
            "ends_on": ends_on.isoformat() if ends_on else None,
        },
    )
    return hold


@transaction.atomic
def legal_hold_lift(*, hold: LegalHold, by: User) -> LegalHold:
    """End a standing hold: what it kept may be disposed of again once its period has passed."""
    district = District.objects.select_for_update().get(pk=hold.district_id)  # as a disposal locks it
    _require_officer(by, district)
    now = timezone.now()
    lifted = LegalHold.objects.filter(pk=hold.pk, lifted_at__isnull=True).update(lifted_at=now, lifted_by=by)
    if not lifted:
        raise ValidationError("This hold was already lifted: nothing was changed.")
    hold.lifted_at, hold.lifted_by = now, by
    record(
        action="records.hold_lifted",
        actor=by,
        district=district,
        target=hold,
        payload={"placed_at": hold.placed_at.isoformat()},
    )
    return hold
