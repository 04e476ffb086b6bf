"""What a closed account may still be waiting for: the tests of each kind of hand-over assert it is nothing."""

from policyportal.models import User
from requests.models import WITHDRAWABLE, SocialMediaRequest, Status
from sites.models import Finding, FindingStatus, Site, SiteStatus, ViolationReport
from sites.personal.models import Consultation
from sites.rules import SUSPENDABLE


def open_work_of(person: User) -> list[str]:
    """Every piece of open work that still waits for `person`. A site they own counts unless it is suspended
    or offered to someone (it is theirs until the colleague accepts: the reminders then go to the site's
    supervisor and the administrators)."""
    waiting = {
        "sites owned, neither offered nor suspended": Site.objects.filter(
            owner=person, status__in=SUSPENDABLE, transfer_to__isnull=True
        ),
        "sites offered to them": Site.objects.filter(transfer_to=person),
        "sites they supervise": Site.objects.filter(supervisor=person).exclude(status=SiteStatus.RETIRED),
        "findings they review": Finding.objects.filter(reviewer=person, status__in=FindingStatus.unresolved()).exclude(
            site__status=SiteStatus.RETIRED
        ),
        "violation reports they handle": ViolationReport.objects.filter(handler=person, resolved_at__isnull=True),
        "questions they answer": Consultation.objects.filter(supervisor=person, answered_at__isnull=True),
        "requests they decide": SocialMediaRequest.objects.filter(current_decider=person, status=Status.PENDING),
        "their own open requests": SocialMediaRequest.objects.filter(requester=person, status__in=WITHDRAWABLE),
        "people who report to them": User.objects.filter(supervisor=person, is_active=True),
    }
    return [f"{what}: {list(found)}" for what, found in waiting.items() if found.exists()]
