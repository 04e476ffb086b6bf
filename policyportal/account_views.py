"""Django's password views, with each password change recorded and reset emails sent through the outbox."""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.views import INTERNAL_RESET_SESSION_TOKEN
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from policyportal import outbox, services
from policyportal.models import NotificationPreference
from policyportal.services.password_reset import password_reset_request


class OutboxPasswordResetForm(PasswordResetForm):
    """Records that the address asked instead of looking it up and mailing, so the answer never waits on the
    broker or the mail server, and an address with an account gets the same page, in the same time, as one without;
    the delivery sweep mails the accounts with the address."""

    def save(self, **kwargs) -> None:
        password_reset_request(email=self.cleaned_data["email"])


class PasswordResetView(auth_views.PasswordResetView):
    form_class = OutboxPasswordResetForm


class PasswordChangeView(auth_views.PasswordChangeView):
    def form_valid(self, form):
        services.user_password_set(user=form.user, password=form.cleaned_data["new_password1"], how="changed")
        update_session_auth_hash(self.request, form.user)
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form):
        services.user_password_set(user=form.user, password=form.cleaned_data["new_password1"], how="reset")
        del self.request.session[INTERNAL_RESET_SESSION_TOKEN]
        return HttpResponseRedirect(self.get_success_url())


@require_http_methods(["GET", "POST"])
def email_settings(request):
    """Per kind of reminder: mail at once or one daily digest. Escalations are always mailed at once."""
    chosen = dict(NotificationPreference.objects.filter(user=request.user).values_list("kind", "daily_digest"))
    if request.method == "POST":
        choices = {kind: request.POST.get(kind) == "digest" for kind in outbox.DIGESTIBLE if kind in request.POST}
        services.notification_preferences_set(user=request.user, daily_digest=choices)
        messages.success(request, "Your email choices are saved.")
        return redirect("email_settings")
    kinds = [(kind, label, chosen.get(kind, False)) for kind, label in outbox.DIGESTIBLE.items()]
    return render(request, "registration/email_settings.html", {"kinds": kinds})
