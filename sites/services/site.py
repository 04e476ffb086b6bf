"""A site's life: opened by an approved request, activated by its owner, handed on, suspended, retired."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from audits.recorder import record, text_digest
from policyportal.models import User
from policyportal.notifications import notify
from policyportal.services.submissions import Stale
from sites import rules
from sites.models import Finding, FindingStatus, Site, SiteStatus
from sites.platforms import address_problem
from sites.services.summary import site_lock

STALE = "This site changed since you opened it. Nothing was saved: reload the page to see it as it is now."


def lock(site: Site, expected_version: int) -> Site:
    locked = site_lock(site.pk)
    if locked.version != expected_version:
        raise Stale(STALE)
    return locked


# What people change; the summary (not editable) is only ever written by `summary_refresh`.
_EDITABLE = [field.name for field in Site._meta.concrete_fields if field.editable and not field.primary_key]


def _save(site: Site) -> None:
    site.version += 1
    site.save(update_fields=_EDITABLE)


@transaction.atomic
def site_create_for_request(*, request, by) -> Site:
    """Open the site record of an approved request, owned by its requester and in the registry as being set up."""
    site = Site.objects.create(
        district_id=request.district_id,
        school_id=request.school_id,
        owner_id=request.requester_id,
        supervisor_id=request.requester.supervisor_id,
        request=request,
        platform=request.platform,
        platform_other=request.platform_other,
        name=request.site_name,
        url=request.site_url,
    )
    record(action="site.created", actor=by, district=request.district, target=site, payload={"request": request.pk})
    return site


@transaction.atomic
def site_activate(*, site: Site, by: User, url: str, setup_confirmed: bool, expected_version: int) -> Site:
    """The owner records the real address and confirms the setup the request promised; the site goes live."""
    site = lock(site, expected_version)
    if not rules.may_activate(site, by):
        if site.owner_id != by.pk:
            raise PermissionDenied("Only the site's owner can take it live.")
        raise ValidationError(f"The site is {site.get_status_display().lower()}: it cannot be activated again.")
    problem = address_problem(url.strip(), site.platform)
    if problem:
        raise ValidationError({"url": problem})
    if not setup_confirmed:
        raise ValidationError({"setup_confirmed": "Confirm that the site is set up as your request promised."})
    site.url, site.status, site.activated_at = url.strip(), SiteStatus.ACTIVE, timezone.now()
    site.next_review_due = rules.review_due_after(site.district, site.district.today())
    _save(site)
    record(action="site.activated", actor=by, target=site, payload={"url_sha256": text_digest(site.url)})
    return site


@transaction.atomic
def site_transfer_offer(*, site: Site, by: User | None, to: User, expected_version: int) -> Site:
    """The owner offers the site to a colleague (for example when leaving); nothing changes until they accept.
    Once the owner's account is closed, an administrator offers it (`by=None`: the portal, closing it)."""
    site = lock(site, expected_version)
    if not rules.may_offer(site, by):
        if site.status == SiteStatus.RETIRED:
            raise ValidationError("A retired site cannot be handed on.")
        raise PermissionDenied("Only the site's owner can hand it on (an administrator, once they have left).")
    if not rules.may_receive(site, to):
        raise ValidationError({"to": "Choose another employee of your district."})
    site.transfer_to = to
    _save(site)
    record(action="site.transfer_offered", actor=by, district=site.district, target=site, payload={"to": to.pk})
    if rules.owner_left(site):
        title = f"{site.name} is offered to you: {site.owner.display_name} has left the portal"
    else:
        title = f"{site.owner.display_name} offers you the site {site.name}"
    notify(
        recipient=to,
        kind="site.transfer_offered",
        title=title,
        body="Open the site to accept it. You will own it, its monitoring and its open findings.",
        link=reverse("sites:detail", args=[site.pk]),
        email=True,
    )
    return site


@transaction.atomic
def site_transfer_accept(*, site: Site, by: User, expected_version: int) -> Site:
    site = lock(site, expected_version)
    if not rules.may_accept(site, by):
        raise PermissionDenied("This site was not offered to you.")
    previous = site.owner
    site.owner, site.supervisor, site.transfer_to = by, by.supervisor, None
    _save(site)
    unresolved = Finding.objects.filter(site=site, status__in=FindingStatus.unresolved())
    handed_on = sorted(unresolved.values_list("pk", flat=True))
    unresolved.update(assignee=by)
    record(
        action="site.transferred",
        actor=by,
        target=site,
        payload={"from": previous.pk, "to": by.pk, "findings_reassigned": handed_on},
    )
    return site


def _end(site: Site, by: User | None, reason: str, expected_version: int, status: str) -> Site:
    site = lock(site, expected_version)
    if status == SiteStatus.SUSPENDED:
        may_end = rules.may_suspend(site, by)
    else:
        may_end = by is not None and rules.may_retire(site, by)
    if not may_end:
        if site.status in (SiteStatus.SUSPENDED, SiteStatus.RETIRED):
            raise ValidationError(f"The site is {site.get_status_display().lower()}.")
        raise PermissionDenied("Only a district administrator can do this.")
    if not reason.strip():
        raise ValidationError({"reason": "Write the reason: the owner and the audit trail need it."})
    site.status, site.status_reason, site.transfer_to = status, reason.strip(), None
    if status == SiteStatus.RETIRED:
        site.retired_at = timezone.now()
    _save(site)
    record(
        action=f"site.{status}",
        actor=by,
        district=site.district,
        target=site,
        payload={"reason_sha256": text_digest(site.status_reason)},
    )
    if rules.owner_left(site):  # nobody reads a closed account's inbox
        return site
    notify(
        recipient=site.owner,
        kind=f"site.{status}",
        title=f"Your site {site.name} was {SiteStatus(status).label.lower()}",
        body=site.status_reason,
        link=reverse("sites:detail", args=[site.pk]),
        email=True,
    )
    return site


@transaction.atomic
def site_suspend(*, site: Site, by: User | None, reason: str, expected_version: int) -> Site:
    return _end(site, by, reason, expected_version, SiteStatus.SUSPENDED)


@transaction.atomic
def site_retire(*, site: Site, by: User, reason: str, expected_version: int) -> Site:
    return _end(site, by, reason, expected_version, SiteStatus.RETIRED)


@transaction.atomic
def site_transfer_withdraw(*, site: Site, by: User | None, expected_version: int) -> Site:
    """Withdraw an offer still waiting: the owner keeps the site. The owner or an administrator does; the
    portal itself (`by=None`) as it closes the account of the colleague it was offered to."""
    site = lock(site, expected_version)
    if not rules.may_withdraw_offer(site, by):
        if site.transfer_to_id is None:
            raise ValidationError("The site is not offered to anyone.")
        raise PermissionDenied("Only the site's owner or a district administrator withdraws an offer.")
    offered_to = site.transfer_to
    site.transfer_to = None
    _save(site)
    record(
        action="site.transfer_withdrawn",
        actor=by,
        district=site.district,
        target=site,
        payload={"to": offered_to.pk if offered_to else None},
    )
    if site.owner.is_active and site.owner_id != (by.pk if by else None):
        notify(
            recipient=site.owner,
            kind="site.transfer_withdrawn",
            title=f"Your offer of {site.name} to {offered_to} was withdrawn: the site stays yours",
            body="Offer it to another colleague from the site's page if you still want to hand it on.",
            link=reverse("sites:detail", args=[site.pk]),
        )
    return site


@transaction.atomic
def site_supervisor_change(*, site: Site, by: User | None, to: User, expected_version: int) -> Site:
    """Give a site another supervisor, who reviews it, verifies its fixes and answers for it from now on (an
    open review is theirs to finish). An administrator of its district does; the portal itself (`by=None`) as
    it closes the account of the supervisor it had."""
    site = lock(site, expected_version)
    if not rules.may_change_supervisor(site, by):
        if site.status == SiteStatus.RETIRED:
            raise ValidationError("A retired site has no supervisor to change.")
        raise PermissionDenied("Only a district administrator gives a site another supervisor.")
    if not rules.may_supervise_site(site, to):
        raise ValidationError(
            {"to": "Choose an active supervisor or administrator of the district other than the site's owner."}
        )
    if to.pk == site.supervisor_id:
        raise ValidationError({"to": f"{to.display_name} already supervises {site.name}."})
    previous = site.supervisor_id
    site.supervisor = to
    _save(site)
    record(
        action="site.supervisor_changed",
        actor=by,
        district=site.district,
        target=site,
        payload={"from": previous, "to": to.pk},
    )
    notify(
        recipient=to,
        kind="site.supervisor_changed",
        title=f"You supervise {site.name} now",
        body="You review it against the district's checklist, verify its reported fixes and answer for it.",
        link=reverse("sites:detail", args=[site.pk]),
        email=True,
    )
    return site
