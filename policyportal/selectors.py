"""The only code that reads districts, people and notifications for a user: scoped to what they may see."""

from collections import defaultdict
from datetime import datetime

from django.core.paginator import Page, Paginator
from django.db.models import BooleanField, Case, Count, Prefetch, Q, QuerySet, Value, When
from django.http import Http404

from policyportal import clause_support, rules
from policyportal.clause_support import ClauseSupport, Figure, regulation_of
from policyportal.models import (
    AppliesTo,
    ChecklistItem,
    District,
    IdentityProvider,
    Notification,
    PolicyVersion,
    Role,
    School,
    User,
)

PROBLEMS = {  # the people page's "problem to fix" filter: the rule each choice keeps the people of
    "any": rules.has_problem,
    "no_supervisor": rules.lacking_supervisor,
    "supervises_nobody": rules.supervising_nobody,
    "email_failed": rules.email_undeliverable,
}


def people_visible_to(
    user: User,
    *,
    school: School | None = None,
    name: str = "",
    role: str = "",
    active: bool | None = True,
    problem: str = "",
) -> QuerySet[User]:
    """Administrators see everyone of their district, deactivated people too (`active=False`, or None for
    both); supervisors the active people they supervise. `name` searches names, email addresses and usernames
    (every word must match); `school` is any school a person works at; `problem` keeps the people with that
    problem to fix (a key of `PROBLEMS`). Each person carries the flags `lacks_supervisor` and
    `supervises_nobody`, by the rules' own filters."""
    if not rules.administers(user):
        active = True
    people = User.objects.filter(rules.visible_people(user)).select_related("school", "supervisor")
    if active is not None:
        people = people.filter(is_active=active)
    if school is not None:
        people = people.filter(schools=school)
    if role:
        people = people.filter(role=role)
    for word in name.split():
        people = people.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(email__icontains=word)
            | Q(username__icontains=word)
        )
    if problem:
        people = people.filter(PROBLEMS[problem]())
    return people.annotate(
        lacks_supervisor=_flag(rules.lacking_supervisor()), supervises_nobody=_flag(rules.supervising_nobody())
    )


def _flag(condition: Q) -> Case:
    return Case(When(condition, then=Value(True)), default=Value(False), output_field=BooleanField())


def people_page(people: QuerySet[User], number, per_page: int) -> Page:
    """One page of `people` (from `people_visible_to`), with their schools. The page's ids are found first,
    sorting the people alone; only those rows are then joined to their school and supervisor and given their
    flags: a district of 20,000 is sorted, not joined and flagged whole."""
    paginator = Paginator(people.values_list("pk", flat=True), per_page)
    ids = paginator.get_page(number)
    found = {person.pk: person for person in people.filter(pk__in=list(ids)).prefetch_related("schools")}
    return Page([found[pk] for pk in ids if pk in found], ids.number, paginator)


def person_get_for_user(user: User, pk: int) -> User:
    """A person the user sees (`rules.visible_people`), closed accounts included for administrators."""
    found = User.objects.filter(rules.visible_people(user), pk=pk).select_related("school", "supervisor").first()
    if found is None or not (found.is_active or rules.administers(user)):
        raise Http404("No such person.")
    return found


def people_problems(user: User) -> dict | None:
    """The district's problems to fix, for its administrators (None for anyone else): how many people lack an
    active supervisor, how many supervisors supervise nobody and how many people an email could not be mailed to
    (the list filters by each), and the schools without an active supervisor. Two queries, whatever the size of
    the district."""
    if not rules.administers(user):
        return None
    people = User.objects.filter(district_id=user.member_district_id)
    counts = people.aggregate(
        without_supervisor=Count("pk", filter=rules.lacking_supervisor()),
        supervising_nobody=Count("pk", filter=rules.supervising_nobody()),
        email_failed=Count("pk", filter=rules.email_undeliverable()),
    )
    schools = list(schools_visible_to(user).filter(rules.schools_unsupervised()).order_by("name"))
    return {
        **counts,
        "schools_unsupervised": len(schools),
        "unsupervised_schools": schools,
        "total": sum(counts.values()) + len(schools),
    }


def supervisors_for(person: User) -> QuerySet[User]:
    """Whom `person` may report to (`rules.may_supervise`), in name order."""
    return User.objects.filter(rules.supervisors_for(person)).order_by("last_name", "first_name", "pk")


def active_administrators(district_id: int) -> QuerySet[User]:
    """The district's administrators whose accounts are open: who stands in when nobody else can act."""
    return User.objects.filter(district_id=district_id, role=Role.DISTRICT_ADMIN, is_active=True)


def accessibility_contacts(user: User) -> QuerySet[District]:
    """Whom to tell about an accessibility barrier: a member's own district, or every district for someone signed
    out or the operator, each with its open administrators' accounts (`administrators`) in name order."""
    districts = District.objects.order_by("name")
    if user.is_authenticated and user.district_id is not None:
        districts = districts.filter(pk=user.district_id)
    administrators = User.objects.filter(role=Role.DISTRICT_ADMIN, is_active=True).order_by("last_name", "first_name")
    return districts.prefetch_related(Prefetch("users", queryset=administrators, to_attr="administrators"))


def schools_visible_to(user: User) -> QuerySet[School]:
    return School.objects.filter(district_id=user.member_district_id)


def notifications_for(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user)


UNREAD_COUNTED = 99


def unread_notification_count(user: User) -> int:
    """Counted up to one more than the badge shows ("99+"): every page asks, and after an escalation an
    administrator may have thousands unread."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).order_by()[: UNREAD_COUNTED + 1].count()


def notification_get_for_user(user: User, pk: int) -> Notification:
    notification = notifications_for(user).filter(pk=pk).first()
    if notification is None:
        raise Http404("No such notification.")
    return notification


def current_policy(district_id: int) -> PolicyVersion | None:
    items = ChecklistItem.objects.order_by("applies_to", "position")
    return (
        PolicyVersion.objects.filter(district_id=district_id)
        .select_related("district")
        .prefetch_related(Prefetch("items", queryset=items))
        .order_by("-number")
        .first()
    )


def policy_sections(version: PolicyVersion) -> list[tuple[str, list[ChecklistItem]]]:
    """The version's items grouped by where they apply, in the order a reader expects."""
    items = list(version.items.all())
    return [(label.label, [i for i in items if i.applies_to == label]) for label in AppliesTo]


def current_items(district_id: int, applies_to: str) -> list[ChecklistItem]:
    """The items of the district's current policy version that apply to `applies_to`, in order."""
    policy = current_policy(district_id)
    return [item for item in policy.items.all() if item.applies_to == applies_to] if policy else []


def clause_support_of(version: PolicyVersion, now: datetime) -> list[ClauseSupport]:
    """Every clause of the version's regulations (those its items cite), in the regulation's order: the items
    citing it, the registered workflows enforcing it, and their live figures at `now`. One call of each
    registered figure function that has anything to count."""
    items = list(version.items.all())
    regulations = {regulation_of(item.clause_id) for item in items}
    titles = clause_support.clause_titles()
    workflows = [
        workflow
        for workflow in clause_support.workflows()
        if any(regulation_of(clause_id) in regulations for clause_id in workflow.clause_ids)
    ]
    clause_ids = [clause_id for clause_id in titles if regulation_of(clause_id) in regulations]
    cited = {item.clause_id for item in items} | {
        clause_id
        for workflow in workflows
        for clause_id in workflow.clause_ids
        if regulation_of(clause_id) in regulations
    }
    clause_ids += sorted(cited - set(clause_ids))

    period = clause_support.Period.of(version, now)
    figures: dict[str, list[Figure]] = defaultdict(list)
    item_figures = clause_support.item_figures()
    for kind in AppliesTo:
        of_kind = [item for item in items if item.applies_to == kind]
        if of_kind and kind in item_figures:
            for clause_id, found in item_figures[kind](period, of_kind).items():
                figures[clause_id] += found
    for workflow in workflows:
        found = workflow.figures(period)
        for clause_id in workflow.clause_ids:
            figures[clause_id] += found
    return [
        ClauseSupport(
            clause_id=clause_id,
            title=titles.get(clause_id, ""),
            items=[item for item in items if item.clause_id == clause_id],
            workflows=[workflow for workflow in workflows if clause_id in workflow.clause_ids],
            figures=figures[clause_id],
        )
        for clause_id in clause_ids
    ]


def districts_for_operator(user: User) -> QuerySet[District]:
    """What an installation operator sees of the districts: name, slug, time zone and when each was created.
    Nothing a district holds: no people, counts, records or audit events."""
    if not rules.is_operator(user):
        return District.objects.none()
    return District.objects.only("name", "slug", "time_zone", "created_at").order_by("name")


def district_get_for_operator(user: User, slug: str) -> District:
    district = districts_for_operator(user).filter(slug=slug).first()
    if district is None:
        raise Http404("No such district.")
    return district


def has_acting_administrator(district: District) -> bool:
    """Whether someone runs the district: an active administrator who has accepted their invitation."""
    return User.objects.filter(rules.acting_administrators(district)).exists()


def username_for_sign_in(identifier: str) -> str:
    """The username a password sign-in is for: the identifier itself, or, for a work email that is nobody's
    username, the username of the one active account with that email (an address several accounts share stays
    as typed, and so matches nobody)."""
    if "@" not in identifier or User.objects.filter(username__iexact=identifier).exists():
        return identifier
    usernames = list(
        User.objects.filter(email__iexact=identifier, is_active=True).values_list("username", flat=True)[:2]
    )
    return usernames[0] if len(usernames) == 1 else identifier


def identity_provider_for_email(email: str) -> IdentityProvider | None:
    """The identity provider that serves this address's domain, when its district has turned it on."""
    domain = email.strip().lower().rpartition("@")[2]
    if not domain:
        return None
    candidates = IdentityProvider.objects.select_related("district").filter(
        enabled=True, email_domains__icontains=domain
    )
    return next((provider for provider in candidates if domain in provider.domains), None)


def identity_provider_origins() -> list[str]:
    """Where the sign-in page's work-email form may lead (its Content-Security-Policy `form-action`): the
    origins of the providers districts have turned on."""
    issuers = IdentityProvider.objects.filter(enabled=True).values_list("issuer", flat=True)
    return sorted({"/".join(issuer.split("/")[:3]) for issuer in issuers})
