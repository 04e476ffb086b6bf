"""A leaver's open work on sites, handed on as their account closes (`policyportal.handover`).

Registered from the app's ready(): sites they own (offered to a colleague, who accepts, or suspended), offers
of sites waiting for them (withdrawn), sites they supervise (another supervisor, who owes their reviews),
findings whose fix they check, and violation reports they handle. Each hand-on calls this app's service, which
asks `sites.rules` and records the event.
"""

from django.db.models import Q
from django.urls import reverse

from policyportal.handover import Item, Leaver, item, people_choosable, register_open_work
from policyportal.models import Role, User
from sites import rules, services
from sites.models import Finding, FindingStatus, Site, SiteStatus, ViolationReport

SUSPEND = "suspend"
WITHDRAW = "withdraw"


def _site_link(site_id: int) -> str:
    return reverse("sites:detail", args=[site_id])


def _supervising(leaver: Leaver) -> list[User]:
    """The district's open accounts in a supervising role, but the leaver: who may take supervising work."""
    people = User.objects.filter(district_id=leaver.person.district_id, is_active=True, role__in=Role.supervising())
    return people_choosable(people, leaver.person)


# Sites they own


def _colleagues(leaver: Leaver) -> list[User]:
    """Whom a leaver's sites are offered to from this page: colleagues at their schools or with their
    supervisor, and the district's supervisors and administrators (a district may have thousands of people;
    from a site's own page an administrator may offer it to anyone)."""
    person = leaver.person
    near = Q(role__in=Role.supervising()) | Q(schools__in=person.schools.all())
    if person.supervisor_id is not None:
        near |= Q(supervisor_id=person.supervisor_id)
    people = User.objects.filter(near, district_id=person.district_id, is_active=True).distinct()
    return people_choosable(people, person)


def owned(leaver: Leaver) -> list[Item]:
    sites = list(
        Site.objects.filter(owner=leaver.person, status__in=rules.SUSPENDABLE)
        .select_related("transfer_to", "owner")
        .order_by("name", "pk")
    )
    if not sites:
        return []
    colleagues = _colleagues(leaver)
    actions = [(SUSPEND, "Suspend it until someone takes it on")]
    items = []
    for site in sites:
        people = list(colleagues)
        offered = site.transfer_to
        note = ""
        if offered is not None:
            note = f"Already offered to {offered.display_name}, who has not accepted yet."
            if rules.may_receive(site, offered) and offered not in people:
                people.insert(0, offered)
        keep_offer = offered if offered is not None and rules.may_receive(site, offered) else None

        def receives(person: User, site: Site = site) -> bool:
            return rules.may_receive(site, person)

        items.append(
            item(
                kind="sites.owned",
                pk=site.pk,
                label=f"{site.name} ({site.get_status_display().lower()})",
                link=_site_link(site.pk),
                people=people,
                default=keep_offer or leaver.default(receives),
                actions=actions,
                default_action=SUSPEND,
                note=note,
            )
        )
    return items


def hand_on_owned(pk: int, to: User | str, *, person: User, by: User | None) -> None:
    site = Site.objects.get(pk=pk, owner=person)
    if to == SUSPEND:
        reason = f"{person.display_name} has left the portal: the site is suspended until someone takes it on."
        services.site_suspend(site=site, by=by, reason=reason, expected_version=site.version)
    elif isinstance(to, User):
        services.site_transfer_offer(site=site, by=by, to=to, expected_version=site.version)
    else:
        raise ValueError(to)


# Offers of sites waiting for them


def offered(leaver: Leaver) -> list[Item]:
    sites = Site.objects.filter(transfer_to=leaver.person).exclude(status=SiteStatus.RETIRED).select_related("owner")
    return [
        item(
            kind="sites.offered",
            pk=site.pk,
            label=f"{site.name}, offered to them by {site.owner.display_name}",
            link=_site_link(site.pk),
            people=[],
            default=None,
            actions=[(WITHDRAW, f"Withdraw the offer: {site.owner.display_name} keeps the site")],
            default_action=WITHDRAW,
        )
        for site in sites.order_by("name", "pk")
    ]


def hand_on_offered(pk: int, to: User | str, *, person: User, by: User | None) -> None:
    if to != WITHDRAW:
        raise ValueError(to)
    site = Site.objects.get(pk=pk, transfer_to=person)
    services.site_transfer_withdraw(site=site, by=by, expected_version=site.version)


# Sites they supervise: the reviews they owe, and the fixes they would verify


def supervised(leaver: Leaver) -> list[Item]:
    sites = list(
        Site.objects.filter(supervisor=leaver.person)
        .exclude(status=SiteStatus.RETIRED)
        .select_related("owner")
        .order_by("name", "pk")
    )
    if not sites:
        return []
    supervising = _supervising(leaver)
    today = leaver.person.member_district.today()
    items = []
    for site in sites:
        notes = []
        if rules.is_review_due(site, today):
            notes.append(f"Review due since {site.next_review_due:%B %-d}.")
        if site.unresolved_findings:
            plural = "s" if site.unresolved_findings != 1 else ""
            notes.append(f"{site.unresolved_findings} unresolved finding{plural}.")

        def may_supervise(person: User, site: Site = site) -> bool:
            return rules.may_supervise_site(site, person)

        items.append(
            item(
                kind="sites.supervised",
                pk=site.pk,
                label=f"{site.name} (owner {site.owner.display_name})",
                link=_site_link(site.pk),
                people=[person for person in supervising if may_supervise(person)],
                default=leaver.default(may_supervise),
                note=" ".join(notes),
            )
        )
    return items


def hand_on_supervised(pk: int, to: User | str, *, person: User, by: User | None) -> None:
    if not isinstance(to, User):
        raise ValueError(to)
    site = Site.objects.get(pk=pk, supervisor=person)
    services.site_supervisor_change(site=site, by=by, to=to, expected_version=site.version)


# Findings whose fix they check (as the finding's reviewer)


def findings(leaver: Leaver) -> list[Item]:
    found = list(
        Finding.objects.filter(reviewer=leaver.person, status__in=FindingStatus.unresolved())
        .exclude(site__status=SiteStatus.RETIRED)
        .select_related("site__supervisor", "site__owner")
        .order_by("due_on", "pk")
    )
    if not found:
        return []
    supervising = _supervising(leaver)
    items = []
    for finding in found:
        site = finding.site

        def reviews(person: User, site: Site = site) -> bool:
            return person.is_active and rules.may_review(site, person)

        candidates = [person for person in supervising if reviews(person)]
        fixed = finding.status == FindingStatus.FIXED
        items.append(
            item(
                kind="sites.findings",
                pk=finding.pk,
                label=f"{finding.clause_id} on {site.name} ({finding.get_status_display().lower()})",
                link=_site_link(site.pk),
                people=candidates,
                default=next((p for p in candidates if p.pk == site.supervisor_id), None) or leaver.default(reviews),
                note="Its fix is reported and waits to be checked." if fixed else f"Due {finding.due_on:%B %-d}.",
            )
        )
    return items


def hand_on_finding(pk: int, to: User | str, *, person: User, by: User | None) -> None:
    if not isinstance(to, User):
        raise ValueError(to)
    finding = Finding.objects.get(pk=pk, reviewer=person)
    services.finding_reviewer_change(finding=finding, by=by, to=to, expected_version=finding.version)


# Violation reports they handle


def violations(leaver: Leaver) -> list[Item]:
    reports = list(
        ViolationReport.objects.filter(handler=leaver.person, resolved_at__isnull=True)
        .select_related("site", "category")
        .order_by("reported_at", "pk")
    )
    if not reports:
        return []
    supervising = _supervising(leaver)
    items = []
    for report in reports:

        def handles(person: User, report: ViolationReport = report) -> bool:
            return rules.may_handle(report, person)

        items.append(
            item(
                kind="sites.violations",
                pk=report.pk,
                label=f"{report.category} on {report.target_label}",
                link=reverse("sites:violation", args=[report.pk]),
                people=[person for person in supervising if handles(person)],
                default=leaver.default(handles),
                note=f"Reported {report.reported_at:%B %-d}.",
            )
        )
    return items


def hand_on_violation(pk: int, to: User | str, *, person: User, by: User | None) -> None:
    if not isinstance(to, User):
        raise ValueError(to)
    report = ViolationReport.objects.get(pk=pk, handler=person)
    services.violation_handler_change(report=report, by=by, to=to)


def register() -> None:
    register_open_work(
        "sites.owned",
        title="Sites they own",
        explanation="Offered to the colleague chosen here, who owns it once they accept (with its monitoring and "
        "open findings); or suspended until someone takes it on.",
        lister=owned,
        hander=hand_on_owned,
        order=20,
        actions=[SUSPEND],
        prompt="Who {} is offered to, or whether it is suspended",
    )
    register_open_work(
        "sites.offered",
        title="Sites offered to them",
        explanation="The offer is withdrawn: the owner keeps the site and may offer it to someone else.",
        lister=offered,
        hander=hand_on_offered,
        order=25,
        actions=[WITHDRAW],
        prompt="What happens to the offer of {}",
    )
    register_open_work(
        "sites.supervised",
        title="Sites they supervise, and the reviews they owe",
        explanation="The person chosen here supervises the site: reviews it, verifies its fixes, answers for it.",
        lister=supervised,
        hander=hand_on_supervised,
        order=30,
        prompt="Who supervises {} now",
    )
    register_open_work(
        "sites.findings",
        title="Findings whose fix they check",
        explanation="The person chosen here is the finding's reviewer: they check its fix when the site has no "
        "supervisor who can.",
        lister=findings,
        hander=hand_on_finding,
        order=40,
        prompt="Who checks the fix of {} now",
    )
    register_open_work(
        "sites.violations",
        title="Violation reports they handle",
        explanation="The person chosen here handles the report and records what was done.",
        lister=violations,
        hander=hand_on_violation,
        order=50,
        prompt="Who handles the report of {} now",
    )
