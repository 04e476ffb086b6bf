"""What applying staff rows would change in a district: schools created or renamed, people new, changed (field by
field), unchanged, leaving, or closed in the portal; every problem by file, line and column. It only reads.

People are matched by their directory id (`sourcedId`, or `staff_id` in the portal's CSV), then by email address
(case ignored) among the district's people who have no directory id yet. Schools are matched by directory id, then
by name among schools without one.

Schools and people the plan will create are named by keys: `pk:<id>` for what exists, `new:<directory id>` for
what the apply creates, so that a plan computed again in the applying transaction can be compared with the one the
administrator saw (`digest`).
"""

import hashlib
import json
from dataclasses import dataclass

from policyportal.directory import rules
from policyportal.models import District, Role, School, StaffImportFormat, User

# The column each field comes from, per format, for problems found here rather than while reading.
COLUMNS = {
    StaffImportFormat.PORTAL: {
        "directory_id": "staff_id",
        "email": "email",
        "first_name": "first_name",
        "last_name": "last_name",
        "schools": "schools",
        "supervisor": "supervisor_staff_id",
    },
    "directory": {
        "directory_id": "sourcedId",
        "email": "email",
        "first_name": "givenName",
        "last_name": "familyName",
        "schools": "orgSourcedIds",
        "supervisor": "",
    },
}
FIELDS = ("first_name", "last_name", "email", "title", "role", "school", "schools", "supervisor", "directory_id")
FIELD_LABELS = {
    "first_name": "First name",
    "last_name": "Last name",
    "email": "Email",
    "title": "Title",
    "role": "Role",
    "school": "Main school",
    "schools": "Schools",
    "supervisor": "Supervisor",
    "directory_id": "Directory id",
}


@dataclass
class State:
    """The district as a plan reads it: three queries, whatever its size."""

    schools: dict[int, dict]
    people: dict[int, dict]

    @classmethod
    def read(cls, district: District) -> "State":
        schools: dict[int, dict] = {
            row["pk"]: dict(row)
            for row in School.objects.filter(district=district).values("pk", "name", "directory_id")
        }
        people: dict[int, dict] = {
            row["pk"]: {**row, "schools": []}
            for row in User.objects.filter(district=district).values(
                "pk",
                "username",
                "email",
                "first_name",
                "last_name",
                "title",
                "role",
                "school_id",
                "supervisor_id",
                "supervisor_overridden",
                "directory_id",
                "is_active",
            )
        }
        through = User.schools.through.objects.filter(user__district=district).values_list("user_id", "school_id")
        for user_id, school_id in through.iterator(chunk_size=5000):
            people[user_id]["schools"].append(school_id)
        return cls(schools=schools, people=people)


def display_name(person: dict) -> str:
    return f"{person.get('first_name') or ''} {person.get('last_name') or ''}".strip() or person.get("username") or ""


def digest(plan: dict) -> str:
    kept = {key: plan[key] for key in ("schools", "new", "changed", "leaving", "closed", "overridden", "problems")}
    return hashlib.sha256(json.dumps(kept, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


class _Planner:
    def __init__(self, district: District, rows: dict, fmt: str, full: bool, state: State):
        self.district = district
        self.staff: list[dict] = rows.get("staff", [])
        self.orgs: list[dict] = rows.get("schools", [])
        self.removed: list[str] = rows.get("removed", [])
        self.full = full
        self.state = state
        self.columns = COLUMNS[StaffImportFormat.PORTAL] if fmt == StaffImportFormat.PORTAL else COLUMNS["directory"]
        self.problems: list[dict] = []
        self.school_keys: dict[str, str] = {}  # "dir:X" / "name:x" -> "pk:N" / "new:X"
        self.school_names: dict[str, str] = {f"pk:{pk}": s["name"] for pk, s in state.schools.items()}
        self.person_names: dict[str, str] = {f"pk:{pk}": display_name(p) for pk, p in state.people.items()}
        self.by_directory = {p["directory_id"]: pk for pk, p in state.people.items() if p["directory_id"]}
        self.present = {row["directory_id"] for row in self.staff}

    def problem(self, row: dict, field: str, message: str) -> None:
        self.problems.append(
            {
                "file": row.get("file", ""),
                "line": row.get("line", 0),
                "column": self.columns.get(field, ""),
                "message": message,
            }
        )

    # Schools --------------------------------------------------------------------------------------------------

    def plan_schools(self) -> dict:
        existing = self.state.schools
        by_directory = {s["directory_id"]: pk for pk, s in existing.items() if s["directory_id"]}
        unlinked_by_name = {s["name"].casefold(): pk for pk, s in existing.items() if not s["directory_id"]}
        final = {pk: s["name"] for pk, s in existing.items()}
        new, updated = [], []
        new_rows: dict[str, dict] = {}
        for org in self.orgs:
            pk = by_directory.get(org["directory_id"])
            changes: dict[str, list] = {}
            if pk is None:
                pk = unlinked_by_name.pop(org["name"].casefold(), None)
                if pk is not None:
                    changes["directory_id"] = ["", org["directory_id"]]
            if pk is None:
                key = f"new:{org['directory_id']}"
                new.append({"directory_id": org["directory_id"], "name": org["name"]})
                new_rows[key] = org
                self.school_names[key] = org["name"]
            else:
                key = f"pk:{pk}"
                if existing[pk]["name"] != org["name"]:
                    changes["name"] = [existing[pk]["name"], org["name"]]
                    final[pk] = org["name"]
                    self.school_names[key] = org["name"]
                if changes:
                    updated.append(
                        {"id": pk, "name": org["name"], "directory_id": org["directory_id"], "changes": changes}
                    )
            self.school_keys[f"dir:{org['directory_id']}"] = key
        org_by_key = {self.school_keys[f"dir:{org['directory_id']}"]: org for org in self.orgs}
        seen: dict[str, str] = {}
        for key, name in [
            *((f"pk:{pk}", name) for pk, name in final.items()),
            *((k, r["name"]) for k, r in new_rows.items()),
        ]:
            other = seen.setdefault(name.casefold(), key)
            if other != key:
                org = org_by_key.get(key) or org_by_key.get(other) or {}
                self.problems.append(
                    {
                        "file": org.get("file", "orgs.csv"),
                        "line": org.get("line", 0),
                        "column": "name",
                        "message": f"Two schools would be named {name}: rename one in the directory.",
                    }
                )
        for pk, school in existing.items():
            self.school_keys.setdefault(f"name:{school['name'].casefold()}", f"pk:{pk}")
        return {"new": new, "updated": updated}

    def school_key(self, row: dict, ref: str) -> str | None:
        key = self.school_keys.get(ref if ref.startswith("dir:") else f"name:{ref[5:].casefold()}")
        if key is None:
            self.problem(row, "schools", f"{ref[5:]} is not a school of {self.district.name}.")
        return key

    # People ---------------------------------------------------------------------------------------------------

    def match(self) -> list[int | None]:
        people = self.state.people
        by_directory = self.by_directory
        unlinked: dict[str, list[int]] = {}
        for known, p in people.items():
            if p["email"] and not p["directory_id"]:
                unlinked.setdefault(p["email"].casefold(), []).append(known)
        claimed: dict[int, int] = {}
        matched: list[int | None] = []
        for row in self.staff:
            pk: int | None = by_directory.get(row["directory_id"])
            email = (row.get("email") or "").casefold()
            if pk is None and email:
                candidates = unlinked.get(email, [])
                if len(candidates) > 1:
                    self.problem(
                        row, "email", f"{len(candidates)} people of the district have this address: keep it on one."
                    )
                elif candidates:
                    pk = candidates[0]
            if pk is not None and pk in claimed:
                self.problem(row, "directory_id", f"This person was already matched on line {claimed[pk]}.")
                pk = None
                matched.append(None)
                continue
            if pk is not None:
                claimed[pk] = row.get("line", 0)
            matched.append(pk)
        return matched

    def plan(self) -> dict:
        schools = self.plan_schools()
        matched = self.match()
        people = self.state.people
        person_key: dict[str, str] = {}
        closed, live = [], []
        for row, pk in zip(self.staff, matched, strict=True):
            if pk is not None and not people[pk]["is_active"]:
                closed.append({"id": pk, "name": display_name(people[pk]), "directory_id": row["directory_id"]})
                continue
            key = f"pk:{pk}" if pk is not None else f"new:{row['directory_id']}"
            person_key[row["directory_id"]] = key
            self.person_names.setdefault(key, display_name(row))
            refs = row["schools"]
            school_keys = None if refs is None else [k for ref in refs if (k := self.school_key(row, ref))]
            roles = {
                role: [
                    k
                    for ref in held
                    if (k := self.school_keys.get(ref if ref.startswith("dir:") else f"name:{ref[5:].casefold()}"))
                ]
                for role, held in row["roles"].items()
            }
            current = people[pk] if pk is not None else None
            target_role = rules.portal_role(roles, current["role"] if current else None)
            live.append((row, pk, key, school_keys, roles, target_role))
        self.check_emails(live)
        supervisors = rules.school_supervisors((row["directory_id"], roles) for row, _, _, _, roles, _ in live)
        roles_by_key = {key: role for _, _, key, _, _, role in live}

        new, changed, overridden = [], [], []
        unchanged = 0
        for row, pk, key, school_keys, _roles, target_role in live:
            main = school_keys[0] if school_keys else None
            choice = self.supervisor_choice(row, key, main, supervisors, person_key, roles_by_key)
            if pk is None:
                new.append(self.new_person(row, key, target_role, main, school_keys or [], choice))
                continue
            current = people[pk]
            current_supervisor = f"pk:{current['supervisor_id']}" if current["supervisor_id"] else None
            if (
                choice
                and choice != current_supervisor
                and current["supervisor_overridden"]  # an administrator's choice outlives every sync
            ):
                overridden.append(
                    {
                        "id": pk,
                        "name": display_name(current),
                        "kept": self.person_names.get(current_supervisor or "", ""),
                        "directory": self.person_names.get(choice, ""),
                    }
                )
                choice = None
            wanted: dict = {"role": target_role, "directory_id": row["directory_id"]}
            for name in ("first_name", "last_name", "title"):
                if row.get(name) is not None:
                    wanted[name] = row[name]
            if row.get("email"):
                wanted["email"] = row["email"]
            if school_keys is not None:
                wanted["school"] = main
                wanted["schools"] = sorted(school_keys)
            if choice:
                wanted["supervisor"] = choice
            have = {
                "first_name": current["first_name"],
                "last_name": current["last_name"],
                "email": current["email"],
                "title": current["title"],
                "role": current["role"],
                "school": f"pk:{current['school_id']}" if current["school_id"] else None,
                "schools": sorted(f"pk:{school}" for school in current["schools"]),
                "supervisor": current_supervisor,
                "directory_id": current["directory_id"],
            }
            changes, values = {}, {}
            for name in FIELDS:
                if name in wanted and wanted[name] != have[name]:
                    changes[name] = [self.shown(name, have[name]), self.shown(name, wanted[name])]
                    values[name] = wanted[name]
            if changes:
                changed.append(
                    {
                        "id": pk,
                        "name": display_name(current),
                        "directory_id": row["directory_id"],
                        "line": row.get("line", 0),
                        "changes": changes,
                        "set": values,
                    }
                )
            else:
                unchanged += 1

        leaving = self.leavers(matched)
        active = sum(1 for p in people.values() if p["is_active"])
        plan = {
            "schools": schools,
            "new": new,
            "changed": changed,
            "unchanged": unchanged,
            "leaving": leaving,
            "closed": closed,
            "overridden": overridden,
            "problems": self.problems,
            "limit": {
                "percent": self.district.staff_sync_leaver_limit_percent,
                "active": active,
                "leaving": len(leaving),
                "over": rules.leavers_over_limit(self.district, leaving=len(leaving), active=active),
            },
        }
        plan["digest"] = digest(plan)
        return plan

    def check_emails(self, live: list[tuple]) -> None:
        """An email address belongs to one person of the district (as on the people pages): a new person, or a
        new address, that another person has or would have is a problem."""
        final = {f"pk:{pk}": p["email"] for pk, p in self.state.people.items() if p["email"]}
        arriving: dict[str, dict] = {}
        for row, pk, key, *_ in live:
            email = row.get("email")
            if email and (pk is None or email.casefold() != self.state.people[pk]["email"].casefold()):
                arriving[key] = row
            if email:
                final[key] = email
        holders: dict[str, list[str]] = {}
        for key, email in final.items():
            holders.setdefault(email.casefold(), []).append(key)
        for key, row in arriving.items():
            others = [other for other in holders[row["email"].casefold()] if other != key]
            if not others:
                continue
            message = f"{row['email']} is also the address of {self.person_names[others[0]]}"
            owner = self.state.people.get(int(others[0][3:])) if others[0].startswith("pk:") else None
            if owner and owner["directory_id"] and owner["directory_id"] not in self.present:
                message += f", whose directory id {owner['directory_id']} is not in these files: if it is the same "
                message += "person, give them one id in the directory"
            self.problem(row, "email", message + ".")

    def supervisor_choice(self, row, key, main, supervisors, person_key, roles_by_key) -> str | None:
        """The directory's supervisor of a person, as a person key: the file's `supervisor_staff_id`, else their main
        school's principal. None: the directory names nobody, and the portal's supervisor stays."""
        wanted = row.get("supervisor")
        if wanted:
            chosen = person_key.get(wanted)
            if chosen is None:
                existing = self.by_directory.get(wanted)
                if existing is None or not self.state.people[existing]["is_active"]:
                    self.problem(
                        row, "supervisor", f"The supervisor {wanted} is neither in the file nor in the portal."
                    )
                    return None
                chosen = f"pk:{existing}"
                role = self.state.people[existing]["role"]
            else:
                role = roles_by_key[chosen]
            if role not in Role.supervising():
                self.problem(
                    row, "supervisor", f"{self.person_names.get(chosen, wanted)} is not a supervisor or principal."
                )
                return None
            return chosen if chosen != key else None
        leader = rules.default_supervisor(row["directory_id"], main, supervisors)
        return person_key.get(leader) if leader else None

    def new_person(self, row, key, role, main, school_keys, supervisor) -> dict:
        for name in ("first_name", "last_name"):
            if not row.get(name):
                self.problem(row, name, "A new person needs a name: it is missing.")
        return {
            "key": key,
            "directory_id": row["directory_id"],
            "username": row.get("username") or row.get("email") or row["directory_id"],
            "email": row.get("email") or "",
            "first_name": row.get("first_name") or "",
            "last_name": row.get("last_name") or "",
            "title": row.get("title") or "",
            "role": role,
            "school": main,
            "schools": sorted(school_keys),
            "supervisor": supervisor,
            "line": row.get("line", 0),
            "shown": {
                "name": display_name(row),
                "role": Role(role).label,
                "school": self.school_names.get(main or "", ""),
                "schools": [self.school_names.get(k, "") for k in school_keys],
                "supervisor": self.person_names.get(supervisor or "", ""),
            },
        }

    def leavers(self, matched: list[int | None]) -> list[dict]:
        people = self.state.people
        present = {row["directory_id"] for row in self.staff}
        gone = set(self.removed) - present
        kept = set(matched)
        leaving = [
            {"id": pk, "name": display_name(p), "email": p["email"], "directory_id": p["directory_id"]}
            for pk, p in people.items()
            if p["is_active"]
            and p["directory_id"]
            and (p["directory_id"] in gone or (self.full and p["directory_id"] not in present))
            and pk not in kept
        ]
        return sorted(leaving, key=lambda person: (person["name"].casefold(), person["id"]))

    def shown(self, name: str, value) -> str:
        if value is None:
            return ""
        if name == "school":
            return self.school_names.get(value, "")
        if name == "schools":
            return ", ".join(sorted(self.school_names.get(k, "") for k in value))
        if name == "supervisor":
            return self.person_names.get(value, "")
        if name == "role":
            return Role(value).label
        return str(value)


def compute(district: District, rows: dict, *, format: str, full: bool, state: State | None = None) -> dict:
    """The plan of applying `rows` (a StaffImport's) to `district` as it is now."""
    return _Planner(district, rows, format, full, state or State.read(district)).plan()
