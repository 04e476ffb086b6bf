"""How far past due a piece of work is: the one timing rule every reminder, list and report shares.

Each app's `rules.py` says when its work falls due and who owes it; this says what follows from the due time.
"""

from datetime import date, datetime, timedelta
from enum import IntEnum


class Stage(IntEnum):
    """Who is told about due work. Each stage includes the ones before it."""

    NOT_DUE = 0
    DUE = 1  # the one who owes the work, from its due time
    ESCALATED = 2  # the person above them, once the district's escalation grace has passed as well
    ESCALATED_TO_ADMINISTRATORS = 3  # the district's administrators, after twice the grace


def stage(due: date | datetime, now: date | datetime, grace: timedelta) -> Stage:
    """The stage of work due at `due`, at `now` (both dates, or both datetimes)."""
    if now < due:
        return Stage.NOT_DUE
    if now < due + grace:
        return Stage.DUE
    if now < due + 2 * grace:
        return Stage.ESCALATED
    return Stage.ESCALATED_TO_ADMINISTRATORS
