"""Records logins, logouts and failed logins. Django only reports these through signals."""

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.utils import timezone

from audits.recorder import record
from policyportal.auth_backends import PAUSED
from policyportal.services.sign_in_failures import password_sign_in_failed

SESSION_AUTHENTICATED_AT = "portal_authenticated_at"
SESSION_SEEN_AT = "portal_seen_at"
SESSION_TIME_ZONE = "portal_time_zone"
# How a sign-in was made, set on the request before login() where it was not with the portal's password.
SIGN_IN_METHOD = "portal_sign_in_method"


@receiver(user_logged_in, dispatch_uid="audit_login")
def record_login(sender, request, user, **kwargs):
    now = timezone.now().timestamp()
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_AUTHENTICATED_AT] = now
        request.session[SESSION_SEEN_AT] = now
        # An installation operator belongs to no district: times show in the installation's zone.
        request.session[SESSION_TIME_ZONE] = user.district.time_zone if user.district else settings.TIME_ZONE
    method = getattr(request, SIGN_IN_METHOD, None) or {"method": "password"}
    record(action="auth.login", actor=user, target=user, payload=method)


@receiver(user_logged_out, dispatch_uid="audit_logout")
def record_logout(sender, request, user, **kwargs):
    if user is not None:
        reason = getattr(request, "portal_logout_reason", "signed out")
        record(action="auth.logout", actor=user, target=user, payload={"reason": reason})


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def record_login_failed(sender, credentials, request=None, **kwargs):
    password_sign_in_failed(username=str(credentials.get("username") or ""), locked_out=getattr(request, PAUSED, False))
