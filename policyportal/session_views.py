"""Staying signed in from the time-out warning: a POST that answers in JSON how long the session now has left."""

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_POST

from policyportal import rules
from policyportal.sessions import SessionNotExtended, stay_signed_in


def _lifetime_answer(lifetime: rules.SessionLifetime, status: int = 200) -> JsonResponse:
    answer = {"seconds_left": int(lifetime.seconds_left), "may_be_extended": lifetime.may_be_extended}
    return JsonResponse(answer, status=status)


# Not behind LoginRequiredMiddleware's redirect: the page's script is told 401, not sent a sign-in page.
@login_not_required
@require_POST
def session_stay(request):
    if not request.user.is_authenticated:
        return JsonResponse({"signed_in": False}, status=401)
    try:
        lifetime = stay_signed_in(request.session, request.session_lifetime, timezone.now().timestamp())
    except SessionNotExtended as refused:
        return _lifetime_answer(refused.lifetime, status=409)
    return _lifetime_answer(lifetime)
