"""Who reads the audit trail and the reports: asked by their pages, selectors, services and the navigation; and
which dates the portal accepts as typed, asked by every date a person enters (filters, violation reports)."""

from datetime import date

# The portal and the regulations it serves are younger than this: an earlier date is a typing mistake.
EARLIEST_DATE = date(2000, 1, 1)
# Far enough for any plan, and far from date arithmetic's end of the calendar (9999-12-31).
LATEST_DATE = date(2100, 12, 31)


def date_problem(day: date, *, latest: date = LATEST_DATE) -> str | None:
    """Why a typed date cannot be used, or None: it must lie between EARLIEST_DATE and `latest`."""
    if day < EARLIEST_DATE:
        return f"Choose a date from {EARLIEST_DATE:%B %-d, %Y} on."
    if day > latest:
        return f"Choose a date up to {latest:%B %-d, %Y}."
    return None


def may_read_reports(user) -> bool:
    """Supervisors (about the people and sites they answer for) and administrators (the whole district)."""
    return user.can_supervise


def may_read_audit_trail(user) -> bool:
    """The district's administrators, for their own district's chain (the selectors scope it)."""
    return user.is_district_admin
