from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from django.contrib.auth.backends import ModelBackend

from policyportal.models import User

# Set on a request whose sign-in axes refused before any password was checked (the name is paused there).
PAUSED = "portal_sign_in_paused"


def lockout_username(request, credentials: dict | None) -> str | None:
    """AXES_USERNAME_CALLABLE: the name failures count against, lower-cased as sign-in matches names, so 'Ann'
    and 'ANN' share the five tries of 'ann'."""
    source = credentials if credentials is not None else request.POST
    username = source.get("username")
    return None if username is None else str(username).lower()


class PausingBackend(AxesStandaloneBackend):
    """axes' backend, marking the attempts it refuses while a name is paused: they are counted, not recorded."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        try:
            return super().authenticate(request, username=username, password=password, **kwargs)
        except AxesBackendPermissionDenied:
            setattr(request, PAUSED, True)
            raise


class DistrictModelBackend(ModelBackend):
    """Django's backend, matching the username ignoring case and loading the signed-in user together with their
    district: nearly every page reads the district (its time zone, its rules, the scope of every list), and now
    never with a query of its own."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        user = User._default_manager.filter(username__iexact=username).first()
        if user is None:
            User().set_password(password)  # as slow as a real check: the time taken does not tell the name exists
            return None
        return user if user.check_password(password) and self.user_can_authenticate(user) else None

    def get_user(self, user_id):
        user = User._default_manager.select_related("district").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
