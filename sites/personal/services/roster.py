"""The directory-objection roster: imported whole from the student information system's CSV, or not at all. Entries
a standing legal hold covers stay as they are: an import neither replaces nor removes them."""

import csv
import datetime
import io
from dataclasses import dataclass, field
from typing import NamedTuple

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from audits import exports
from audits.models import AuditEvent
from audits.recorder import record
from policyportal.models import District, School, User
from policyportal.text import has_control_characters
from sites.personal import rules
from sites.personal.models import DirectoryObjection

COLUMNS = ["student_id", "first_name", "last_name", "preferred_name", "school", "grade"]
REQUIRED = ["student_id", "first_name", "last_name", "school"]
MAX_BYTES = 2 * 1024 * 1024
PURGED = "roster.purged"  # the audit action of a purge (roster_purge)
# What DirectoryObjection keeps of each column: a longer value is refused at the preview, not at the import.
STORED_LENGTHS = {"student_id": 32, "first_name": 100, "last_name": 100, "preferred_name": 100, "grade": 8}


@dataclass
class Parsed:
    rows: list[dict] = field(default_factory=list)
    rejected: list[tuple[int, str]] = field(default_factory=list)  # (line number, why)

    @property
    def acceptable(self) -> bool:
        return bool(self.rows) and not self.rejected


def parse(district: District, content: bytes) -> Parsed:
    """Check every row; a file with any rejected row is refused whole (nothing is half-imported)."""
    parsed = Parsed()
    if len(content) > MAX_BYTES:
        parsed.rejected.append((0, "The file is larger than 2 MB."))
        return parsed
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        parsed.rejected.append((0, "The file is not UTF-8 text: export it from the student system as CSV UTF-8."))
        return parsed
    reader = csv.DictReader(io.StringIO(text))
    try:
        _read_rows(district, reader, parsed)
    except csv.Error as error:  # a cell over the csv module's size limit, for one
        parsed.rejected.append((reader.line_num, f"The file cannot be read as CSV here ({error})."))
    if not parsed.rows and not parsed.rejected:
        parsed.rejected.append((0, "The file has no students."))
    return parsed


def _read_rows(district: District, reader: csv.DictReader, parsed: Parsed) -> None:
    header = [name.strip().lower() for name in reader.fieldnames or []]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        parsed.rejected.append(
            (1, f"The header lacks the column{'s' if len(missing) > 1 else ''} {', '.join(missing)}.")
        )
        return
    schools = {school.name.casefold(): school for school in School.objects.filter(district=district)}
    seen: dict[str, int] = {}
    for line, raw in enumerate(reader, start=2):
        row = {key.strip().lower(): (value or "").strip() for key, value in raw.items() if key}
        problem = _problem(row, schools, seen, line)
        if problem:
            parsed.rejected.append((line, problem))
            continue
        seen[row["student_id"]] = line
        row["school"] = schools[row["school"].casefold()]
        parsed.rows.append({name: row.get(name, "") for name in COLUMNS})


def _problem(row: dict, schools: dict[str, School], seen: dict[str, int], line: int) -> str | None:
    for name in REQUIRED:
        if not row.get(name):
            return f"The {name.replace('_', ' ')} is missing."
    for name in COLUMNS:
        label, value = name.replace("_", " "), row.get(name, "")
        if has_control_characters(value):
            return f"The {label} holds a control character (a NUL byte, a line break or a tab)."
        if name in STORED_LENGTHS and len(value) > STORED_LENGTHS[name]:
            return f"The {label} {value[:40]!r} is longer than {STORED_LENGTHS[name]} characters."
    formula = next((name for name in COLUMNS if row.get(name, "").startswith(exports.FORMULA_STARTS)), None)
    if formula:
        return f"The {formula.replace('_', ' ')} starts like a spreadsheet formula; it was not read."
    if row["school"].casefold() not in schools:
        return f"{row['school']!r} is not a school of the district."
    if row["student_id"] in seen:
        return f"Student {row['student_id']} is listed twice (also on line {seen[row['student_id']]})."
    return None


def held_student_ids(district: District) -> set[str]:
    """The students whose roster entries a standing legal hold covers (`rules.roster_held_q`)."""
    roster = DirectoryObjection.objects.filter(rules.roster_held_q(district.pk), district=district)
    return set(roster.values_list("student_id", flat=True))


def kept_by_holds(held: set[str], rows: list[dict], replace: bool) -> set[str]:
    """The held students an import of `rows` would otherwise change: all of them when it replaces the list (they
    would be removed), those it lists when it merges (they would be replaced)."""
    return set(held) if replace else held & {row["student_id"] for row in rows}


class Imported(NamedTuple):
    students: int  # added or replaced
    kept_by_holds: int  # left as they were: a standing legal hold covers them


@transaction.atomic
def roster_import(
    *, district: District, by: User, content: bytes, replace: bool, previewed_at: datetime.datetime | None = None
) -> Imported:
    """Import `content`; when it was previewed (at `previewed_at`), only if the roster was not purged since: a
    preview made before a purge would put the purged names back."""
    if not rules.may_import_roster(by, district):
        raise PermissionDenied("Only a district administrator imports the roster.")
    parsed = parse(district, content)
    if not parsed.acceptable:
        raise ValidationError([f"Line {line}: {why}" for line, why in parsed.rejected] or ["The file has no students."])
    District.objects.select_for_update().get(pk=district.pk)  # no hold is placed, nor a purge made, meanwhile
    if previewed_at is not None and _purged_since(district, previewed_at):
        raise ValidationError(
            "A records officer purged the list after this file was previewed, so nothing was imported. If its "
            "students belong on the list, upload the file again.",
            code="purged",
        )
    held = held_student_ids(district)
    kept = kept_by_holds(held, parsed.rows, replace)
    rows = [row for row in parsed.rows if row["student_id"] not in held]
    now = timezone.now()
    replaced = DirectoryObjection.objects.filter(district=district).exclude(student_id__in=held)
    if not replace:
        replaced = replaced.filter(student_id__in=[row["student_id"] for row in rows])
    replaced.delete()
    DirectoryObjection.objects.bulk_create(
        [DirectoryObjection(district=district, imported_at=now, **row) for row in rows]
    )
    record(
        action="roster.imported",
        actor=by,
        district=district,
        target=district,
        payload={"mode": "replace" if replace else "merge", "students": len(rows), "kept_by_holds": len(kept)},
    )
    return Imported(len(rows), len(kept))


def _purged_since(district: District, moment: datetime.datetime) -> bool:
    return AuditEvent.objects.filter(district=district, action=PURGED, occurred_at__gte=moment).exists()


@transaction.atomic
def roster_open(*, by: User, school: School | None = None):
    """The roster a person may see, with the viewing itself recorded (who looked at it, and when)."""
    if not rules.may_see_roster(by, school):
        raise PermissionDenied("The directory-objection list is for administrators and the school's supervisors.")
    found = DirectoryObjection.objects.filter(rules.roster_seen_by(by)).select_related("school")
    if school is not None:
        found = found.filter(school=school)
    record(action="roster.viewed", actor=by, target=school or by.district, payload={"school": school and school.pk})
    return found
