"""The invitation link: the invited person chooses their password and is signed in. A used, replaced or expired
link says so, and an expired one offers a new link to the address it was sent to."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from policyportal.forms import add_service_errors
from policyportal.invitations import INVITATION_DAYS, LinkState, invitation_tokens, invitee
from policyportal.services.invitations import invitation_accept as accept
from policyportal.services.invitations import invitation_renew

# As Django's password reset does, the token leaves the address bar (and history, and any Referer) at once:
# it waits in the session, and the page's address says only this.
IN_SESSION = "set-password"
SESSION_KEY = "_invitation_token"
BACKEND = "policyportal.auth_backends.DistrictModelBackend"


@login_not_required
@never_cache
@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
def invitation_accept(request, uidb64: str, token: str):
    person = invitee(uidb64)
    if token != IN_SESSION:
        if invitation_tokens.state(person, token) != LinkState.SPENT:
            request.session[SESSION_KEY] = token
            return redirect("invitation_accept", uidb64=uidb64, token=IN_SESSION)
        return _refused(request, LinkState.SPENT)
    token = request.session.get(SESSION_KEY, "")
    state = invitation_tokens.state(person, token)
    if state == LinkState.EXPIRED and request.method == "POST" and request.POST.get("action") == "renew":
        invitation_renew(user=person, token=token)
        request.session.pop(SESSION_KEY, None)
        return _refused(request, state, renewed=True)
    if state != LinkState.VALID or person is None:
        return _refused(request, state)
    form = SetPasswordForm(person, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            accept(user=person, token=token, password=form.cleaned_data["new_password1"])
        except ValidationError as refusal:
            add_service_errors(form, refusal)
        else:
            request.session.pop(SESSION_KEY, None)
            login(request, person, backend=BACKEND)
            messages.success(request, f"Welcome, {person.first_name or person.username}: your password is set.")
            return redirect("home")
    context = {"form": form, "person": person, "district": person.district}
    return render(request, "registration/invitation_accept.html", context)


def _refused(request, state: LinkState, *, renewed: bool = False):
    context = {"state": state.value, "renewed": renewed, "days": INVITATION_DAYS}
    return render(request, "registration/invitation_refused.html", context)
