"""A synthetic installation at district scale, loaded with COPY (import `benchdb` first).

10 districts; 38,000 people, each with their schools: 2,000 in each district, and 18,000 more staff in the first
so that its people page lists 20,000 (issue 14); 50,000 requests (40% approved, 20% waiting), filed by the
same 1,900 employees in every district; 20,000 sites; 60,000 completed reviews with their answers; 200,000
monitoring checks; 2,000,000 audit events in valid hash chains, half of them in the first district so that one
export covers 1,000,000 events.
"""

import csv
import io
import json
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.db import connection
from django.utils import timezone

from audits import chain
from policyportal.models import AppliesTo, ChecklistItem, District, PolicyVersion, School
from sites.models import Site
from sites.services.summary import summary_refresh

DISTRICTS, PEOPLE, REQUESTS, REVIEWS_PER_SITE, CHECKS_PER_SITE = 10, 20_000, 50_000, 3, 10
FIRST_DISTRICT_PEOPLE = 20_000  # the people page at 20,000 people; the others keep PEOPLE // DISTRICTS
EVENTS, FIRST_DISTRICT_EVENTS = 2_000_000, 1_000_000
SUPERVISORS_PER_DISTRICT = 99
HASH = "f" * 64
NULL = "\\N"  # COPY's marker for NULL, so that an empty string stays an empty string
NOW = timezone.now()


def copy(table: str, columns: list[str], rows) -> int:
    """Stream `rows` into `table` with COPY, 50,000 at a time."""
    count, buffer = 0, io.StringIO()
    writer = csv.writer(buffer)
    with connection.cursor() as cursor:
        for row in rows:
            writer.writerow([NULL if value is None else value for value in row])
            count += 1
            if count % 50_000 == 0:
                _flush(cursor, table, columns, buffer)
                buffer.seek(0)
                buffer.truncate()
        _flush(cursor, table, columns, buffer)
        cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
    return count


def _flush(cursor, table: str, columns: list[str], buffer: io.StringIO) -> None:
    buffer.seek(0)
    sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv, NULL '{NULL}')"
    cursor.cursor.copy_expert(sql, buffer)


def _base(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT coalesce(max(id), 0) FROM {table}")
        return cursor.fetchone()[0]


def districts() -> list[dict]:
    """The districts, their schools and first policy version, through the ORM (a few hundred rows)."""
    template = PolicyVersion.objects.get(district__slug="west-hartford", number=1)
    built = []
    for number in range(DISTRICTS):
        district = District.objects.create(name=f"Bench District {number:02}", slug=f"bench-{number:02}")
        schools = [School.objects.create(district=district, name=f"School {s}") for s in range(5)]
        version = PolicyVersion.objects.create(district=district, number=1, title=template.title, source="bench")
        ChecklistItem.objects.bulk_create(
            [
                ChecklistItem(
                    policy_version=version,
                    applies_to=i.applies_to,
                    clause_id=i.clause_id,
                    text=i.text,
                    guidance=i.guidance,
                    position=i.position,
                )
                for i in template.items.all()
            ]
        )
        items = list(version.items.filter(applies_to=AppliesTo.SITE_REVIEW).values_list("pk", "clause_id", "text"))
        built.append({"district": district, "schools": [s.pk for s in schools], "items": items})
    return built


def people(built: list[dict]) -> None:
    """Every district's administrator, 99 supervisors and 1,900 employees (who file the requests); the first
    district also has 18,000 more staff, as a directory import would bring them: employees of its schools, one in
    twenty at two, one in fifty deactivated, one in a thousand without a supervisor (a problem to fix). Each
    person works at their main school (the many-to-many the people page lists), and one in twenty at the next."""
    per_district, password, base = PEOPLE // DISTRICTS, make_password(None), _base("policyportal_user")
    rows, memberships, next_id = [], [], base
    for index, entry in enumerate(built):
        first = next_id + 1
        count = FIRST_DISTRICT_PEOPLE if index == 0 else per_district
        entry["admin"] = first
        entry["supervisors"] = list(range(first + 1, first + 1 + SUPERVISORS_PER_DISTRICT))
        entry["employees"] = list(range(first + 1 + SUPERVISORS_PER_DISTRICT, first + per_district))
        schools = entry["schools"]
        for n in range(count):
            pk = first + n
            role = "district_admin" if n == 0 else "supervisor" if pk in entry["supervisors"] else "employee"
            supervisor = None if n == 0 else entry["admin"] if role == "supervisor" else entry["supervisors"][n % 99]
            staff = n >= per_district  # the first district's added staff
            if staff and n % 1000 == 999:
                supervisor = None
            rows.append(
                [
                    pk,
                    password,
                    "f",
                    f"bench{index}-{n}",
                    f"First{n}",
                    f"Last{n}",
                    f"b{index}-{n}@example.org",
                    "f",
                    "f" if staff and n % 50 == 25 else "t",
                    NOW.isoformat(),
                    entry["district"].pk,
                    schools[n % 5],
                    "Teacher" if staff else "",
                    role,
                    supervisor,
                    f"staff-{n}" if staff else "",
                ]
            )
            memberships.append([pk, schools[n % 5]])
            if n % 20 == 7:
                memberships.append([pk, schools[(n + 1) % 5]])
        next_id = first + count - 1
    copy(
        "policyportal_user",
        [
            "id",
            "password",
            "is_superuser",
            "username",
            "first_name",
            "last_name",
            "email",
            "is_staff",
            "is_active",
            "date_joined",
            "district_id",
            "school_id",
            "title",
            "role",
            "supervisor_id",
            "directory_id",
        ],
        rows,
    )
    copy("policyportal_user_schools", ["user_id", "school_id"], memberships)


def requests_and_sites(built: list[dict]) -> None:
    per_district = REQUESTS // DISTRICTS
    request_id, site_id, decision_id = _base("requests_socialmediarequest"), _base("groupsites_site"), 0
    requests, decisions, sites = [], [], []
    statuses = ["approved"] * 4 + ["pending"] * 2 + ["denied", "returned", "withdrawn", "draft"]
    for entry in built:
        employees = entry["employees"]
        for n in range(per_district):
            request_id += 1
            requester = employees[n % len(employees)]
            supervisor = entry["supervisors"][(requester - entry["admin"]) % 99]
            status = statuses[n % 10]
            submitted = NOW - timedelta(days=700 * (per_district - n) / per_district, hours=n % 24)
            decided = submitted + timedelta(days=2) if status in ("approved", "denied") else None
            requests.append(
                [
                    request_id,
                    entry["district"].pk,
                    requester,
                    entry["schools"][n % 5],
                    f"Site {request_id}",
                    "",
                    "facebook_group",
                    "",
                    "club",
                    "Club",
                    '["students", "parents"]',
                    "A bench request " * 8,
                    "By invitation",
                    status,
                    1,
                    1 if status == "pending" else 0,
                    supervisor if status == "pending" else None,
                    1,
                    None,
                    "{}",
                    HASH,
                    submitted.isoformat(),
                    submitted.isoformat(),
                    None if status == "draft" else submitted.isoformat(),
                    submitted.isoformat() if status == "pending" else None,
                    decided.isoformat() if decided else None,
                ]
            )
            if status in ("approved", "denied", "returned"):
                decision_id += 1
                outcome = {"approved": "approved", "denied": "denied", "returned": "returned"}[status]
                decisions.append(
                    [
                        request_id,
                        requester,
                        1,
                        supervisor,
                        outcome,
                        "" if outcome == "approved" else "Not this time",
                        HASH,
                        (decided or submitted + timedelta(days=1)).isoformat(),
                    ]
                )
            if status == "approved":
                site_id += 1
                site_status = "active" if n % 20 not in (1, 2) else ("suspended" if n % 20 == 1 else "retired")
                sites.append(
                    [
                        site_id,
                        entry["district"].pk,
                        entry["schools"][n % 5],
                        requester,
                        supervisor,
                        request_id,
                        "facebook_group",
                        "",
                        f"Site {request_id}",
                        f"https://www.facebook.com/groups/s{site_id}",
                        site_status,
                        "",
                        None,
                        decided.isoformat(),
                        (NOW.date() + timedelta(days=(n % 120) - 30)).isoformat(),
                        1,
                        decided.isoformat(),
                        0,
                    ]
                )
                entry.setdefault("sites", []).append((site_id, supervisor, requester, decided))
    copy(
        "requests_socialmediarequest",
        [
            "id",
            "district_id",
            "requester_id",
            "school_id",
            "site_name",
            "site_url",
            "platform",
            "platform_other",
            "serves",
            "serves_name",
            "audience",
            "description",
            "admission",
            "status",
            "steps_total",
            "current_step",
            "current_decider_id",
            "version",
            "form_token",
            "snapshot",
            "snapshot_hash",
            "created_at",
            "updated_at",
            "submitted_at",
            "step_started_at",
            "decided_at",
        ],
        requests,
    )
    copy(
        "requests_decision",
        ["request_id", "requester_id", "step", "decider_id", "outcome", "reason", "snapshot_hash", "decided_at"],
        decisions,
    )
    copy(
        "groupsites_site",
        [
            "id",
            "district_id",
            "school_id",
            "owner_id",
            "supervisor_id",
            "request_id",
            "platform",
            "platform_other",
            "name",
            "url",
            "status",
            "status_reason",
            "transfer_to_id",
            "activated_at",
            "next_review_due",
            "version",
            "created_at",
            "unresolved_findings",  # the rest of the summary is filled by summary_refresh once reviews exist
        ],
        sites,
    )


def reviews_and_checks(built: list[dict]) -> None:
    review_id, reviews, answers, checks = _base("groupsites_sitereview"), [], [], []
    for entry in built:
        version = PolicyVersion.objects.get(district=entry["district"]).pk
        for site_id, supervisor, owner, activated in entry.get("sites", []):
            for r in range(REVIEWS_PER_SITE):
                review_id += 1
                done = activated + timedelta(days=30 * (r + 1))
                reviews.append(
                    [
                        review_id,
                        site_id,
                        entry["district"].pk,
                        supervisor,
                        version,
                        done.isoformat(),
                        done.isoformat(),
                        "passed",
                    ]
                )
                answers += [
                    [review_id, item, position, clause, text, "pass", "", "", ""]
                    for position, (item, clause, text) in enumerate(entry["items"], start=1)
                ]
            checks += [
                [
                    site_id,
                    owner,
                    (activated + timedelta(days=7 * (c + 1))).isoformat(),
                    '["new_posts", "comments"]',
                    "",
                    NOW.isoformat(),
                ]
                for c in range(CHECKS_PER_SITE)
            ]
    copy(
        "groupsites_sitereview",
        ["id", "site_id", "district_id", "reviewer_id", "policy_version_id", "started_at", "completed_at", "outcome"],
        reviews,
    )
    copy(
        "groupsites_reviewanswer",
        ["review_id", "item_id", "position", "clause_id", "text", "answer", "note", "reason", "evidence_link"],
        answers,
    )
    copy(
        "groupsites_monitoringcheck",
        ["site_id", "checked_by_id", "checked_at", "looked_at", "found", "recorded_at"],
        checks,
    )


ACTIONS = [
    "request.submitted",
    "request.approved",
    "site.activated",
    "monitoring.logged",
    "review.completed",
    "auth.login",
    "notification.read",
    "finding.opened",
]


def audit_events(built: list[dict]) -> None:
    """Genuine chains: every event's hash seals the one before it, as the recorder would have written them."""
    rest = (EVENTS - FIRST_DISTRICT_EVENTS) // (DISTRICTS - 1)

    def rows():
        for index, entry in enumerate(built):
            count = FIRST_DISTRICT_EVENTS if index == 0 else rest
            district_id, actor, prev = entry["district"].pk, entry["admin"], chain.GENESIS_HASH
            start = NOW - timedelta(days=700)
            for sequence in range(1, count + 1):
                occurred = start + timedelta(seconds=sequence * 30)
                action = ACTIONS[sequence % len(ACTIONS)]
                fields = {
                    "actor_id": actor,
                    "actor_name": "Bench Admin",
                    "action": action,
                    "target_type": "site",
                    "target_id": str(sequence % 2000),
                    "target_label": f"Site {sequence % 2000}",
                    "payload": {"n": sequence},
                    "client_ip": "192.0.2.1",
                }
                digest = chain.compute_hash(
                    prev,
                    chain.canonical_fields(district_id=district_id, sequence=sequence, occurred_at=occurred, **fields),
                )
                yield [
                    district_id,
                    sequence,
                    occurred.isoformat(),
                    actor,
                    "Bench Admin",
                    action,
                    "site",
                    fields["target_id"],
                    fields["target_label"],
                    json.dumps(fields["payload"]),
                    "192.0.2.1",
                    prev,
                    digest,
                ]
                prev = digest

    copy(
        "audits_auditevent",
        [
            "district_id",
            "sequence",
            "occurred_at",
            "actor_id",
            "actor_name",
            "action",
            "target_type",
            "target_id",
            "target_label",
            "payload",
            "client_ip",
            "prev_hash",
            "hash",
        ],
        rows(),
    )


def build() -> list[dict]:
    built = districts()
    people(built)
    requests_and_sites(built)
    reviews_and_checks(built)
    summary_refresh(Site.objects.all())
    audit_events(built)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # what autovacuum does on a live installation after a load
    return built
