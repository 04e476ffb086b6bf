"""Django's password views, with each password change recorded and reset emails sent by Celery."""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.views import INTERNAL_RESET_SESSION_TOKEN
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from policyportal import outbox, services
from policyportal.models import NotificationPreference
from policyportal.tasks import send_password_reset_email


class QueuedPasswordResetForm(PasswordResetForm):
    """Queues the email instead of sending it, so that the answer takes as long whether or not the address
    has an account. The worker makes the link itself from the user's id."""

    def save(self, **kwargs) -> None:
        for user in self.get_users(self.cleaned_data["email"]):
            transaction.on_commit(lambda user_id=user.pk: send_password_reset_email.delay(user_id))


class PasswordResetView(auth_views.PasswordResetView):
    form_class = QueuedPasswordResetForm


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
