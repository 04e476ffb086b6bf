"""Demo requests in every state, made through the services like real ones (steps of `seed_demo`).

Each request is submitted, and decided, a number of days ago, so that some have waited past the district's
decision deadline on a fresh demo.
"""

import uuid

from policyportal.demo import register_history
from policyportal.demo_clock import Step
from policyportal.models import AppliesTo, User
from policyportal.selectors import current_items
from requests import services
from requests.models import Audience, SocialMediaRequest, Status
from sites.platforms import Platform

_DESCRIPTION = (
    "{purpose} Posts go up about twice a week during the season, written by me and checked before posting. "
    "Members can read and react but cannot post; questions come to me by school email."
)

# (requester, site name, platform, serves, serves name, purpose, where it ends, reason, submitted, decided
#  (days ago))
DEMO_REQUESTS = [
    (
        "wh.coach",
        "Hall Varsity Soccer",
        Platform.FACEBOOK_GROUP,
        "team",
        "Varsity soccer",
        "Game schedules, bus times and field changes for players and parents.",
        Status.APPROVED,
        "",
        38,
        37,
    ),
    (
        "wh.teacher",
        "Hall Robotics Club",
        Platform.FACEBOOK_GROUP,
        "club",
        "Robotics",
        "Meeting reminders and competition results for club members and their families.",
        Status.PENDING,
        "",
        8,
        0,
    ),
    (
        "wh.band",
        "King Philip Band Families",
        Platform.FACEBOOK_GROUP,
        "activity",
        "Band",
        "Concert dates, uniform pick-up and trip forms for band students and parents.",
        "step_2",
        "",
        9,
        6,
    ),
    (
        "wh.teacher",
        "Robotics Build Season",
        Platform.INSTAGRAM,
        "club",
        "Robotics",
        "Photos of the build season.",
        Status.DRAFT,
        "",
        3,
        0,
    ),
    (
        "wh.coach",
        "Soccer Boosters Store",
        Platform.FACEBOOK_GROUP,
        "team",
        "Varsity soccer",
        "Selling team apparel and taking orders from families and the community.",
        Status.DENIED,
        "Selling merchandise is commercial use, which the regulation forbids on district-sponsored sites (WH-D10).",
        20,
        18,
    ),
    (
        "wh.band",
        "Band Trip to Boston",
        Platform.FACEBOOK_GROUP,
        "activity",
        "Band",
        "Itinerary and chaperone updates for the spring trip.",
        Status.RETURNED,
        "Say how parents of invited students will be let in (WH-D5), and who from the office gets access.",
        12,
        10,
    ),
    (
        "r14.teacher",
        "Nonnewaug FFA Chapter",
        Platform.FACEBOOK_GROUP,
        "organization",
        "FFA",
        "Chapter meetings, fair results and volunteer sign-ups for members and parents.",
        Status.APPROVED,
        "",
        38,
        37,
    ),
    (
        "r14.coach",
        "Nonnewaug Cross Country",
        Platform.FACEBOOK_GROUP,
        "team",
        "Cross country",
        "Meet schedules and results for runners and their parents.",
        Status.PENDING,
        "",
        2,
        0,
    ),
    (
        "r14.art",
        "Woodbury Middle Art Club",
        Platform.INSTAGRAM,
        "club",
        "Art club",
        "A gallery of finished student work for families.",
        Status.RETURNED,
        "Student work with names is directory information: check the objection list first (R14-D7).",
        15,
        14,
    ),
    (
        "r14.teacher",
        "FFA Alumni Network",
        Platform.OTHER,
        "organization",
        "FFA",
        "Keeping in touch with former members.",
        Status.WITHDRAWN,
        "",
        25,
        24,
    ),
]


def _decide(request: SocialMediaRequest, outcome: str, reason: str) -> None:
    request.refresh_from_db()
    services.request_decide(
        request=request,
        by=request.current_decider,
        outcome=outcome,
        reason=reason,
        expected_version=request.version,
        snapshot_hash=request.snapshot_hash,
    )
    request.refresh_from_db()


def _fields(requester: User, name: str, platform: str, serves: str, serves_name: str, purpose: str) -> dict:
    return {
        "form_token": uuid.uuid4(),
        "site_name": name,
        "site_url": "",
        "platform": platform,
        "platform_other": "Google Sites" if platform == Platform.OTHER else "",
        "serves": serves,
        "serves_name": serves_name,
        "school": requester.school,
        "audience": [Audience.STUDENTS, Audience.PARENTS],
        "description": _DESCRIPTION.format(purpose=purpose),
        "admission": "Students on the roster and their parents, only by my invitation.",
    }


@register_history
def request_steps() -> list[Step]:
    """The history of every demo request not seeded yet: its submission, then its decisions."""
    steps: list[Step] = []
    for username, name, platform, serves, serves_name, purpose, ends, reason, submitted, decided in DEMO_REQUESTS:
        requester = User.objects.select_related("district", "school").get(username=username)
        if SocialMediaRequest.objects.filter(requester=requester, site_name=name).exists():
            continue
        fields = _fields(requester, name, platform, serves, serves_name, purpose)
        promises = current_items(requester.district_id, AppliesTo.REQUEST_ATTESTATION)

        def submit(requester=requester, fields=fields, promises=promises, ends=ends) -> int:
            if ends == Status.DRAFT:
                services.request_save_draft(by=requester, fields=fields, attested=promises[:3])
            else:
                services.request_submit(by=requester, fields=fields, attested=promises)
            return 1

        def finish(requester=requester, name=name, ends=ends, reason=reason) -> int:
            request = SocialMediaRequest.objects.get(requester=requester, site_name=name)
            if ends == Status.APPROVED:
                while request.status == Status.PENDING:
                    _decide(request, "approved", "")
            elif ends == "step_2":
                _decide(request, "approved", "")
            elif ends in (Status.DENIED, Status.RETURNED):
                _decide(request, ends, reason)
            elif ends == Status.WITHDRAWN:
                services.request_withdraw(request=request, by=requester, expected_version=request.version)
            return 0

        steps.append((submitted, submit))
        if ends not in (Status.DRAFT, Status.PENDING):
            steps.append((decided, finish))
    return steps
