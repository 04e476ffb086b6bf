"""The only code that changes the district from its directory's files: store an upload with its preview, apply it,
or discard it.

Applying is one transaction: schools created or renamed, people created and changed in bulk, leavers closed
through `person_deactivate` (each handing on their open work) when the administrator confirmed them, one audit
event per school and person changed, and one `staff.imported` with the import's counts. The plan is computed
again inside that transaction, with the district locked: if it differs from the one the administrator saw,
nothing is applied and the new preview is stored to be shown instead (`StalePreview`).

`by=None` is the portal itself (the nightly sync, the command line): it may do what an administrator may, and its
events are recorded without an actor.
"""

import re
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from audits import context
from audits.recorder import record, record_system_events
from policyportal.directory import formats, plan, rules
from policyportal.models import (
    District,
    Notification,
    School,
    StaffImport,
    StaffImportSource,
    StaffImportStatus,
    User,
)

BATCH = 2000
# As user_create welcomes a person added on the pages.
WELCOME = "Start by reading your district's social media rules: each one cites the clause it comes from."
USERNAME_CHUNK = 5000


class StalePreview(ValidationError):
    """The district changed since the preview: nothing was applied; `staff_import` holds the new preview."""

    def __init__(self, staff_import: StaffImport):
        super().__init__(
            "The district changed since this preview was made, so nothing was applied. "
            "Here is the preview computed again: check it and confirm once more."
        )
        self.staff_import = staff_import


@dataclass
class Preview:
    """A preview that is not stored (the command line without --apply)."""

    parsed: formats.Parsed
    plan: dict

    @property
    def problems(self) -> list[dict]:
        return self.parsed.problem_dicts() or self.plan.get("problems", [])


def preview(*, district: District, uploads: list[formats.Upload], format: str = "", full: bool = True) -> Preview:
    """Read the files and plan them against the district as it is now. Changes nothing."""
    parsed = formats.parse(uploads, today=district.today(), format=format, full=full)
    if parsed.problems:
        return Preview(parsed=parsed, plan={})
    return Preview(parsed=parsed, plan=plan.compute(district, parsed.rows, format=parsed.format, full=parsed.full))


def counts_of(found: Preview | dict, parsed: formats.Parsed | None = None) -> dict:
    """The figures a preview, a page and an audit event show."""
    planned = found.plan if isinstance(found, Preview) else found
    parsed = found.parsed if isinstance(found, Preview) else parsed
    problems = found.problems if isinstance(found, Preview) else planned.get("problems", [])
    limit = planned.get("limit", {})
    return {
        "staff": len(parsed.staff) if parsed else 0,
        "new": len(planned.get("new", [])),
        "changed": len(planned.get("changed", [])),
        "unchanged": planned.get("unchanged", 0),
        "leaving": len(planned.get("leaving", [])),
        "closed": len(planned.get("closed", [])),
        "overridden": len(planned.get("overridden", [])),
        "schools_new": len(planned.get("schools", {}).get("new", [])),
        "schools_updated": len(planned.get("schools", {}).get("updated", [])),
        "problems": len(problems),
        "ignored": dict(parsed.ignored) if parsed else {},
        "over_limit": bool(limit.get("over")),
    }


def _recounted(planned: dict, staff_import: StaffImport) -> dict:
    """The counts of a plan computed again from an import's stored rows (which kept the files' own figures)."""
    kept = {"staff": staff_import.counts.get("staff", 0), "ignored": staff_import.counts.get("ignored", {})}
    return {**counts_of(planned), **kept}


def _require_importer(district: District, by: User | None) -> None:
    if by is not None and not rules.may_import_staff(by, district):
        raise PermissionDenied("Only a district administrator of this district imports its staff.")


@transaction.atomic
def staff_import_preview(
    *,
    district: District,
    uploads: list[formats.Upload],
    by: User | None,
    source: str = StaffImportSource.UPLOAD,
    format: str = "",
    full: bool = True,
) -> StaffImport:
    """Store the files' staff rows and their preview, to be applied once confirmed. Files with any problem are
    stored refused, with their problems and without their rows."""
    _require_importer(district, by)
    found = preview(district=district, uploads=uploads, format=format, full=full)
    staff_import = StaffImport(
        district=district,
        uploaded_by=by,
        source=source,
        format=found.parsed.format,
        full=found.parsed.full,
        files=found.parsed.files,
        files_digest=found.parsed.files_digest,
        counts=counts_of(found),
    )
    if found.problems:
        staff_import.status = StaffImportStatus.REFUSED
        staff_import.plan = {"problems": found.problems}
        staff_import.save()
        record(
            action="staff.import_refused",
            actor=by,
            district=district,
            target=staff_import,
            payload={"source": source, "files": _file_names(staff_import), "problems": len(found.problems)},
        )
        return staff_import
    staff_import.rows = found.parsed.rows
    staff_import.plan = found.plan
    staff_import.plan_digest = found.plan["digest"]
    staff_import.save()
    return staff_import


def _file_names(staff_import: StaffImport) -> list[str]:
    return [f"{f['name']} ({f['sha256'][:12]})" for f in staff_import.files]


def staff_import_apply(
    *,
    staff_import: StaffImport,
    by: User | None,
    digest: str = "",
    confirm_leavers: bool = False,
    confirm_over_limit: bool = False,
) -> StaffImport:
    """Apply a previewed import: everything, or (without `confirm_leavers`) all but the leavers, whose closing
    then waits in a new preview (`staff_import.follow_ups`). `digest` is the plan the administrator saw.

    Raises StalePreview (after storing the new preview) if the plan changed, ValidationError if the import is
    not waiting or would close more than the district's share of accounts without `confirm_over_limit`."""
    applied, stale = _apply_locked(
        staff_import=staff_import,
        by=by,
        digest=digest,
        confirm_leavers=confirm_leavers,
        confirm_over_limit=confirm_over_limit,
    )
    if stale:
        raise StalePreview(applied)
    return applied


@transaction.atomic
def _apply_locked(
    *, staff_import: StaffImport, by: User | None, digest: str, confirm_leavers: bool, confirm_over_limit: bool
) -> tuple[StaffImport, bool]:
    district = District.objects.select_for_update().get(pk=staff_import.district_id)
    _require_importer(district, by)
    # Its rows, not its stored plan (computed again here, only its fingerprint is compared)
    locked = StaffImport.objects.select_for_update().defer("plan").get(pk=staff_import.pk)
    if locked.status != StaffImportStatus.PREVIEWED:
        raise ValidationError(f"This import is {locked.get_status_display().lower()}: there is nothing to apply.")
    seen = digest or locked.plan_digest
    fresh = plan.compute(district, locked.rows, format=locked.format, full=locked.full)
    if fresh["digest"] != locked.plan_digest or seen != locked.plan_digest:
        locked.plan, locked.plan_digest = fresh, fresh["digest"]
        locked.counts = _recounted(fresh, locked)
        if fresh["problems"]:
            locked.status = StaffImportStatus.REFUSED
            locked.plan = {"problems": fresh["problems"]}
        locked.save(update_fields=["plan", "plan_digest", "counts", "status"])
        return locked, True
    if fresh["limit"]["over"] and not confirm_over_limit:
        limit = fresh["limit"]
        raise ValidationError(
            f"This sync would close {limit['leaving']} of {limit['active']} open accounts, more than the district's "
            f"{limit['percent']}%: nothing was applied. Check the files; if they are right, confirm that you "
            "expect this many people to leave."
        )
    applied = _write(district=district, planned=fresh, by=by, staff_import=locked)
    leaving = fresh["leaving"]
    closed = 0
    if leaving and confirm_leavers:
        closed = _close_leavers(leaving, by=by)
    now = timezone.now()
    locked.status = StaffImportStatus.APPLIED
    locked.applied_at = now
    locked.applied_by = by
    waiting = len(leaving) - closed
    locked.counts = {**locked.counts, "applied": {**applied, "closed": closed, "leavers_waiting": waiting}}
    locked.save(update_fields=["status", "applied_at", "applied_by", "counts"])
    record(
        action="staff.imported",
        actor=by,
        district=district,
        target=locked,
        payload={
            "source": locked.source,
            "format": locked.format,
            "files": _file_names(locked),
            **{key: value for key, value in locked.counts.items() if key != "applied"},
            **applied,
            "closed": closed,
            "leavers_waiting": waiting,
        },
    )
    if leaving and not confirm_leavers:
        follow_up = plan.compute(district, locked.rows, format=locked.format, full=locked.full)
        StaffImport.objects.create(
            district=district,
            uploaded_by=locked.uploaded_by,
            source=locked.source,
            format=locked.format,
            full=locked.full,
            files=locked.files,
            files_digest=locked.files_digest,
            rows=locked.rows,
            plan=follow_up,
            plan_digest=follow_up["digest"],
            counts=_recounted(follow_up, locked),
            follows=locked,
        )
    return locked, False


def _close_leavers(leaving: list[dict], *, by: User | None) -> int:
    """Each leaver's account is closed by the people service, which hands on their open work by default."""
    from policyportal.services.people import person_deactivate

    people = User.objects.in_bulk([person["id"] for person in leaving])
    for person in leaving:
        person_deactivate(person=people[person["id"]], by=by, handover=None)
    return len(leaving)


def _usernames(wanted: list[str]) -> list[str]:
    """A free username for each wish (its clean lower-cased form, numbered when taken), with a query per 5,000."""
    bases = [re.sub(r"[^\w.@+-]", "", wish.lower())[:150] or "person" for wish in wanted]
    taken: set[str] = set()
    unique = sorted(set(bases))
    for start in range(0, len(unique), USERNAME_CHUNK):
        chunk = unique[start : start + USERNAME_CHUNK]
        taken.update(
            User.objects.annotate(lower=Lower("username")).filter(lower__in=chunk).values_list("lower", flat=True)
        )
    chosen: list[str] = []
    for base in bases:
        candidate, number = base, 1
        while candidate in taken:
            number += 1
            suffix = str(number)
            candidate = f"{base[: 150 - len(suffix)]}{suffix}"
            if candidate not in taken and User.objects.filter(username__iexact=candidate).exists():
                taken.add(candidate)
        taken.add(candidate)
        chosen.append(candidate)
    return chosen


class _Events:
    """The import's audit events, written to the district's chain a batch at a time (one lock, one read and one
    insert per batch): memory stays flat however many people arrive."""

    def __init__(self, district: District, by: User | None, staff_import: StaffImport):
        self.district = district
        self.import_pk = staff_import.pk
        self.actor = {
            "actor_id": by.pk if by is not None else None,
            "actor_name": by.display_name[:200] if by is not None else "",
            "client_ip": context.client_ip.get(),
        }
        self.waiting: list[dict] = []

    def add(self, action: str, target_type: str, target_id: int, label: str, payload: dict) -> None:
        self.waiting.append(
            {
                **self.actor,
                "action": action,
                "target_type": target_type,
                "target_id": str(target_id),
                "target_label": label,
                "payload": {"import": self.import_pk, **payload},
            }
        )
        if len(self.waiting) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if self.waiting:
            record_system_events(district_id=self.district.pk, events=self.waiting)
            self.waiting = []


def _write(*, district: District, planned: dict, by: User | None, staff_import: StaffImport) -> dict:
    """Every change of the plan but the leavers, in bulk and in batches, with its audit events. Returns what was
    done."""
    events = _Events(district, by, staff_import)

    # Schools
    school_pk = {f"pk:{pk}": pk for pk in School.objects.filter(district=district).values_list("pk", flat=True)}
    created_schools = School.objects.bulk_create(
        [School(district=district, name=s["name"], directory_id=s["directory_id"]) for s in planned["schools"]["new"]]
    )
    for school in created_schools:
        school_pk[f"new:{school.directory_id}"] = school.pk
        events.add("school.created", "school", school.pk, school.name, {"directory_id": school.directory_id})
    for school in planned["schools"]["updated"]:
        values = {name: new for name, (_old, new) in school["changes"].items()}
        School.objects.filter(pk=school["id"], district=district).update(**values)
        events.add("school.updated", "school", school["id"], school["name"], {"changes": school["changes"]})

    # New people, a batch at a time, each with their schools, their welcome and their event
    new = planned["new"]
    usernames = _usernames([person["username"] for person in new])
    now = timezone.now()
    link = reverse("policy")
    Through = User.schools.through
    person_pk: dict[str, int] = {}
    for start in range(0, len(new), BATCH):
        rows = new[start : start + BATCH]
        users = User.objects.bulk_create(
            [
                User(
                    district=district,
                    username=username,
                    email=row["email"],
                    first_name=row["first_name"],
                    last_name=row["last_name"],
                    title=row["title"],
                    role=row["role"],
                    school_id=school_pk[row["school"]] if row["school"] else None,
                    directory_id=row["directory_id"],
                    password=make_password(None),
                    date_joined=now,
                )
                for row, username in zip(rows, usernames[start : start + BATCH], strict=True)
            ]
        )
        Through.objects.bulk_create(
            [
                Through(user_id=user.pk, school_id=school_pk[key])
                for user, row in zip(users, rows, strict=True)
                for key in row["schools"]
            ]
        )
        Notification.objects.bulk_create(
            [
                Notification(
                    recipient_id=user.pk,
                    kind="welcome",
                    title=f"Welcome to the Policy Portal of {district.name}",
                    body=WELCOME,
                    link=link,
                    created_at=now,
                )
                for user in users
            ]
        )
        for user, row in zip(users, rows, strict=True):
            person_pk[row["key"]] = user.pk
            events.add(
                "user.imported",
                "user",
                user.pk,
                user.display_name,
                {
                    "directory_id": user.directory_id,
                    "username": user.username,
                    "role": user.role,
                    "school": row["shown"]["school"] or None,
                    "schools": row["shown"]["schools"],
                    "supervisor": row["shown"]["supervisor"] or None,
                },
            )

    def person(key: str | None) -> int | None:
        if key is None:
            return None
        return person_pk[key] if key.startswith("new:") else int(key[3:])

    # Their supervisors, once everyone exists (a new principal supervises new staff)
    supervised = [
        User(pk=person_pk[row["key"]], supervisor_id=person(row["supervisor"])) for row in new if row["supervisor"]
    ]
    User.objects.bulk_update(supervised, ["supervisor"], batch_size=BATCH)

    # Changed people: grouped by the fields they change, one bulk update per group and batch
    groups: dict[tuple[str, ...], list[User]] = {}
    schools_of: dict[int, list[str]] = {}
    for change in planned["changed"]:
        values = change["set"]
        fields = tuple(sorted(name for name in values if name != "schools"))
        user = User(pk=change["id"])
        for name in fields:
            if name == "school":
                user.school_id = school_pk[values[name]] if values[name] else None
            elif name == "supervisor":
                user.supervisor_id = person(values[name])
            else:
                setattr(user, name, values[name])
        if fields:
            groups.setdefault(fields, []).append(user)
        if "schools" in values:
            schools_of[change["id"]] = values["schools"]
        events.add("user.updated", "user", change["id"], change["name"], {"changes": change["changes"]})
    for fields, group in groups.items():
        User.objects.bulk_update(group, list(fields), batch_size=BATCH)
    ids = list(schools_of)
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        Through.objects.filter(user_id__in=chunk).delete()
        Through.objects.bulk_create(
            [Through(user_id=pk, school_id=school_pk[key]) for pk in chunk for key in schools_of[pk]]
        )
    events.flush()
    return {
        "created": len(new),
        "updated": len(planned["changed"]),
        "schools_created": len(created_schools),
        "schools_updated": len(planned["schools"]["updated"]),
    }


@transaction.atomic
def staff_import_discard(*, staff_import: StaffImport, by: User | None) -> bool:
    """Drop a preview nobody will apply. Returns False if it was no longer waiting (nothing recorded)."""
    _require_importer(staff_import.district, by)
    changed = StaffImport.objects.filter(pk=staff_import.pk, status=StaffImportStatus.PREVIEWED).update(
        status=StaffImportStatus.DISCARDED
    )
    if changed:
        record(action="staff.import_discarded", actor=by, district=staff_import.district, target=staff_import)
    return bool(changed)
