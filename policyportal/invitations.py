"""Invitation links: a signed token, like a password reset's, that lets a new person choose their password.

A link works once and for INVITATION_DAYS. Its signature covers the account's password field, which is
unusable until the person accepts: accepting sets a password, and sending a new invitation draws a new
unusable one, so either ends every earlier link. Its own key salt keeps it apart from password reset links.
"""

from datetime import timedelta
from enum import Enum

from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes, force_str
from django.utils.http import base36_to_int, urlsafe_base64_decode, urlsafe_base64_encode

from policyportal.models import User

KIND = "account.invitation"  # its notification: the outbox makes its link as the email is mailed
INVITATION_DAYS = 7


class LinkState(Enum):
    VALID = "valid"
    EXPIRED = "expired"  # a genuine link, older than INVITATION_DAYS: the invitee may ask for a new one
    SPENT = "spent"  # used, replaced by a newer invitation, or never genuine: they cannot be told apart


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "policyportal.invitations.InvitationTokenGenerator"
    timeout = timedelta(days=INVITATION_DAYS)

    def state(self, user: User | None, token: str) -> LinkState:
        """What the link is now. Django's check_token answers only yes or no, with the reset timeout."""
        if user is None or not token:
            return LinkState.SPENT
        try:
            ts_b36, _ = token.split("-")
            timestamp = base36_to_int(ts_b36)
        except ValueError:
            return LinkState.SPENT
        genuine = any(
            constant_time_compare(self._make_token_with_timestamp(user, timestamp, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        )
        if not genuine:
            return LinkState.SPENT
        if self._num_seconds(self._now()) - timestamp > self.timeout.total_seconds():
            return LinkState.EXPIRED
        return LinkState.VALID

    def check_token(self, user, token) -> bool:
        return self.state(user, token) == LinkState.VALID


invitation_tokens = InvitationTokenGenerator()


def link_path(user: User) -> str:
    """The path of a new invitation link for `user` (the email makes it absolute with PORTAL_BASE_URL)."""
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("invitation_accept", args=[uidb64, invitation_tokens.make_token(user)])


def invitee(uidb64: str) -> User | None:
    """The district member a link was made for, or None. Operators are never invited."""
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (ValueError, TypeError, OverflowError):
        return None
    return User.objects.select_related("district").filter(pk=pk, district__isnull=False).first()
