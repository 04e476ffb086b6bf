"""Reading staff files into staff rows, the directory's schools, and every problem by file, line and column.

Formats (column names are matched without regard to case; extra columns are ignored):

- **The portal's staff CSV**, one file of any name: `staff_id,email,first_name,last_name,title,role,schools,
  supervisor_staff_id`. The first four are mandatory. `role` is `employee` (or empty), `supervisor` or `principal`
  (a supervisor who supervises their schools' staff by default). `schools` names existing schools of the district,
  separated by `;`, the main school first. `supervisor_staff_id` is the `staff_id` of the person's supervisor (in
  the file, or already in the portal); empty means the main school's principal.
- **OneRoster 1.1 CSV**: `users.csv` (mandatory columns `sourcedId,enabledUser,orgSourcedIds,role,username,
  givenName,familyName`; `status` and `email` read when present) and `orgs.csv` (`sourcedId,name,type`; `status`
  read when present), with `manifest.csv` read when present (`oneroster.version`, and `file.users=delta` for a
  partial sync).
- **OneRoster 1.2 CSV**: `users.csv` (`sourcedId,enabledUser,username,givenName,familyName`; `status`, `email`,
  `preferredGivenName`, `preferredFamilyName`, `primaryOrgSourcedId` read when present), `roles.csv`
  (`userSourcedId,roleType,role,orgSourcedId`; `status`, `beginDate`, `endDate` read when present), `orgs.csv`.
- **Microsoft School Data Sync v2.1 CSV**: `users.csv` (`sourcedId,username`; `givenName`, `familyName`, `email`
  read when present), `roles.csv` (`userSourcedId,orgSourcedId,role`; `isPrimary`, `roleStartDate`,
  `roleEndDate` read when present), `orgs.csv` (`sourcedId,name,type`).

The directory formats may come zipped (one `.zip`, folders inside it ignored) or as loose files. Every file must be
UTF-8. A cell the import reads that starts like a spreadsheet formula (`=`, `+`, `-`, `@`, a tab) is refused. Rows
of students, guardians, parents and relatives are counted and dropped here: nothing of theirs is kept, shown or
named in a problem.
"""

import csv
import hashlib
import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import date
from functools import partial
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from audits.exports import FORMULA_STARTS
from policyportal.directory import rules
from policyportal.models import StaffImportFormat

MAX_FILE_BYTES = 64 * 2**20
MAX_PROBLEMS = 2000
DIRECTORY_FILES = ("users.csv", "orgs.csv", "roles.csv", "manifest.csv")
LIMITS = {"directory_id": 255, "username": 150, "email": 254, "first_name": 150, "last_name": 150, "title": 120}
NOT_STAFF = "students, guardians and parents"
NO_ROLE = "people without a role in roles.csv"
PORTAL_COLUMNS = ["staff_id", "email", "first_name", "last_name", "title", "role", "schools", "supervisor_staff_id"]
PORTAL_ROLES = {"employee", "supervisor", "principal"}


@dataclass(frozen=True)
class Upload:
    name: str
    content: bytes


@dataclass(frozen=True)
class Problem:
    file: str
    line: int  # 0: the file as a whole
    column: str  # "": the row (or file) as a whole
    message: str

    def __str__(self) -> str:
        where = [self.file] if self.file else []
        if self.line:
            where.append(f"line {self.line}")
        if self.column:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass
class Parsed:
    format: str = ""
    full: bool = True
    staff: list[dict] = field(default_factory=list)
    schools: list[dict] = field(default_factory=list)  # the directory's organisations of type school
    removed: list[str] = field(default_factory=list)  # staff the files mark as gone (tobedeleted, not enabled)
    problems: list[Problem] = field(default_factory=list)
    ignored: dict[str, int] = field(default_factory=dict)
    files: list[dict] = field(default_factory=list)
    files_digest: str = ""

    def problem(self, file: str, line: int, column: str, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(file, line, column, message))
        elif len(self.problems) == MAX_PROBLEMS:
            self.problems.append(Problem("", 0, "", "More problems were found; fix these first."))

    def ignore(self, why: str) -> None:
        self.ignored[why] = self.ignored.get(why, 0) + 1

    @property
    def rows(self) -> dict:
        """What a StaffImport keeps: staff and schools, nobody else."""
        return {"staff": self.staff, "schools": self.schools, "removed": self.removed, "ignored": self.ignored}

    def problem_dicts(self) -> list[dict]:
        return [asdict(problem) for problem in self.problems]


def files_digest(uploads: list[Upload]) -> tuple[list[dict], str]:
    """Each file's name, size and SHA-256, and one digest over all of them (the order they came in ignored)."""
    files = sorted(
        ({"name": u.name, "bytes": len(u.content), "sha256": hashlib.sha256(u.content).hexdigest()} for u in uploads),
        key=lambda f: (f["name"], f["sha256"]),
    )
    combined = hashlib.sha256()
    for f in files:
        combined.update(f"{f['name']}\0{f['sha256']}\n".encode())
    return files, combined.hexdigest()


def _unpack(uploads: list[Upload], parsed: Parsed) -> dict[str, Upload]:
    """The CSV files to read, by lower-cased name: zips opened (their folders ignored), other files as they are.
    Beside users.csv, orgs.csv, roles.csv or manifest.csv, the export's other files (classes.csv,
    enrollments.csv...) are neither read nor checked."""
    entries: list[tuple[str, str, int, Callable[[], bytes]]] = []  # name, where it came from, size, reader
    for upload in uploads:
        if upload.content[:4] != b"PK\x03\x04" and not upload.name.lower().endswith(".zip"):
            entries.append((upload.name, upload.name, len(upload.content), partial(bytes, upload.content)))
            continue
        try:
            archive = zipfile.ZipFile(io.BytesIO(upload.content))
        except (zipfile.BadZipFile, OSError, EOFError) as error:
            parsed.problem(upload.name, 0, "", f"The zip file cannot be opened ({error}).")
            continue
        for info in archive.infolist():
            name = PurePosixPath(info.filename).name
            if info.is_dir() or not name.lower().endswith(".csv") or info.filename.startswith("__MACOSX/"):
                continue
            if name.startswith("."):
                continue
            entries.append((info.filename, upload.name, info.file_size, partial(_unzipped, archive, info)))
    keys = [PurePosixPath(name.replace("\\", "/")).name.lower() for name, *_ in entries]
    directory = any(key in DIRECTORY_FILES for key in keys)
    found: dict[str, Upload] = {}
    for key, (name, origin, size, read) in zip(keys, entries, strict=True):
        if directory and key not in DIRECTORY_FILES:
            continue
        if key in found:
            parsed.problem(origin, 0, "", f"Two files are named {key}: send each file once.")
            continue
        try:
            content = read() if size <= MAX_FILE_BYTES else b""
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError) as error:
            parsed.problem(origin, 0, "", f"{name} cannot be unzipped ({error}).")
            continue
        if size > MAX_FILE_BYTES or len(content) > MAX_FILE_BYTES:
            parsed.problem(origin, 0, "", f"{name} is larger than 64 MB.")
            continue
        found[key] = Upload(key, content)
    return found


def _unzipped(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    with archive.open(info) as member:
        return member.read(MAX_FILE_BYTES + 1)


def _decode(upload: Upload, parsed: Parsed) -> str | None:
    try:
        return upload.content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = upload.content[: error.start].count(b"\n") + 1
        byte = upload.content[error.start : error.start + 1].hex().upper()
        parsed.problem(
            upload.name, line, "", f"The file is not UTF-8 text (byte 0x{byte}): export or save it as CSV UTF-8."
        )
        return None


def _first_row(text: str) -> list[str]:
    try:
        return [name.strip().lower() for name in next(csv.reader(io.StringIO(text)), [])]
    except csv.Error:
        return []


class Table:
    """One CSV file: its header (matched without regard to case) and its rows, each with its line number."""

    def __init__(self, name: str, text: str, parsed: Parsed):
        self.name = name
        self.text = text
        self.parsed = parsed
        self.header = _first_row(text)
        self.index = {column: position for position, column in reversed(list(enumerate(self.header)))}

    def has(self, column: str) -> bool:
        return column.lower() in self.index

    def require(self, columns: list[str]) -> bool:
        missing = [column for column in columns if not self.has(column)]
        for column in missing:
            self.parsed.problem(self.name, 1, column, f"The mandatory column {column} is missing from the header.")
        return not missing

    def rows(self) -> Iterator["Row"]:
        reader = csv.reader(io.StringIO(self.text))
        last = 0
        try:
            next(reader, None)
            last = reader.line_num
            for cells in reader:
                line, last = last + 1, reader.line_num
                if any(cell.strip() for cell in cells):
                    yield Row(self, line, cells)
        except csv.Error as error:
            self.parsed.problem(self.name, last + 1, "", f"The CSV cannot be read from here on ({error}).")


class Row:
    def __init__(self, table: Table, line: int, cells: list[str]):
        self.table = table
        self.line = line
        self.cells = cells
        self.refused: set[str] = set()

    def raw(self, column: str) -> str:
        position = self.table.index.get(column.lower())
        return self.cells[position] if position is not None and position < len(self.cells) else ""

    def get(self, column: str) -> str:
        """The cell, stripped; "" (and a problem) if it starts like a formula."""
        value = self.raw(column)
        if value.startswith(FORMULA_STARTS):
            self.refused.add(column)
            self.problem(column, "The cell starts like a spreadsheet formula (=, +, -, @): it was not read.")
            return ""
        return value.strip()

    def required(self, column: str, what: str) -> str:
        value = self.get(column)
        if not value and column not in self.refused:
            self.problem(column, f"The {what} is missing.")
        return value

    def problem(self, column: str, message: str) -> None:
        self.table.parsed.problem(self.table.name, self.line, column, message)


def _checked(row: Row, person: dict, columns: dict[str, str]) -> None:
    """Lengths and the email address of a staff row; `columns` names the column each field came from."""
    for key, column in columns.items():
        value = person.get(key)
        if value and len(value) > LIMITS[key]:
            row.problem(column, f"The value is longer than {LIMITS[key]} characters.")
    if person.get("email"):
        try:
            validate_email(person["email"])
        except ValidationError:
            row.problem(columns["email"], "This is not an email address.")
            person["email"] = ""


def _duplicate(row: Row, seen: dict[str, int], key: str, column: str, what: str) -> bool:
    if not key:
        return False
    folded = key.casefold()
    if folded in seen:
        row.problem(column, f"{what} {key} is listed twice (also on line {seen[folded]}).")
        return True
    seen[folded] = row.line
    return False


def _parse_date(row: Row, column: str) -> date | None:
    value = row.get(column)
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10] if "T" in value else value)
    except ValueError:
        row.problem(column, f"{value!r} is not a date (YYYY-MM-DD).")
        return None


# The portal's own CSV ------------------------------------------------------------------------------------------


def _portal(table: Table, parsed: Parsed) -> None:
    if not table.require(["staff_id", "email", "first_name", "last_name"]):
        return
    ids: dict[str, int] = {}
    emails: dict[str, int] = {}
    for row in table.rows():
        role = row.get("role").lower() or "employee"
        if role not in PORTAL_ROLES and "role" not in row.refused:
            row.problem("role", f"{role!r} is not a role of this file: use employee, supervisor or principal.")
        # None: no schools column, the portal's schools stay
        schools = (
            [f"name:{n.strip()}" for n in row.get("schools").split(";") if n.strip()] if table.has("schools") else None
        )
        person: dict = {
            "directory_id": row.required("staff_id", "staff id"),
            "email": row.required("email", "email address"),
            "first_name": row.required("first_name", "first name"),
            "last_name": row.required("last_name", "last name"),
            "title": row.get("title") if table.has("title") else None,
            "username": "",
            "roles": {role: schools or []},
            "schools": schools,
            "supervisor": row.get("supervisor_staff_id") or None,
            "file": table.name,
            "line": row.line,
        }
        _checked(
            row,
            person,
            {
                "directory_id": "staff_id",
                "email": "email",
                "first_name": "first_name",
                "last_name": "last_name",
                "title": "title",
            },
        )
        if person["supervisor"] and person["supervisor"] == person["directory_id"]:
            row.problem("supervisor_staff_id", "A person cannot be their own supervisor.")
        _duplicate(row, ids, person["directory_id"], "staff_id", "Staff id")
        _duplicate(row, emails, person["email"], "email", "The email address")
        parsed.staff.append(person)


# The directory formats ------------------------------------------------------------------------------------------


def _orgs(table: Table, parsed: Parsed) -> tuple[set[str], set[str]]:
    """The directory's schools (into `parsed.schools`); returns the ids of every organisation and of the schools."""
    known: set[str] = set()
    schools: set[str] = set()
    if not table.require(["sourcedId", "name", "type"]):
        return known, schools
    seen: dict[str, int] = {}
    for row in table.rows():
        sourced_id = row.raw("sourcedId").strip()
        if row.raw("status").strip().lower() == "tobedeleted":
            continue
        known.add(sourced_id)
        if row.raw("type").strip().lower() != "school":
            continue
        sourced_id = row.required("sourcedId", "organisation's sourcedId")
        name = row.required("name", "school's name")
        if len(name) > 200:
            row.problem("name", "The school's name is longer than 200 characters.")
        if len(sourced_id) > LIMITS["directory_id"]:
            row.problem("sourcedId", f"The value is longer than {LIMITS['directory_id']} characters.")
        if _duplicate(row, seen, sourced_id, "sourcedId", "Organisation") or not (sourced_id and name):
            continue
        schools.add(sourced_id)
        parsed.schools.append({"directory_id": sourced_id, "name": name, "file": table.name, "line": row.line})
    return known, schools


def _org_refs(row: Row, column: str, values: list[str], known: set[str], schools: set[str]) -> list[str]:
    refs = []
    for value in values:
        if value not in known:
            row.problem(column, f"The organisation {value} is not in orgs.csv.")
        elif value in schools and f"dir:{value}" not in refs:
            refs.append(f"dir:{value}")
    return refs


def _role_or_skip(row: Row, column: str, parsed: Parsed, vocabulary: str) -> str | None:
    """The row's staff role, or None: not staff (counted), unknown (a problem) or refused."""
    role = row.get(column)
    if column in row.refused:
        return None
    kind = rules.role_kind(role)
    if kind == "not staff":
        parsed.ignore(NOT_STAFF)
        return None
    if kind is None:
        row.problem(
            column, f"{role!r} is not a {vocabulary} role this portal knows." if role else "The role is missing."
        )
        return None
    return role


def _names(row: Row, *, preferred: bool, required: bool) -> tuple[str | None, str | None]:
    """Given and family names (OneRoster 1.2's preferred names first). None: not in the file, keep the portal's."""
    names = []
    for column, preferred_column, what in (
        ("givenName", "preferredGivenName", "given name"),
        ("familyName", "preferredFamilyName", "family name"),
    ):
        value = row.get(preferred_column) if preferred else ""
        value = value or (row.required(column, what) if required else row.get(column))
        names.append(value if value or required else None)
    return names[0], names[1]


def _directory_person(row: Row, *, sourced_id: str, username: str, email: str, first, last, roles, schools) -> dict:
    person = {
        "directory_id": sourced_id,
        "email": email or (username if "@" in username else ""),
        "first_name": first,
        "last_name": last,
        "title": None,
        "username": username,
        "roles": roles,
        "schools": schools,
        "supervisor": None,
        "file": row.table.name,
        "line": row.line,
    }
    emailed_from = "email" if email else "username"
    if not email and person["email"]:
        try:
            validate_email(person["email"])
        except ValidationError:
            person["email"] = ""
    _checked(
        row,
        person,
        {
            "directory_id": "sourcedId",
            "username": "username",
            "email": emailed_from,
            "first_name": "givenName",
            "last_name": "familyName",
        },
    )
    return person


def _oneroster_11(files: dict[str, Table], parsed: Parsed) -> None:
    users, orgs = files["users.csv"], files["orgs.csv"]
    known, schools = _orgs(orgs, parsed)
    if not users.require(["sourcedId", "enabledUser", "orgSourcedIds", "role", "username", "givenName", "familyName"]):
        return
    seen: dict[str, int] = {}
    for row in users.rows():
        role = _role_or_skip(row, "role", parsed, "OneRoster")
        if role is None:
            continue
        sourced_id = row.required("sourcedId", "sourcedId")
        if row.get("status").lower() == "tobedeleted" or row.get("enabledUser").lower() == "false":
            if sourced_id:
                parsed.removed.append(sourced_id)
            continue
        org_ids = [value.strip() for value in row.get("orgSourcedIds").split(",") if value.strip()]
        refs = _org_refs(row, "orgSourcedIds", org_ids, known, schools)
        first, last = _names(row, preferred=False, required=True)
        person = _directory_person(
            row,
            sourced_id=sourced_id,
            username=row.required("username", "username"),
            email=row.get("email"),
            first=first,
            last=last,
            roles={role: refs},
            schools=refs,
        )
        if not _duplicate(row, seen, sourced_id, "sourcedId", "User") and sourced_id:
            parsed.staff.append(person)


def _roles(table: Table, parsed: Parsed, *, known: set[str], schools: set[str], today: date, sds: bool):
    """Each staff member's current roles from roles.csv: user id -> [(role, school ref or None, primary, line)].
    Also returns the ids holding only roles that are not staff (kept in memory while reading, never stored)."""
    required = (
        ["userSourcedId", "orgSourcedId", "role"] if sds else ["userSourcedId", "roleType", "role", "orgSourcedId"]
    )
    staff: dict[str, list[tuple[str, str | None, bool, int]]] = {}
    others: set[str] = set()
    if not table.require(required):
        return None, others
    begin, end = ("roleStartDate", "roleEndDate") if sds else ("beginDate", "endDate")
    for row in table.rows():
        user_id = row.raw("userSourcedId").strip()
        if row.raw("status").strip().lower() == "tobedeleted":
            continue
        role = row.get("role")
        kind = rules.role_kind(role) if "role" not in row.refused else "refused"
        if kind == "not staff":
            others.add(user_id)
            continue
        if kind is None:
            row.problem("role", f"{role!r} is not a role this portal knows." if role else "The role is missing.")
            continue
        if kind == "refused":
            continue
        user_id = row.required("userSourcedId", "userSourcedId")
        org_id = row.required("orgSourcedId", "orgSourcedId")
        started, ended = _parse_date(row, begin), _parse_date(row, end)
        if (started and started > today) or (ended and ended < today):
            continue
        primary = row.get("isPrimary").lower() == "true" if sds else row.get("roleType").lower() == "primary"
        ref = None
        if org_id:
            refs = _org_refs(row, "orgSourcedId", [org_id], known, schools)
            ref = refs[0] if refs else None
        if user_id:
            staff.setdefault(user_id, []).append((role, ref, primary, row.line))
    return staff, others


def _with_roles(files: dict[str, Table], parsed: Parsed, *, today: date, sds: bool) -> None:
    """OneRoster 1.2 and School Data Sync v2.1: users.csv, with roles and organisations in roles.csv."""
    users, roles_table, orgs = files["users.csv"], files["roles.csv"], files["orgs.csv"]
    known, schools = _orgs(orgs, parsed)
    required = ["sourcedId", "username"] if sds else ["sourcedId", "enabledUser", "username", "givenName", "familyName"]
    if not users.require(required):
        return
    staff_roles, others = _roles(roles_table, parsed, known=known, schools=schools, today=today, sds=sds)
    if staff_roles is None:
        return
    seen: dict[str, int] = {}
    listed: set[str] = set()
    for row in users.rows():
        user_id = row.raw("sourcedId").strip()
        held = staff_roles.get(user_id)
        listed.add(user_id)
        if held is None:
            parsed.ignore(NOT_STAFF if user_id in others else NO_ROLE)
            continue
        sourced_id = row.required("sourcedId", "sourcedId")
        if not sds and (row.get("status").lower() == "tobedeleted" or row.get("enabledUser").lower() == "false"):
            parsed.removed.append(sourced_id)
            continue
        by_role: dict[str, list[str]] = {}
        ordered: list[str] = []
        for role, ref, _primary, _line in sorted(held, key=lambda held_role: (not held_role[2], held_role[3])):
            by_role.setdefault(role, [])
            if ref and ref not in by_role[role]:
                by_role[role].append(ref)
            if ref and ref not in ordered:
                ordered.append(ref)
        if not sds and users.has("primaryOrgSourcedId"):
            primary_org = row.get("primaryOrgSourcedId")
            if primary_org and f"dir:{primary_org}" in ordered:
                ordered.remove(f"dir:{primary_org}")
                ordered.insert(0, f"dir:{primary_org}")
        first, last = _names(row, preferred=not sds, required=not sds)
        person = _directory_person(
            row,
            sourced_id=sourced_id,
            username=row.required("username", "username"),
            email=row.get("email"),
            first=first,
            last=last,
            roles=by_role,
            schools=ordered,
        )
        if not _duplicate(row, seen, sourced_id, "sourcedId", "User") and sourced_id:
            parsed.staff.append(person)
    for user_id in sorted(set(staff_roles) - listed):
        line = staff_roles[user_id][0][3]
        parsed.problem(roles_table.name, line, "userSourcedId", f"The user {user_id} is not in users.csv.")


# Reading a bundle -----------------------------------------------------------------------------------------------


def _manifest(text: str) -> dict[str, str]:
    values = {}
    try:
        for cells in csv.reader(io.StringIO(text)):
            if len(cells) >= 2:
                values[cells[0].strip().lower()] = cells[1].strip().lower()
    except csv.Error:
        pass
    return values


def detect(texts: dict[str, str]) -> str:
    """The format of a bundle, from its file names, its manifest and its headers ("" when it cannot tell)."""
    csvs = [name for name in texts if name != "manifest.csv"]
    if len(csvs) == 1 and "staff_id" in _first_row(texts[csvs[0]]):
        return StaffImportFormat.PORTAL
    if "users.csv" not in texts:
        return ""
    version = _manifest(texts.get("manifest.csv", "")).get("oneroster.version", "")
    users = set(_first_row(texts["users.csv"]))
    roles = set(_first_row(texts.get("roles.csv", "")))
    if version.startswith("1.1"):
        return StaffImportFormat.ONEROSTER_11
    if version.startswith("1.2"):
        return StaffImportFormat.ONEROSTER_12
    if "enableduser" in users:
        return StaffImportFormat.ONEROSTER_11 if "role" in users else StaffImportFormat.ONEROSTER_12
    if "role" in users and "orgsourcedids" in users:
        return StaffImportFormat.ONEROSTER_11
    if "usersourcedid" in roles:
        return StaffImportFormat.SDS_21
    return ""


NEEDS: dict[str, tuple[str, ...]] = {
    StaffImportFormat.ONEROSTER_11: ("users.csv", "orgs.csv"),
    StaffImportFormat.ONEROSTER_12: ("users.csv", "orgs.csv", "roles.csv"),
    StaffImportFormat.SDS_21: ("users.csv", "orgs.csv", "roles.csv"),
}


def parse(uploads: list[Upload], *, today: date, format: str = "", full: bool = True) -> Parsed:
    """Read `uploads` (loose CSV files or zips). `format` "" detects it. A OneRoster manifest that marks users.csv
    as a delta makes the import partial: people it leaves out are not leaving."""
    parsed = Parsed(full=full)
    parsed.files, parsed.files_digest = files_digest(uploads)
    if not uploads:
        parsed.problem("", 0, "", "No file was sent.")
        return parsed
    found = _unpack(uploads, parsed)
    texts: dict[str, str] = {}
    for name, upload in found.items():
        text = _decode(upload, parsed)
        if text is not None:
            texts[name] = text
    if parsed.problems:
        return parsed
    parsed.format = format or detect(texts)
    if not parsed.format:
        parsed.problem(
            "",
            0,
            "",
            "These files are not in a format the portal reads: send the portal's staff CSV, or users.csv and "
            "orgs.csv (and roles.csv) from OneRoster 1.1 or 1.2 or School Data Sync v2.1.",
        )
        return parsed
    if parsed.format == StaffImportFormat.PORTAL:
        names = [name for name in texts if name not in ("manifest.csv",)]
        if len(names) != 1:
            parsed.problem("", 0, "", "The portal's staff CSV is one file: send it alone.")
            return parsed
        _portal(Table(names[0], texts[names[0]], parsed), parsed)
        return parsed
    missing = [name for name in NEEDS[parsed.format] if name not in texts]
    for name in missing:
        label = StaffImportFormat(parsed.format).label
        parsed.problem(name, 0, "", f"{name} is missing: {label} needs {', '.join(NEEDS[parsed.format])}.")
    if missing:
        return parsed
    if _manifest(texts.get("manifest.csv", "")).get("file.users") == "delta":
        parsed.full = False
    tables = {name: Table(name, texts[name], parsed) for name in NEEDS[parsed.format]}
    if parsed.format == StaffImportFormat.ONEROSTER_11:
        _oneroster_11(tables, parsed)
    else:
        _with_roles(tables, parsed, today=today, sds=parsed.format == StaffImportFormat.SDS_21)
    if not parsed.staff and not parsed.problems and not parsed.removed:
        parsed.problem("users.csv", 0, "", "The files list no staff.")
    return parsed
