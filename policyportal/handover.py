"""Handing on a leaver's open work: what each app registers, and what `person_deactivate` asks of them.

When a person's account is closed, the work still waiting for them (sites they own, requests waiting for their
decision, sites they supervise, fixes to verify, questions to answer, ...) goes to someone who can do it. The
core may not import the apps built on it, so each app registers the kinds of work it keeps, as it registers its
reminder sweeps: `register_open_work(kind, lister=..., hander=...)` from its AppConfig.ready (`sites/handover.py`,
`requests/handover.py`, `sites/personal/handover.py`).

- A *lister* names the person's open work of its kind: one `Item` per record, each with where it may go
  (`choices`: a person's id, or an action of the kind such as "suspend") and where it goes unless the
  administrator says otherwise (`default`). It reads with a fixed number of queries, whatever the work.
- A *hander* hands one item on by calling its app's own service (which asks its app's rules and records the
  audit event), after the account is closed. It raises ValidationError or PermissionDenied to refuse.

The sensible default is the same for every kind (`Leaver.default`): the person's own supervisor, else one of the
district's administrators, whoever of them may take that item. Whatever is not handed on is still caught by the
reminder sweeps' fall-back to the administrators.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import QuerySet

from policyportal.models import User
from policyportal.selectors import active_administrators

Choices = Sequence[tuple[str, str]]


@dataclass(frozen=True)
class Item:
    """One record of open work, and where it may go."""

    kind: str
    pk: int
    label: str  # what it is, for the confirmation page ("Hall Varsity Soccer (active site)")
    default: str  # where it goes unless the administrator chooses otherwise: a value of `choices`
    choices: Choices  # (value, label): a person's id as a string, or an action word of the kind
    link: str = ""
    note: str = ""

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.pk}"


@dataclass(frozen=True)
class Leaver:
    """The person whose account is closing, who closes it (`by`: an administrator, or None for the portal
    itself), and who stands in by default: the person's own supervisor (if still active), then the district's
    active administrators, in that order; never the person themselves."""

    person: User
    by: User | None
    fallbacks: tuple[User, ...]

    @classmethod
    def of(cls, person: User, by: User | None = None) -> "Leaver":
        administrators = active_administrators(person.member_district_id).exclude(pk=person.pk)
        supervisor = person.supervisor
        above = [supervisor] if supervisor is not None and supervisor.is_active and supervisor.pk != person.pk else []
        seen = {p.pk for p in above}
        return cls(person, by, tuple(above + [a for a in administrators.order_by("pk") if a.pk not in seen]))

    def default(self, accepts: Callable[[User], bool]) -> User | None:
        """The first of the fallbacks who may take the item (`accepts` is the app's rule), or None."""
        return next((person for person in self.fallbacks if accepts(person)), None)


LEFT = "left"  # nobody may take the item now: the district's administrators pick it up (the reminders' fall-back)
LEFT_LABEL = "Nobody can take it now: leave it to the district's administrators"


def person_choices(people: Iterable[User]) -> list[tuple[str, str]]:
    return [(str(person.pk), _described(person)) for person in people]


def _described(person: User) -> str:
    return f"{person.display_name}, {person.title}" if person.title else person.display_name


def item(
    *,
    kind: str,
    pk: int,
    label: str,
    people: Iterable[User],
    default: User | None,
    actions: Choices = (),
    default_action: str = "",
    link: str = "",
    note: str = "",
) -> Item:
    """An item that goes to one of `people` (or is handled by one of the kind's `actions`), by default to
    `default`, else `default_action`. When neither is given, nobody may take it by default: it may then also
    be left to the administrators."""
    choices = [*actions, *person_choices(people)]
    value = str(default.pk) if default is not None else default_action
    if value not in dict(choices):
        value = LEFT
        choices = [(LEFT, LEFT_LABEL), *choices]
    return Item(kind=kind, pk=pk, label=label, default=value, choices=tuple(choices), link=link, note=note)


def people_choosable(people: QuerySet[User], leaver: User) -> list[User]:
    """The people a kind's rule allows, less the leaver, in name order: one query."""
    return list(people.exclude(pk=leaver.pk).order_by("last_name", "first_name", "pk"))


Lister = Callable[[Leaver], list[Item]]
Hander = Callable[..., None]  # hander(item_pk, destination, *, person, by): destination is a User or an action word


@dataclass(frozen=True)
class OpenWork:
    kind: str
    title: str  # "Sites they own"
    explanation: str  # what handing it on does
    lister: Lister
    hander: Hander
    order: int
    actions: frozenset[str] = field(default_factory=frozenset)  # destinations that are not people
    prompt: str = "Where {} goes"  # the label of each item's choice, with the item's label in it

    def prompt_for(self, item: Item) -> str:
        return self.prompt.format(item.label)


_KINDS: dict[str, OpenWork] = {}


def register_open_work(
    kind: str,
    *,
    title: str,
    explanation: str,
    lister: Lister,
    hander: Hander,
    order: int = 100,
    actions: Iterable[str] = (),
    prompt: str = "Where {} goes",
) -> None:
    """Register one kind of open work (from an AppConfig.ready). Registering a kind again replaces it."""
    _KINDS[kind] = OpenWork(kind, title, explanation, lister, hander, order, frozenset(actions), prompt)


def kinds() -> list[OpenWork]:
    """Every registered kind, in the order they are shown and handed on."""
    return sorted(_KINDS.values(), key=lambda work: (work.order, work.kind))


@dataclass(frozen=True)
class Plan:
    """A person's open work, kind by kind (kinds with nothing to hand on are left out)."""

    leaver: Leaver
    work: list[tuple[OpenWork, list[Item]]]

    @property
    def items(self) -> list[Item]:
        return [item for _, items in self.work for item in items]

    @property
    def keys(self) -> list[str]:
        return [item.key for item in self.items]


def plan_for(person: User, by: User | None = None) -> Plan:
    """What `person` would leave behind if `by` closed their account, with the defaults filled in."""
    leaver = Leaver.of(person, by)
    work = [(kind, items) for kind in kinds() if (items := kind.lister(leaver))]
    return Plan(leaver, work)
