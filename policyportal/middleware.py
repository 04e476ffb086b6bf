import zoneinfo

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils import timezone

from policyportal.auth_events import SESSION_AUTHENTICATED_AT, SESSION_SEEN_AT, SESSION_TIME_ZONE

_SEEN_RESOLUTION_SECONDS = 60  # refresh "last seen" at most once a minute, not on every request


class SessionLifetimeMiddleware:
    """Ends a session after SESSION_IDLE_TIMEOUT without a request or SESSION_MAX_AGE after login."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.idle = settings.SESSION_IDLE_TIMEOUT.total_seconds()
        self.max_age = settings.SESSION_MAX_AGE.total_seconds()

    def __call__(self, request):
        if request.user.is_authenticated:
            now = timezone.now().timestamp()
            session = request.session
            authenticated_at = session.setdefault(SESSION_AUTHENTICATED_AT, now)
            seen_at = session.setdefault(SESSION_SEEN_AT, now)
            reason = None
            if now - authenticated_at > self.max_age:
                reason = "session reached its maximum length"
            elif now - seen_at > self.idle:
                reason = "session idle too long"
            if reason:
                request.portal_logout_reason = reason
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
        if request.user.is_authenticated:
            name = request.session.get(SESSION_TIME_ZONE) or request.user.district.time_zone
            timezone.activate(zoneinfo.ZoneInfo(name))
        else:
            timezone.deactivate()
        return self.get_response(request)
