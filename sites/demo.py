"""Demo sites with a living history (steps of `seed_demo`): both approved sites go live and are reviewed;
Hall Varsity Soccer fails WH-D9 and its owner stops logging checks, so on a fresh demo its monitoring and
its finding are overdue; the Nonnewaug FFA chapter is checked every week and is compliant. A profane comment on
the soccer group waits for its handler (WH-P4); a harassing post on the FFA group (R14-D4) was referred for
discipline (R14-X1)."""

from django.utils import timezone

from policyportal.demo import register_history
from policyportal.demo_clock import Step
from policyportal.models import User
from sites import services
from sites.models import Answer, DirectoryObjection, Site, SiteStatus, ViolationReport
from sites.personal.services import roster

# site name -> (its address, the clause its review fails or None, the failure note, monitoring checks (days ago))
DEMO_SITES = {
    "Hall Varsity Soccer": (
        "https://www.facebook.com/groups/hallvarsitysoccer",
        "WH-D9",
        "The group's About section links to the coach's personal training business.",
        [29, 22, 15],
    ),
    "Nonnewaug FFA Chapter": ("https://www.facebook.com/groups/nonnewaugffa", None, "", [29, 22, 15, 8, 3]),
}


def _site(name: str) -> Site | None:
    return Site.objects.select_related("owner", "supervisor", "district").filter(name=name).first()


@register_history
def site_steps() -> list[Step]:
    steps: list[Step] = []
    for name, (url, failing, note, checks) in DEMO_SITES.items():
        site = _site(name)
        if site is not None and site.status != SiteStatus.SETTING_UP:
            continue  # seeded already

        def activate(name=name, url=url) -> int:
            site = _site(name)
            services.site_activate(
                site=site, by=site.owner, url=url, setup_confirmed=True, expected_version=site.version
            )
            return 1

        def review(name=name, failing=failing, note=note) -> int:
            site = _site(name)
            started = services.review_start(site=site, by=site.supervisor)
            answers = {
                row.pk: {"answer": Answer.FAIL, "note": note} if row.clause_id == failing else {"answer": Answer.PASS}
                for row in started.answers.all()
            }
            services.review_complete(review=started, by=site.supervisor, answers=answers)
            return 1

        def check(name=name) -> int:
            site = _site(name)
            services.monitoring_log(
                site=site, by=site.owner, checked_at=timezone.now(), looked_at=["new_posts", "comments"], found=""
            )
            return 1

        steps += [(36, activate), (30, review)] + [(days, check) for days in checks]
    if not ViolationReport.objects.filter(site__name="Hall Varsity Soccer").exists():
        steps.append((1, _report_profanity))
    if not ViolationReport.objects.filter(site__name="Nonnewaug FFA Chapter").exists():
        steps.append((6, _report_and_refer_harassment))
    if not DirectoryObjection.objects.exists():
        steps.append((20, _import_objections))
    return steps


OBJECTIONS = {
    "wh.admin": "student_id,first_name,last_name,preferred_name,school,grade\n"
    "WH1001,Marisol,Núñez,,Hall High School,11\nWH1002,Benjamin,Okoro,Ben,Hall High School,10\n"
    "WH1003,Chloé,Martin,,King Philip Middle School,7\n",
    "r14.admin": "student_id,first_name,last_name,preferred_name,school,grade\n"
    "R14001,Zoë,O'Brien,Zee,Nonnewaug High School,10\nR14002,Ann,Lee,,Nonnewaug High School,11\n",
}


def _import_objections() -> int:
    """The rosters behind the pre-check, imported as the student system would export them."""
    for username, content in OBJECTIONS.items():
        admin = User.objects.get(username=username)
        roster.roster_import(district=admin.district, by=admin, content=content.encode(), replace=True)
    return len(OBJECTIONS)


def _report_profanity() -> int:
    services.violation_report(
        by=User.objects.get(username="wh.teacher"),
        site=_site("Hall Varsity Soccer"),
        category="profanity",
        what_happened="A parent's comment under the game recap used obscene language; it is still up.",
        occurred_on=timezone.localdate(),
    )
    return 1


def _report_and_refer_harassment() -> int:
    report = services.violation_report(
        by=User.objects.get(username="r14.coach"),
        site=_site("Nonnewaug FFA Chapter"),
        category="harassment_on_district_site",
        what_happened="A volunteer's post in the group called a student's family names; screenshots kept.",
        occurred_on=timezone.localdate(),
    )
    services.violation_resolve(
        report=report,
        by=User.objects.get(username="r14.admin"),
        outcome="referred_for_discipline",
        note="Post removed; referred to human resources with the screenshots.",
    )
    return 1
