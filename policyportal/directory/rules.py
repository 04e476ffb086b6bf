"""The staff import's rules: who may import, which directory role becomes which portal role, who supervises by
default, and when a sync would close too many accounts to go on without asking.

Role mapping (directory role, case ignored -> portal role):

- `principal` -> supervisor. A school's principal supervises, by default, the staff whose main school it is.
- `administrator` (OneRoster 1.1, School Data Sync), `siteAdministrator` and `districtAdministrator` (OneRoster
  1.2) -> supervisor. OneRoster 1.1 has no principal role, so a school with no principal in the files but exactly
  one administrator has that administrator supervise its staff by default.
- every other staff role (`teacher`, `aide`, `counselor`, `proctor`, `systemAdministrator`, School Data Sync's
  `staff`, `coach`, `substitute`...) -> employee.
- `student`, `guardian`, `parent`, `relative`, `alumni`: not staff, counted and ignored.
- anything else is an unknown role: a problem on its line, so that nobody arrives with a guessed role.

No directory role makes anyone a district administrator, and a sync never takes that role away: being able to
import staff, publish the rules and read the audit trail is given on the portal's people pages, by a person.
"""

from collections.abc import Iterable

from django.db.models import Q

from policyportal import rules as core_rules
from policyportal.models import District, Role, StaffImport, User

# Directory roles, lower-cased. The portal's own CSV uses `employee`, `supervisor` and `principal`.
SCHOOL_LEADER = "principal"
SCHOOL_ADMINISTRATORS = frozenset({"administrator", "siteadministrator"})
SUPERVISING = frozenset({SCHOOL_LEADER, "supervisor", "districtadministrator", *SCHOOL_ADMINISTRATORS})
EMPLOYEES = frozenset(
    {
        "employee",
        "teacher",
        "aide",
        "counselor",
        "proctor",
        "systemadministrator",
        # Microsoft School Data Sync v2.1's staff roles
        "staff",
        "faculty",
        "instructor",
        "substitute",
        "coach",
        "teacherassistant",
        "assistant",
        "paraprofessional",
        "specialservices",
        "advisor",
        "nurse",
        "officestaff",
        "itadmin",
        "chair",
        "lecturer",
        "professor",
        "adjunct",
        "researcher",
        "occupationaltherapist",
        "physicaltherapist",
        "speechtherapist",
        "visiontherapist",
    }
)
NOT_STAFF = frozenset({"student", "guardian", "parent", "relative", "alumni"})


def role_kind(directory_role: str) -> str | None:
    """ "staff", "not staff", or None for a role this portal does not know."""
    role = directory_role.strip().lower()
    if role in SUPERVISING or role in EMPLOYEES:
        return "staff"
    if role in NOT_STAFF:
        return "not staff"
    return None


def portal_role(directory_roles: Iterable[str], current_role: str | None = None) -> str:
    """The portal role of a person holding `directory_roles`. A district administrator stays one."""
    if current_role == Role.DISTRICT_ADMIN:
        return Role.DISTRICT_ADMIN
    roles = {role.lower() for role in directory_roles}
    return Role.SUPERVISOR if roles & SUPERVISING else Role.EMPLOYEE


def school_supervisors(people: Iterable[tuple[str, dict[str, list[str]]]]) -> dict[str, str]:
    """Who supervises each school's staff by default: school key -> the person's directory id.

    `people` gives each person's directory id and, per directory role they hold, the schools they hold it at.
    The school's principal decides (the lowest id, if a school has several); a school without one falls back to
    its administrator, when it has exactly one."""
    principals: dict[str, list[str]] = {}
    administrators: dict[str, list[str]] = {}
    for directory_id, roles in people:
        for role, schools in roles.items():
            role = role.lower()
            found = principals if role == SCHOOL_LEADER else administrators if role in SCHOOL_ADMINISTRATORS else None
            if found is None:
                continue
            for school in schools:
                found.setdefault(school, []).append(directory_id)
    chosen = {school: min(ids) for school, ids in principals.items()}
    for school, ids in administrators.items():
        if school not in chosen and len(set(ids)) == 1:
            chosen[school] = ids[0]
    return chosen


def default_supervisor(directory_id: str, main_school: str | None, supervisors: dict[str, str]) -> str | None:
    """The directory's supervisor of a person: their main school's principal, never themselves."""
    chosen = supervisors.get(main_school) if main_school else None
    return chosen if chosen != directory_id else None


def leavers_over_limit(district: District, *, leaving: int, active: int) -> bool:
    """A sync that would close more than the district's share of its open accounts stops and asks."""
    return leaving * 100 > district.staff_sync_leaver_limit_percent * max(active, 0)


def may_import_staff(user: User, district: District | None = None) -> bool:
    """The district's administrators bring its staff in from the directory (and see its imports)."""
    return core_rules.administers(user, district)


def may_see_staff_import(user: User, staff_import: StaffImport) -> bool:
    return may_import_staff(user) and staff_import.district_id == user.district_id


def staff_imports_seen_by(user: User) -> Q:
    """The `Q` form of `may_see_staff_import`."""
    if not may_import_staff(user):
        return core_rules.NOTHING
    return Q(district_id=user.district_id)
