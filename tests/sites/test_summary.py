"""Each site's summary (last review, unresolved findings, last check) follows its records through the services,
and the registry, dashboard and reminders read it instead of aggregating every record of the district."""

import importlib
from datetime import timedelta

from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sites import services
from sites.models import Site
from sites.services import site as site_services
from sites.services.summary import site_lock, summary_refresh
from tests.factories import failed_review, version_of
from tests.sites.test_reviews import compliance


def summary(site) -> tuple:
    site.refresh_from_db()
    return site.last_reviewed_at, site.unresolved_findings, site.last_checked_at


def test_a_new_site_is_never_reviewed_and_never_checked(site):
    assert summary(site) == (None, 0, None)
    assert compliance(site) == "never_reviewed"


def test_a_completed_review_and_its_findings_are_summarised(site, supervisor):
    first, _ = failed_review(site, supervisor, "WH-D4", "WH-D9")
    assert summary(site)[:2] == (first.review.completed_at, 2)
    assert compliance(site) == "findings_open"


def test_findings_count_until_their_fix_is_verified_and_again_when_reopened(site, supervisor, employee, admin):
    first, second = failed_review(site, supervisor, "WH-D4", "WH-D9")
    services.finding_report_fixed(
        finding=first, by=employee, note="Invitation only now.", expected_version=version_of(first)
    )
    assert summary(site)[1] == 2, "a reported fix is not a verified one"
    services.finding_verify(finding=first, by=admin, expected_version=version_of(first))
    assert summary(site)[1] == 1
    services.finding_report_fixed(
        finding=second, by=employee, note="Link removed.", expected_version=version_of(second)
    )
    services.finding_verify(finding=second, by=supervisor, expected_version=version_of(second))
    assert summary(site)[1] == 0
    assert compliance(site) == "compliant"


def test_the_last_check_is_the_latest_one_even_when_an_earlier_one_is_logged_later(site, employee):
    now = timezone.now()
    Site.objects.filter(pk=site.pk).update(activated_at=now - timedelta(hours=2))
    site.refresh_from_db()
    services.monitoring_log(site=site, by=employee, checked_at=now, looked_at=["new_posts"], found="")
    services.monitoring_log(
        site=site, by=employee, checked_at=now - timedelta(minutes=30), looked_at=["comments"], found="Back-filled."
    )
    assert summary(site)[2] == now


def test_a_refresh_rebuilds_a_summary_that_was_lost(site, supervisor, employee):
    """What the migration does for sites that existed before the summary did, and the benchmark after its load."""
    failed_review(site, supervisor, "WH-D4")
    services.monitoring_log(site=site, by=employee, checked_at=timezone.now(), looked_at=["members"], found="")
    kept = summary(site)
    Site.objects.update(last_reviewed_at=None, unresolved_findings=0, last_checked_at=None)
    assert summary_refresh(Site.objects.all()) == Site.objects.count()
    assert summary(site) == kept


def test_the_migration_summarises_the_sites_that_already_exist(site, supervisor, employee):
    failed_review(site, supervisor, "WH-D9")
    services.monitoring_log(site=site, by=employee, checked_at=timezone.now(), looked_at=["members"], found="")
    kept = summary(site)
    Site.objects.update(last_reviewed_at=None, unresolved_findings=0, last_checked_at=None)
    migration = importlib.import_module("sites.migrations.0004_site_summary")
    historical = MigrationLoader(connection).project_state(("groupsites", "0004_site_summary")).apps
    migration.summarise_existing_sites(historical, schema_editor=None)
    assert summary(site) == kept


def test_saving_what_people_change_never_writes_a_stale_summary(site, supervisor):
    stale = Site.objects.get(pk=site.pk)
    failed_review(site, supervisor, "WH-D4")
    stale.name = "Renamed"
    site_services._save(stale)
    assert summary(site)[1] == 1
    assert site.name == "Renamed"


def test_locking_a_site_locks_the_site_and_not_its_district(postgres, site):
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        site_lock(site.pk)
    (locking,) = [q["sql"] for q in queries if "FOR UPDATE" in q["sql"]]
    assert locking.endswith('FOR UPDATE OF "groupsites_site"')
