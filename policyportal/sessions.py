"""A signed-in session's lifetime read from the session (the rule is rules.session_lifetime), and staying signed in
when the time-out warning offers it."""

from collections.abc import MutableMapping
from typing import Any

from policyportal import rules
from policyportal.auth_events import SESSION_AUTHENTICATED_AT, SESSION_SEEN_AT


class SessionNotExtended(Exception):
    """The session's maximum length comes before its idle limit: staying active cannot move its end."""

    def __init__(self, lifetime: rules.SessionLifetime):
        super().__init__("The session has reached the longest it may last and cannot be extended.")
        self.lifetime = lifetime


def session_lifetime(session: MutableMapping[str, Any], now: float) -> rules.SessionLifetime:
    return rules.session_lifetime(
        authenticated_at=session.get(SESSION_AUTHENTICATED_AT, now),
        seen_at=session.get(SESSION_SEEN_AT, now),
        now=now,
    )


def stay_signed_in(
    session: MutableMapping[str, Any], found: rules.SessionLifetime, now: float
) -> rules.SessionLifetime:
    """Moves the idle limit on from `now`; refused when the session as `found` before this request already ends
    at its maximum length, which nothing moves."""
    if not found.may_be_extended:
        raise SessionNotExtended(found)
    session[SESSION_SEEN_AT] = now
    return session_lifetime(session, now)
