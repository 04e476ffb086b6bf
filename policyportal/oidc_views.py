"""Signing in with the district's own accounts (OpenID Connect): the work-email step, the provider's callback,
signing out at the provider too, and the district administrator's settings page with its connection test."""

import logging
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from policyportal import oidc, rules, selectors
from policyportal.encryption import SecretUnreadable
from policyportal.forms import IdentityProviderForm, WorkEmailForm, add_service_errors
from policyportal.models import IdentityProvider, SignInFailureKind
from policyportal.services.sign_in import SignInRefused, identity_provider_save, person_for_sign_in
from policyportal.services.sign_in_failures import failure_counted
from policyportal.sign_in_limits import provider_sign_in, provider_sign_in_refused

logger = logging.getLogger(__name__)
SESSION_PENDING = "portal_oidc_pending"
SESSION_LOGOUT = "portal_oidc_logout"


def _callback_url(request) -> str:
    return request.build_absolute_uri(reverse("oidc_callback"))


def _unavailable(request, error: Exception):
    """The person is told the service is not answering; what failed, and where, goes to the log for IT."""
    logger.warning("OpenID provider unavailable: %s", error)
    return render(request, "registration/sso_unavailable.html", status=503)


def _refused(request, message: str, status: int = 403, *, recorded: bool = True):
    context = {"problem": message, "recorded": recorded}
    return render(request, "registration/sso_refused.html", context, status=status)


@login_not_required
@require_POST
def sso_start(request):
    """The sign-in page's first step: a work email whose domain a district's provider serves goes to that provider;
    anything else (another email, a portal username) goes on to the password step."""
    form = WorkEmailForm(request.POST)
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    if not form.is_valid():
        messages.error(request, "Give your work email address, such as name@district.org.")
        return _login_step(next_url=next_url)
    identifier = form.cleaned_data["email"].strip()
    provider = selectors.identity_provider_for_email(identifier) if "@" in identifier else None
    if provider is None:
        return _login_step(username=identifier, next_url=next_url)
    try:
        document = oidc.discovery(provider.issuer)
    except oidc.ProviderUnavailable as error:
        return _unavailable(request, error)
    started = oidc.start(
        document, client_id=provider.client_id, redirect_uri=_callback_url(request), login_hint=identifier
    )
    request.session[SESSION_PENDING] = {
        "provider": provider.pk,
        "state": started.state,
        "nonce": started.nonce,
        "verifier": started.verifier,
        "next": next_url,
    }
    return HttpResponseRedirect(started.url)


def _login_step(*, username: str | None = None, next_url: str = ""):
    """The sign-in page: its password step for `username`, or its first step when there is none."""
    query = {key: value for key, value in (("username", username), ("next", next_url)) if value}
    return HttpResponseRedirect(f"{reverse('login')}?{urlencode(query)}" if query else reverse("login"))


@login_not_required
@require_GET
def oidc_callback(request):
    pending = request.session.pop(SESSION_PENDING, None)
    if not pending:  # anyone can send this without end: counted for the hour's summary, not recorded one by one
        failure_counted(SignInFailureKind.NO_SIGN_IN_STARTED)
        message = "This sign-in was not started here, or was already used. Start again."
        return _refused(request, message, 400, recorded=False)
    provider = IdentityProvider.objects.select_related("district").filter(pk=pending["provider"]).first()
    if provider is None or not provider.enabled:
        message = "Your district no longer signs in with this provider."
        return _refusal(request, message, 400, district=provider and provider.district, reason="provider_disabled")
    district = provider.district
    if request.GET.get("state") != pending["state"]:
        message = "This sign-in does not match the one started here (state mismatch). Start again."
        return _refusal(request, message, 400, district=district, reason="state_mismatch")
    if "error" in request.GET or not request.GET.get("code"):
        reason = request.GET.get("error", "no_code")[:60]
        message = f"The provider did not sign you in ({reason})."
        return _refusal(request, message, district=district, reason=f"provider_error:{reason}")
    try:
        client_secret = provider.client_secret
    except SecretUnreadable as error:
        logger.error("Sign-in through district %s's provider stopped: %s", district.pk, error)
        return render(request, "registration/sso_unavailable.html", status=503)
    try:
        document = oidc.discovery(provider.issuer)
        tokens = oidc.exchange_code(
            document,
            client_id=provider.client_id,
            client_secret=client_secret,
            code=request.GET["code"],
            redirect_uri=_callback_url(request),
            verifier=pending["verifier"],
        )
        claims = oidc.validate_id_token(
            tokens["id_token"], document=document, client_id=provider.client_id, nonce=pending["nonce"]
        )
        if not claims.get(provider.stable_id_claim) or not claims.get("email"):
            extra = oidc.userinfo(document, tokens.get("access_token", ""))
            if extra.get("sub") == claims["sub"]:
                claims = {**extra, **claims}
    except oidc.ProviderUnavailable as error:
        return _unavailable(request, error)
    except oidc.TokenRefused as error:
        return _refusal(request, str(error), district=district, reason=error.reason)
    try:
        person = person_for_sign_in(provider=provider, claims=claims)
    except SignInRefused as error:
        refusal = {"reason": error.reason, "label": error.label, "person": error.person}
        return _refusal(request, str(error), district=district, **refusal)
    if not provider_sign_in(request, person=person, provider=provider, claims=claims):
        return _paused(request)
    request.session[SESSION_LOGOUT] = oidc.end_session_url(
        document,
        id_token=tokens["id_token"],
        client_id=provider.client_id,
        post_logout_redirect_uri=request.build_absolute_uri(reverse("login")),
    )
    return redirect(pending["next"] or "home")


def _refusal(request, message: str, status: int = 403, **refusal):
    """The refused page, the refusal recorded; the paused page where the name is paused at this address."""
    if provider_sign_in_refused(request, **refusal):
        return _refused(request, message, status)
    return _paused(request)


def _paused(request):
    return render(request, "registration/locked_out.html", status=429)


class LogoutView(auth_views.LogoutView):
    """Ends the portal's session, then the provider's where it offers an end-session endpoint."""

    def post(self, request, *args, **kwargs):
        provider_logout = request.session.get(SESSION_LOGOUT, "")
        response = super().post(request, *args, **kwargs)
        return HttpResponseRedirect(provider_logout) if provider_logout else response


@require_http_methods(["GET", "POST"])
def sign_in_settings(request):
    district = request.user.member_district
    if not rules.may_configure_sign_in(request.user, district):
        raise PermissionDenied("The district's sign-in is set by its administrators.")
    provider = IdentityProvider.objects.filter(district=district).first()
    form = IdentityProviderForm(request.POST or None, instance=provider, district=district)
    if request.method == "POST" and request.POST.get("action") == "test":
        if provider is None:
            messages.error(request, "Save the provider's settings first, then test the connection.")
        else:
            try:
                document = oidc.discovery(provider.issuer, fresh=True)
                keyset = oidc.keys(document, fresh=True)
            except oidc.ProviderUnavailable as error:
                messages.error(request, f"The connection failed. {error}")
            else:
                messages.success(
                    request,
                    f"The connection works: the provider {document['issuer']} publishes {len(keyset.keys)} signing "
                    f"key(s), and offers{'' if document.get('end_session_endpoint') else ' no'} sign-out.",
                )
        return redirect("sign_in_settings")
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            identity_provider_save(
                district=district, by=request.user, values=values, client_secret=form.cleaned_data["client_secret"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Sign-in settings saved.")
            return redirect("sign_in_settings")
    return render(
        request,
        "policyportal/sign_in_settings.html",
        {"form": form, "provider": provider, "callback_url": _callback_url(request)},
    )


class LoginView(auth_views.LoginView):
    """The sign-in page, email first: its first step asks for the work email (sso_start sends the person to their
    district's provider or back here with `?username=`); its password step asks for the portal's password."""

    redirect_authenticated_user = True

    def get_initial(self):
        return {"username": self.request.GET.get("username", "")[:254]}

    def asks_for_password(self) -> bool:
        return self.request.method == "POST" or "username" in self.request.GET

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.asks_for_password():
            return {**context, "step": "password"}
        return {**context, "step": "email", "email_form": WorkEmailForm()}

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        origins = selectors.identity_provider_origins() if context["step"] == "email" else []
        if origins:  # the work-email form's redirect goes on to the district's provider
            response._csp_update = {"form-action": origins}  # type: ignore[attr-defined]
        return response
