"""Existing violation reports keep their meaning as their fixed codes become items of their district's policy
(issue 17), and going back gives them their codes again."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests import factories

BEFORE = ("policyportal", "0018_precheck_rules")
AFTER = ("groupsites", "0012_violation_codes_removed")
# slug, on a district site?, old category, old action -> the clause of the category and of the outcome
CASES = [
    ("region-14", True, "harassment", "", "R14-D4", None),
    ("region-14", False, "harassment", "referred_hr", "R14-S2", "R14-X1"),
    ("region-14", False, "other", "no_violation", "R14-S5", "R14-D3f"),
    ("region-14", False, "parent_denied", "", "R14-D3e", None),
    ("west-hartford", False, "harassment", "", "WH-P4", None),
    ("west-hartford", True, "profanity", "referred_hr", "WH-P4", "WH-X1"),
    ("west-hartford", False, "directory_objection", "content_removed", "WH-P5", "WH-D7"),
]


def test_each_report_gets_the_item_of_its_districts_policy_that_means_what_its_code_did(
    postgres, employee, supervisor, r14_employee, r14_supervisor
):
    """On PostgreSQL the schema changes roll back with the test's transaction."""
    people = {"west-hartford": (employee, supervisor), "region-14": (r14_employee, r14_supervisor)}
    sites = {slug: factories.active_site(requester=person) for slug, (person, _) in people.items()}
    with connection.cursor() as cursor:  # the rows' deferred checks, before going back alters their tables
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    MigrationExecutor(connection).migrate([BEFORE])
    state = MigrationExecutor(connection).loader.project_state(
        [BEFORE, ("groupsites", "0009_acknowledgment_from_policyportal")]
    )
    old = state.apps.get_model("groupsites", "ViolationReport")
    filed = []
    for slug, on_site, category, action, _, _ in CASES:
        reporter, handler = people[slug]
        filed.append(
            old.objects.create(
                district_id=reporter.district_id,
                site_id=sites[slug].pk if on_site else None,
                account_name="" if on_site else "Fan page",
                reporter_id=reporter.pk,
                handler_id=handler.pk,
                category=category,
                what_happened="x",
                occurred_on=timezone.localdate(),
                reported_at=timezone.now(),
                action=action,
                action_note="Done." if action else "",
                resolved_by_id=handler.pk if action else None,
                resolved_at=timezone.now() if action else None,
            ).pk
        )
    with connection.cursor() as cursor:  # the rows' deferred checks, before the migrations alter their table
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    executor = MigrationExecutor(connection)
    executor.migrate([AFTER])
    migrated = executor.loader.project_state([AFTER]).apps.get_model("groupsites", "ViolationReport")
    for pk, (slug, _, _, _, category_clause, outcome_clause) in zip(filed, CASES, strict=True):
        report = migrated.objects.select_related("category__policy_version__district", "outcome").get(pk=pk)
        assert report.category.policy_version.district.slug == slug
        assert report.category.clause_id == category_clause
        assert (report.outcome.clause_id if report.outcome else None) == outcome_clause

    MigrationExecutor(connection).migrate([BEFORE])
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, category, action FROM groupsites_violationreport WHERE id = ANY(%s)", [filed])
        codes = {pk: (category, action) for pk, category, action in cursor.fetchall()}
    assert [codes[pk] for pk in filed] == [(category, action) for _, _, category, action, _, _ in CASES]
