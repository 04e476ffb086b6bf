"""Demo sites with a living history, made through the services (used by `seed_demo`): an active site with
an open finding, a compliant one, one waiting to go live, and a violation report waiting for its supervisor."""

from datetime import timedelta

from django.utils import timezone

from policyportal.models import User
from sites import services
from sites.models import Answer, Site, SiteStatus, ViolationCategory, ViolationReport

# site name -> (its address, the clause its review fails or None, the failure note)
DEMO_SITES = {
    "Hall Varsity Soccer": (
        "https://www.facebook.com/groups/hallvarsitysoccer",
        "WH-D9",
        "The group's About section links to the coach's personal training business.",
    ),
    "Nonnewaug FFA Chapter": ("https://www.facebook.com/groups/nonnewaugffa", None, ""),
}


def _review(site: Site, failing: str | None, note: str) -> None:
    review = services.review_start(site=site, by=site.supervisor)
    answers = {}
    for row in review.answers.all():
        if row.clause_id == failing:
            answers[row.pk] = {"answer": Answer.FAIL, "note": note}
        else:
            answers[row.pk] = {"answer": Answer.PASS}
    services.review_complete(review=review, by=site.supervisor, answers=answers)


def seed_sites() -> int:
    created = 0
    for name, (url, failing, note) in DEMO_SITES.items():
        site = Site.objects.select_related("owner", "supervisor", "district").filter(name=name).first()
        if site is None or site.status != SiteStatus.SETTING_UP:
            continue
        site = services.site_activate(
            site=site, by=site.owner, url=url, setup_confirmed=True, expected_version=site.version
        )
        _review(site, failing, note)
        created += 1
    coach_site = Site.objects.filter(name="Hall Varsity Soccer", status=SiteStatus.ACTIVE).first()
    if coach_site and not ViolationReport.objects.filter(site=coach_site).exists():
        services.violation_report(
            by=User.objects.get(username="wh.teacher"),
            site=coach_site,
            category=ViolationCategory.PROFANITY,
            what_happened="A parent's comment under the game recap used obscene language; it is still up.",
            occurred_on=timezone.localdate() - timedelta(days=1),
        )
        created += 1
    return created
