"""Two people changing one site's records at the same moment: the summary counts both, and nobody deadlocks.
Each test holds the first change's transaction open until the second waits for its lock, then lets both run."""

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from sites import services
from sites.models import Finding, FindingStatus, Site, SiteReview
from sites.services import site as site_services
from tests import factories
from tests.factories import failing, version_of
from tests.sites.test_summary import summary

pytestmark = pytest.mark.django_db(transaction=True)


def truth(site) -> tuple:
    """The summary counted from the records themselves."""
    reviews = SiteReview.objects.filter(site=site, completed_at__isnull=False).order_by("-completed_at")
    checks = site.monitoring_checks.order_by("-checked_at")
    return (
        reviews.values_list("completed_at", flat=True).first(),
        Finding.objects.filter(site=site, status__in=FindingStatus.unresolved()).count(),
        checks.values_list("checked_at", flat=True).first(),
    )


def _until_a_session_waits_for_a_lock() -> None:
    deadline = time.monotonic() + 10
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.01)
    pytest.fail("the second change never waited for the first: the race was not staged")


def in_thread(work, errors: list, name: str | None = None) -> threading.Thread:
    def run():
        try:
            work()
        except Exception as error:  # surfaced by the test; a thread's exception is otherwise lost
            errors.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run, name=name)
    thread.start()
    return thread


def at_once(first, second) -> list[Exception]:
    """`first` in a transaction kept open until `second` (another thread) waits for a lock; the errors raised."""
    holding, release, errors = threading.Event(), threading.Event(), []

    def hold():
        with transaction.atomic():
            try:
                first()
            finally:
                holding.set()
            release.wait(10)

    holder = in_thread(hold, errors)
    holding.wait(10)
    follower = in_thread(second, errors)
    _until_a_session_waits_for_a_lock()
    release.set()
    holder.join()
    follower.join()
    return errors


def test_a_check_logged_while_the_first_review_completes_is_counted_with_it(postgres, site, supervisor, employee):
    Site.objects.filter(pk=site.pk).update(activated_at=timezone.now() - timedelta(days=3))
    review = services.review_start(site=site, by=supervisor)
    answers = failing(review, "WH-D4")
    errors = at_once(
        lambda: services.review_complete(review=review, by=supervisor, answers=answers),
        lambda: services.monitoring_log(
            site=site, by=employee, checked_at=timezone.now(), looked_at=["new_posts"], found=""
        ),
    )
    assert errors == []
    assert summary(site) == truth(site)
    assert summary(site)[1] == 1


def test_a_fix_verified_while_a_new_review_opens_findings_leaves_the_right_count(
    postgres, site, supervisor, employee, admin
):
    first = services.review_start(site=site, by=supervisor)
    services.review_complete(review=first, by=supervisor, answers=failing(first, "WH-D4"))
    fixed = Finding.objects.get()
    services.finding_report_fixed(
        finding=fixed, by=employee, note="Invitation only now.", expected_version=version_of(fixed)
    )
    second = services.review_start(site=site, by=supervisor)
    answers = failing(second, "WH-D9")
    errors = at_once(
        lambda: services.review_complete(review=second, by=supervisor, answers=answers),
        lambda: services.finding_verify(finding=fixed, by=admin, expected_version=version_of(fixed)),
    )
    assert errors == []
    assert summary(site) == truth(site)
    assert summary(site)[1] == 1


def test_verifying_a_fix_while_the_site_changes_hands_does_not_deadlock(
    postgres, site, supervisor, employee, admin, monkeypatch
):
    """The hand-over locks the site, then reassigns its findings; the verification must not hold the finding
    while it waits for the site."""
    review = services.review_start(site=site, by=supervisor)
    review = services.review_complete(review=review, by=supervisor, answers=failing(review, "WH-D4"))
    finding = Finding.objects.get()
    services.finding_report_fixed(
        finding=finding, by=employee, note="Invitation only now.", expected_version=version_of(finding)
    )
    colleague = factories.user(district=site.district, username="colleague", supervisor=supervisor)
    site.refresh_from_db()
    services.site_transfer_offer(site=site, by=employee, to=colleague, expected_version=site.version)
    site.refresh_from_db()
    paused, resume, errors = threading.Event(), threading.Event(), []
    save = site_services._save

    def save_then_pause(changed):
        save(changed)
        if threading.current_thread().name == "handing over":  # the site is locked, its findings not yet
            paused.set()
            resume.wait(10)

    monkeypatch.setattr(site_services, "_save", save_then_pause)
    accept = in_thread(
        lambda: services.site_transfer_accept(site=site, by=colleague, expected_version=site.version),
        errors,
        name="handing over",
    )
    paused.wait(10)
    verify = in_thread(
        lambda: services.finding_verify(finding=finding, by=admin, expected_version=version_of(finding)), errors
    )
    _until_a_session_waits_for_a_lock()
    resume.set()
    accept.join()
    verify.join()
    assert errors == []
    finding.refresh_from_db()
    assert (finding.status, finding.assignee) == (FindingStatus.CLOSED, colleague)
    assert summary(site) == truth(site) == (review.completed_at, 0, None)
