"""A new district, from nothing: its row and first policy version from a policy template, then its first
administrator's invitation. An installation operator's work, from the operator pages or
`manage.py district_create` (`by=None`).

Every event is recorded in the new district's own audit chain, as the districts installed at migration are.
"""

import re
import uuid
from zoneinfo import available_timezones

from django.contrib.auth.models import BaseUserManager
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction

from audits.recorder import record
from policyportal import policy_templates, rules
from policyportal.models import ChecklistItem, District, PolicyVersion, Role, User
from policyportal.selectors import has_acting_administrator
from policyportal.services.invitations import invitation_send
from policyportal.services.submissions import submission_claim, submission_done

SLUG_HELP = "lowercase letters, digits and hyphens, such as springfield or region-7"


@transaction.atomic
def district_create(
    *, name: str, slug: str, time_zone: str, template: str, by: User | None = None, form_token: uuid.UUID | None = None
) -> District:
    """Create a district with its first policy version, the template's items in its order, and the district
    defaults the template suggests. Refuses (ValidationError by field, nothing created) a name or slug already
    used, a slug of the wrong shape, an unknown time zone or template. The form's `form_token` creates it once
    however often the form is sent."""
    if by is not None and not rules.is_operator(by):
        raise PermissionDenied("Only an installation operator creates districts.")
    submission = submission_claim(token=form_token, by=by, form="district.create") if by is not None else None
    name, slug, time_zone = name.strip(), slug.strip(), time_zone.strip()
    errors: dict[str, str] = {}
    same_name = District.objects.filter(name__iexact=name).values_list("name", flat=True).first()
    if not name:
        errors["name"] = "Give the district's name."
    elif len(name) > 200:
        errors["name"] = f"The name has {len(name)} characters; at most 200 fit."
    elif same_name is not None:
        errors["name"] = f"There is already a district named {same_name!r}."
    if not policy_templates.SLUG.match(slug) or len(slug) > 60:
        errors["slug"] = f"{slug!r} is not a slug: use at most 60 {SLUG_HELP}."
    elif District.objects.filter(slug=slug).exists():
        errors["slug"] = f"The slug {slug!r} belongs to another district."
    if time_zone not in available_timezones():
        errors["time_zone"] = f"{time_zone!r} is not a known time zone (for example America/New_York)."
    try:
        chosen = policy_templates.load(template)
    except (policy_templates.UnknownTemplate, policy_templates.TemplateError) as error:
        errors["template"] = str(error)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            district = District.objects.create(name=name, slug=slug, time_zone=time_zone, **chosen.defaults)
    except IntegrityError as error:  # another operator created the same name or slug a moment ago
        raise ValidationError(
            "A district with this name or slug was created meanwhile. Nothing was created."
        ) from error
    submission_done(submission, district)
    version = PolicyVersion.objects.create(district=district, number=1, title=chosen.title, source=chosen.source)
    ChecklistItem.objects.bulk_create(
        ChecklistItem(policy_version=version, position=position, **item.as_dict())
        for position, item in chosen.positioned_items()
    )
    about = {"source": chosen.source, "template": chosen.name}
    record(
        action="district.created",
        actor=by,
        district=district,
        target=district,
        payload={"approval_chain": district.approval_chain, "time_zone": time_zone, **about},
    )
    record(
        action="policy.published",
        actor=by,
        district=district,
        target=version,
        payload={"number": 1, "items": len(chosen.items), **about},
    )
    return district


def username_for(email: str) -> str:
    """An invited administrator signs in with their email address, as far as Django's usernames allow."""
    return re.sub(r"[^\w.@+-]", "_", email.lower())[:150]


@transaction.atomic
def district_administrator_invite(
    *,
    district: District,
    email: str,
    first_name: str,
    last_name: str,
    by: User | None = None,
    form_token: uuid.UUID | None = None,
) -> User:
    """Make the district's first administrator (or a new one once its last has left) and send their invitation.
    The same address, invited before and not yet accepted, gets a new invitation instead (its old link ends).
    Refused once the district has an acting administrator: they invite its people themselves. The form's
    `form_token` invites once however often the form is sent."""
    district = District.objects.select_for_update().get(pk=district.pk)  # one invitation at a time per district
    submission = submission_claim(token=form_token, by=by, form="district.administrator") if by is not None else None
    has_acting = has_acting_administrator(district)
    if not rules.may_invite_first_administrator(by, has_acting_administrator=has_acting):
        if has_acting:
            raise ValidationError(
                f"{district.name} already has an administrator, who invites its people. "
                "Nothing was sent: ask them, or the district's IT staff."
            )
        raise PermissionDenied("Only an installation operator invites a district's first administrator.")
    email = BaseUserManager.normalize_email(email.strip())
    first_name, last_name = first_name.strip(), last_name.strip()
    errors: dict[str, str] = {}
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = f"{email!r} is not an email address." if email else "Give their email address."
    if not first_name:
        errors["first_name"] = "Give their first name."
    if not last_name:
        errors["last_name"] = "Give their last name."
    if len(first_name) > 150 or len(last_name) > 150 or len(email) > 150:
        errors.setdefault("email", "Names and the email address fit 150 characters each.")
    if errors:
        raise ValidationError(errors)
    username = username_for(email)
    existing = (
        User.objects.select_related("district").filter(username__iexact=username).first()
        or User.objects.select_related("district").filter(district=district, email__iexact=email).first()
    )
    if existing is not None:
        pending = existing.district_id == district.pk and existing.is_district_admin and existing.is_active
        if not pending or rules.has_accepted(existing):
            raise ValidationError({"email": f"An account with the address {email} already exists. Use another."})
        invitation_send(user=existing, by=by)
        submission_done(submission, existing)
        return existing
    person = User(
        district=district,
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        role=Role.DISTRICT_ADMIN,
    )
    person.set_unusable_password()
    person.full_clean()
    person.save()
    record(
        action="user.created",
        actor=by,
        district=district,
        target=person,
        payload={"role": person.role, "school": None, "supervisor": None},
    )
    invitation_send(user=person, by=by)
    submission_done(submission, person)
    return person
