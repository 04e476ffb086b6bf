"""A line of the home page's to-do list: work someone owes, its one next step, and how late it is in words.

Each app lists its own kinds of work (`sites/todo.py`, `sites/personal/todo.py`, `requests/todo.py`) by its
own rules, the ones its reminders ask; the home page (`policyportal.home`, above every app) gathers them.
Dates are the district's own: a day overdue is a day on the district's calendar.
"""

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from policyportal.models import District


@dataclass(frozen=True)
class ToDo:
    what: str  # "Check Hall Varsity Soccer"
    step: str  # the next step's label: "Log a check"
    link: str  # where that step is taken
    since: date  # its deadline, or when it began to wait if it has none: the list is in this order
    when: str  # "16 days overdue", "due in 3 days", "waiting since yesterday"
    overdue: bool
    detail: str = ""  # who or what it concerns, when `what` does not say


def local_date(moment: datetime, district: District) -> date:
    return timezone.localtime(moment, ZoneInfo(district.time_zone)).date()


def _days(count: int) -> str:
    return f"{count} day{'s' if count != 1 else ''}"


def due_words(deadline: date, today: date, *, overdue: bool) -> str:
    """How late work is against its deadline, as its rule judges it (`overdue`)."""
    if overdue:
        late = (today - deadline).days
        return "overdue since today" if late <= 0 else f"{_days(late)} overdue"
    ahead = (deadline - today).days
    if ahead < 0:
        return f"due {_days(-ahead)} ago"
    if ahead == 0:
        return "due today"
    return "due tomorrow" if ahead == 1 else f"due in {_days(ahead)}"


def waiting_words(since: date, today: date) -> str:
    """How long work without a deadline has waited."""
    waited = (today - since).days
    if waited <= 0:
        return "waiting since today"
    return "waiting since yesterday" if waited == 1 else f"waiting {_days(waited)}"


def due(*, what: str, step: str, link: str, deadline: date, today: date, overdue: bool, detail: str = "") -> ToDo:
    """Work with a deadline."""
    return ToDo(what, step, link, deadline, due_words(deadline, today, overdue=overdue), overdue, detail)


def waiting(*, what: str, step: str, link: str, since: date, today: date, detail: str = "") -> ToDo:
    """Work without a deadline, owed from `since`."""
    return ToDo(what, step, link, since, waiting_words(since, today), False, detail)


def in_order(items: list[ToDo]) -> list[ToDo]:
    """Oldest and most overdue first: by deadline (or waiting start), overdue work before the rest of a day."""
    return sorted(items, key=lambda item: (item.since, not item.overdue))
