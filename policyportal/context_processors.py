from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from policyportal import rules
from policyportal.models import Role
from policyportal.records.rules import may_manage_records
from policyportal.selectors import UNREAD_COUNTED, unread_notification_count
from policyportal.sessions import session_lifetime


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str

    @property
    def url(self) -> str:
        return reverse(self.url_name)


_EVERYONE = [
    NavItem("My requests", "requests:mine"),
    NavItem("Sites", "sites:registry"),
    NavItem("District rules", "policy"),
]
_WAITING = NavItem("Waiting for me", "requests:waiting")
_BY_ROLE = {
    Role.EMPLOYEE: [],
    Role.SUPERVISOR: [
        _WAITING,
        NavItem("Violations", "sites:violations"),
        NavItem("My people", "people"),
        NavItem("Reports", "reports:dashboard"),
    ],
    Role.DISTRICT_ADMIN: [
        _WAITING,
        NavItem("All requests", "requests:district"),
        NavItem("Violations", "sites:violations"),
        NavItem("People", "people"),
        NavItem("Reports", "reports:dashboard"),
    ],
}


_RECORDS = NavItem("Records", "records:home")  # the district's records officers, whatever their role

_OPERATOR = [NavItem("Districts", "operator:home"), NavItem("Create a district", "operator:district_create")]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    if rules.confined_to_operator_pages(user):  # an installation operator: no inbox, no district pages
        return {"nav_items": _OPERATOR, "is_operator": True}
    unread = unread_notification_count(user)
    return {
        "nav_items": _EVERYONE + _BY_ROLE[user.role] + ([_RECORDS] if may_manage_records(user) else []),
        "unread_count": unread,
        "unread_shown": f"{UNREAD_COUNTED}+" if unread > UNREAD_COUNTED else str(unread),
        "may_change_district_settings": rules.administers(user),
    }


def session_timeout(request):
    """What the time-out warning's script needs on a signed-in page: the seconds left, counted from the server's
    last-seen time, and whether staying signed in can still move the end."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    lifetime = session_lifetime(request.session, timezone.now().timestamp())
    return {
        "session_seconds_left": max(int(lifetime.seconds_left), 0),
        "session_may_be_extended": lifetime.may_be_extended,
        "session_warning_seconds": int(settings.SESSION_WARNING_BEFORE.total_seconds()),
        "session_max_hours": int(settings.SESSION_MAX_AGE.total_seconds() // 3600),
    }
