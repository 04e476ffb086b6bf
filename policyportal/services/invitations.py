"""Invitations: a person the portal knows (a district's first administrator, or someone added to its people)
chooses their password through an emailed link that works once, for seven days (`policyportal.invitations`).

The email goes through the outbox like every other: a notification written in the caller's transaction,
mailed after commit, retried until it goes out.
"""

import uuid
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from audits.recorder import record
from policyportal import rules
from policyportal.invitations import INVITATION_DAYS, KIND, LinkState, invitation_tokens
from policyportal.models import Notification, User
from policyportal.notifications import notify
from policyportal.selectors import has_acting_administrator
from policyportal.services.submissions import submission_claim, submission_done

REFUSED_LINK = {
    LinkState.EXPIRED: f"This invitation link has expired: links work for {INVITATION_DAYS} days.",
    LinkState.SPENT: "This invitation link no longer works: it was used, or a newer invitation replaced it.",
}


@transaction.atomic
def invitation_send(
    *, user: User, by: User | None, renewed: bool = False, form_token: uuid.UUID | None = None
) -> Notification:
    """Send `user` an invitation to choose their password, ending any earlier link of theirs. `by` is an
    administrator of their district, an operator (a district's first administrator only) or None (the portal:
    a command, or the invitee asking again from an expired link, `renewed=True`). The form's `form_token` sends
    it once however often the form is sent: a double click neither mails twice nor ends the link just mailed."""
    person = User.objects.select_for_update(of=("self",)).select_related("district").get(pk=user.pk)
    submission = submission_claim(token=form_token, by=by, form="person.invite") if by is not None else None
    district = person.district
    if district is None:
        raise ValidationError("Installation operators are not invited: they are made with manage.py createsuperuser.")
    if not rules.may_invite(by, person, has_acting_administrator=has_acting_administrator(district)):
        raise PermissionDenied(
            f"Only an administrator of {district.name} invites its people (an operator invites only the first)."
        )
    name = person.display_name
    if not person.is_active:
        raise ValidationError(f"{name}'s account is closed: reopen it before inviting them.")
    if not person.email:
        raise ValidationError({"email": f"{name} has no email address to send the invitation to."})
    if rules.has_accepted(person):
        raise ValidationError(
            f"{name} has already chosen a password and can sign in. If they forgot it, "
            '"Forgot your password?" on the sign-in page mails them a link.'
        )
    person.set_unusable_password()  # a new unusable password: every earlier link of theirs stops working
    person.save(update_fields=["password"])
    user.password = person.password
    expires = timezone.localtime(timezone.now() + timedelta(days=INVITATION_DAYS), ZoneInfo(district.time_zone))
    role = person.get_role_display().lower()
    who = f"{by.display_name} invited you" if by is not None else "You are invited"
    notification = notify(
        recipient=person,
        kind=KIND,
        title=f"You are invited to the Policy Portal of {district.name}",
        body=(
            f"{who} to the Policy Portal of {district.name}, as {role}. Your username is {person.username}. "
            f"Choose your password with the link below: it works once, until {expires:%B %-d, %Y at %-I:%M %p} "
            f"({district.time_zone})."
        ),
        email=True,  # no link stored: a working one is made as the email is mailed (policyportal.outbox)
    )
    submission_done(submission, notification)
    record(
        action="user.invited",
        actor=by,
        district=district,
        target=person,
        payload={"email": person.email, "role": person.role, "expires_at": expires, "renewed": renewed},
    )
    return notification


@transaction.atomic
def invitation_accept(*, user: User, token: str, password: str) -> None:
    """Set the invited person's password from their link, which it spends. Refuses a link that is not valid now
    (used, replaced, expired) and a password Django's validators refuse."""
    person = User.objects.select_for_update().get(pk=user.pk)
    state = invitation_tokens.state(person, token)
    if state != LinkState.VALID:
        raise ValidationError(REFUSED_LINK[state])
    if not person.is_active:
        raise ValidationError("This account is closed. Ask your district administrator.")
    password_validation.validate_password(password, person)
    person.set_password(password)
    person.save(update_fields=["password"])
    user.password = person.password
    Notification.objects.filter(recipient=person, kind=KIND, read_at__isnull=True).update(read_at=timezone.now())
    record(action="user.invitation_accepted", actor=person, target=person)


@transaction.atomic
def invitation_renew(*, user: User, token: str) -> bool:
    """The invitee asks for a new link from their expired one: a new invitation goes to the address on the
    account. Nothing happens (False) unless the link was genuine and only expired, and the person has not yet
    chosen a password; so a link renews once, and nobody can mail invitations to people never invited."""
    person = User.objects.select_for_update().get(pk=user.pk)
    if invitation_tokens.state(person, token) != LinkState.EXPIRED:
        return False
    if not person.is_active or not person.email or rules.has_accepted(person):
        return False
    invitation_send(user=person, by=None, renewed=True)
    return True
