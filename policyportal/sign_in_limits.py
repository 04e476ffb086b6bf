"""django-axes' pause for the district-account sign-in, as for passwords: each refusal counts against the name the
provider gave (and the client address), and a name paused at an address is neither signed in nor recorded again
there, only counted (services.sign_in_failures)."""

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth import login

from policyportal.auth_events import SIGN_IN_METHOD
from policyportal.models import District, IdentityProvider, SignInFailureKind, User
from policyportal.services.sign_in import sign_in_label, sign_in_refused
from policyportal.services.sign_in_failures import failure_counted

BACKEND = "policyportal.auth_backends.DistrictModelBackend"


def is_paused(request, *usernames: str) -> bool:
    return any(not AxesProxyHandler.is_allowed(request, {"username": username}) for username in usernames)


def provider_sign_in_refused(
    request, *, district: District | None, reason: str, label: str = "", person: User | None = None
) -> bool:
    """Records a refusal, or only counts it where `label` is paused at this address (returns False then); either
    way it counts toward the pause."""
    paused = is_paused(request, label)
    if paused:
        failure_counted(SignInFailureKind.LOCKED_OUT)
    else:
        sign_in_refused(district=district, reason=reason, label=label, person=person)
    _count_failure(request, label)
    return not paused


def provider_sign_in(request, *, person: User, provider: IdentityProvider, claims: dict) -> bool:
    """Signs in the person the provider vouched for, the login recorded with how; False, and only counted, where
    their username or the provider's name for them is paused at this address."""
    label = sign_in_label(provider, claims)
    if is_paused(request, person.username, label):
        failure_counted(SignInFailureKind.LOCKED_OUT)
        _count_failure(request, label)
        return False
    setattr(request, SIGN_IN_METHOD, {"method": "district_account", "provider": provider.issuer})
    login(request, person, backend=BACKEND)
    return True


def _count_failure(request, label: str) -> None:
    AxesProxyHandler.user_login_failed(sender=__name__, credentials={"username": label}, request=request)
