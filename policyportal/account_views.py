"""Django's password views, with each password change recorded and reset emails sent by Celery."""

from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.views import INTERNAL_RESET_SESSION_TOKEN
from django.db import transaction
from django.http import HttpResponseRedirect

from policyportal import services
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
