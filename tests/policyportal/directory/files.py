"""Directory files written in each standard's exact column layout, for the staff import's tests."""

import csv
import io
import zipfile
from dataclasses import dataclass, field

from policyportal.directory.formats import Upload


def columns(header: str) -> list[str]:
    """A header as the standard prints it, comma-separated."""
    return header.split(",")


# OneRoster 1.1 CSV (users.csv, orgs.csv) and 1.2 CSV (users.csv, roles.csv, orgs.csv), every column in order.
ONEROSTER_11_USERS = columns(
    "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,"
    "middleName,identifier,email,sms,phone,agentSourcedIds,grades,password"
)
ONEROSTER_12_USERS = columns(
    "sourcedId,status,dateLastModified,enabledUser,username,userIds,givenName,familyName,middleName,identifier,"
    "email,sms,phone,agentSourcedIds,grades,password,userMasterIdentifier,resourceSourcedIds,preferredGivenName,"
    "preferredMiddleName,preferredFamilyName,primaryOrgSourcedId,pronouns"
)
ONEROSTER_12_ROLES = columns(
    "sourcedId,status,dateLastModified,userSourcedId,roleType,role,orgSourcedId,userProfileSourcedId,beginDate,endDate"
)
ONEROSTER_ORGS = columns("sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId")
# Microsoft School Data Sync v2.1 CSV
SDS_USERS = columns("sourcedId,username,givenName,familyName,password,activeDirectoryMatchId,email,phone,sms")
SDS_ORGS = columns("sourcedId,name,type,parentSourcedId")
SDS_ROLES = columns("userSourcedId,orgSourcedId,role,sessionSourcedIds,isPrimary,roleStartDate,roleEndDate")
PORTAL = columns("staff_id,email,first_name,last_name,title,role,schools,supervisor_staff_id")
MODIFIED = "2026-08-01T00:00:00.000Z"


@dataclass
class Person:
    id: str
    given: str
    family: str
    role: str = "teacher"
    orgs: list[str] = field(default_factory=lambda: ["hall"])
    email: str = ""
    status: str = ""
    enabled: str = "true"
    preferred_given: str = ""

    def __post_init__(self):
        self.email = self.email or f"{self.given}.{self.family}@whps.example.org".lower()

    @property
    def username(self) -> str:
        return self.email


@dataclass
class Org:
    id: str
    name: str
    type: str = "school"


def district() -> tuple[list[Org], list[Person]]:
    """A small district: two schools, their principals, three teachers, a counselor, a student and a guardian."""
    orgs = [
        Org("whps", "West Hartford Public Schools", "district"),
        Org("hall", "Hall High School"),
        Org("kp", "King Philip Middle School"),
    ]
    people = [
        Person("p-hall", "David", "Okafor", "principal"),
        Person("p-kp", "Sarah", "Lindqvist", "principal", ["kp"]),
        Person("t-1", "Tom", "Ricci"),
        Person("t-2", "Priya", "Natarajan"),
        Person("t-3", "Elena", "Morales", orgs=["kp"]),
        Person("c-1", "Grace", "Hopper", "counselor", ["kp", "hall"]),
        Person("s-1", "Stu", "Dent", "student"),
        Person("g-1", "Gail", "Guardian", "guardian", ["whps"]),
    ]
    return orgs, people


def write(header: list[str], rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({name: row.get(name, "") for name in header})
    return out.getvalue().encode()


def _orgs(orgs: list[Org], header: list[str]) -> bytes:
    rows = [
        {
            "sourcedId": o.id,
            "dateLastModified": MODIFIED,
            "name": o.name,
            "type": o.type,
            "parentSourcedId": "" if o.type == "district" else "whps",
        }
        for o in orgs
    ]
    return write(header, rows)


def oneroster_11(orgs: list[Org], people: list[Person]) -> dict[str, bytes]:
    users = [
        {
            "sourcedId": p.id,
            "status": p.status,
            "dateLastModified": MODIFIED,
            "enabledUser": p.enabled,
            "orgSourcedIds": ",".join(p.orgs),
            "role": "administrator" if p.role == "principal" else p.role,
            "username": p.username,
            "givenName": p.given,
            "familyName": p.family,
            "email": p.email,
            "grades": "10" if p.role == "student" else "",
        }
        for p in people
    ]
    return {"users.csv": write(ONEROSTER_11_USERS, users), "orgs.csv": _orgs(orgs, ONEROSTER_ORGS)}


def oneroster_12(orgs: list[Org], people: list[Person], *, manifest: bool = True) -> dict[str, bytes]:
    users = [
        {
            "sourcedId": p.id,
            "status": p.status,
            "dateLastModified": MODIFIED,
            "enabledUser": p.enabled,
            "username": p.username,
            "givenName": p.given,
            "familyName": p.family,
            "email": p.email,
            "preferredGivenName": p.preferred_given,
            "primaryOrgSourcedId": p.orgs[0] if p.orgs else "",
        }
        for p in people
    ]
    roles = [
        {
            "sourcedId": f"r-{p.id}-{org}",
            "dateLastModified": MODIFIED,
            "userSourcedId": p.id,
            "roleType": "primary" if position == 0 else "secondary",
            "role": p.role,
            "orgSourcedId": org,
            "beginDate": "2020-08-01",
        }
        for p in people
        for position, org in enumerate(p.orgs)
    ]
    files = {
        "users.csv": write(ONEROSTER_12_USERS, users),
        "roles.csv": write(ONEROSTER_12_ROLES, roles),
        "orgs.csv": _orgs(orgs, ONEROSTER_ORGS),
    }
    if manifest:
        files["manifest.csv"] = write(
            ["propertyName", "value"],
            [
                {"propertyName": "manifest.version", "value": "1.0"},
                {"propertyName": "oneroster.version", "value": "1.2"},
                {"propertyName": "file.users", "value": "bulk"},
                {"propertyName": "file.orgs", "value": "bulk"},
                {"propertyName": "file.roles", "value": "bulk"},
            ],
        )
    return files


def sds(orgs: list[Org], people: list[Person]) -> dict[str, bytes]:
    users = [
        {"sourcedId": p.id, "username": p.username, "givenName": p.given, "familyName": p.family, "email": p.email}
        for p in people
    ]
    roles = [
        {"userSourcedId": p.id, "orgSourcedId": org, "role": p.role, "isPrimary": "true" if position == 0 else "false"}
        for p in people
        for position, org in enumerate(p.orgs)
    ]
    return {
        "users.csv": write(SDS_USERS, users),
        "orgs.csv": _orgs(orgs, SDS_ORGS),
        "roles.csv": write(SDS_ROLES, roles),
    }


def portal(rows: list[dict]) -> dict[str, bytes]:
    return {"staff.csv": write(PORTAL, rows)}


def zipped(files: dict[str, bytes], folder: str = "export/") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(f"{folder}{name}", content)
    return buffer.getvalue()


def uploads(files: dict[str, bytes]) -> list[Upload]:
    return [Upload(name, content) for name, content in files.items()]


def replace(files: dict[str, bytes], name: str, old: str, new: str) -> dict[str, bytes]:
    return {**files, name: files[name].replace(old.encode(), new.encode())}
