"""Password reset links, made as their email is mailed (policyportal.outbox), so no working link is ever stored:
the outbox row says only that someone asked."""

from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from policyportal.models import User

KIND = "account.password_reset"


def link_path(user: User) -> str:
    """The path of a new reset link for `user`; it works for PASSWORD_RESET_TIMEOUT, until the password changes."""
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("password_reset_confirm", args=[uidb64, default_token_generator.make_token(user)])
