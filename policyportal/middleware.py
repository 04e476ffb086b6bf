import zoneinfo

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.utils import timezone

from policyportal import rules
from policyportal.auth_events import SESSION_AUTHENTICATED_AT, SESSION_SEEN_AT, SESSION_TIME_ZONE
from policyportal.sessions import session_lifetime

_SEEN_RESOLUTION_SECONDS = 60  # refresh "last seen" at most once a minute, not on every request


class SessionLifetimeMiddleware:
    """Ends a session after SESSION_IDLE_TIMEOUT without a request or SESSION_MAX_AGE after login."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = timezone.now().timestamp()
            session = request.session
            session.setdefault(SESSION_AUTHENTICATED_AT, now)
            seen_at = session.setdefault(SESSION_SEEN_AT, now)
            lifetime = request.session_lifetime = session_lifetime(session, now)  # as found, before this request
            if lifetime.ended:
                ended_by_length = lifetime.length_left < 0
                request.portal_logout_reason = (
                    "session reached its maximum length" if ended_by_length else "session idle too long"
                )
                logout(request)
                messages.info(request, "For your security you were signed out. Please sign in again.")
                return redirect_to_login(request.get_full_path())
            if now - seen_at > _SEEN_RESOLUTION_SECONDS:
                session[SESSION_SEEN_AT] = now
        return self.get_response(request)


class DistrictTimezoneMiddleware:
    """Shows times in the signed-in user's district time zone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        district = request.user.district if request.user.is_authenticated else None
        if district is not None:
            name = request.session.get(SESSION_TIME_ZONE) or district.time_zone
            timezone.activate(zoneinfo.ZoneInfo(name))
        else:  # signed out, or an installation operator: the installation's time zone
            timezone.deactivate()
        return self.get_response(request)


# What an installation operator may open besides the operator pages (the `operator` namespace). Static files
# never reach here: WhiteNoise serves them first.
OPERATOR_MAY_OPEN = frozenset({"logout", "session_stay", "password_change", "password_change_done", "healthz"})


class OperatorMiddleware:
    """Keeps a signed-in user who belongs to no district (an installation operator) on the operator pages:
    every other page redirects to the operator home, so no district page ever runs for them. Comes after
    LoginRequiredMiddleware, which sends the signed-out to the sign-in page first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or not rules.confined_to_operator_pages(user):
            return None
        match = request.resolver_match
        if match is not None and ("operator" in match.namespaces or match.view_name in OPERATOR_MAY_OPEN):
            return None
        return redirect("operator:home")
