"""The only code that changes districts, schools, people and notifications. Each call writes its audit event."""

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from audits.recorder import record
from policyportal import outbox, policy_templates, rules
from policyportal.models import (
    KEYED,
    AppliesTo,
    ChecklistItem,
    District,
    Notification,
    NotificationPreference,
    PolicyVersion,
    Role,
    School,
    User,
)
from policyportal.notifications import notify
from policyportal.services.submissions import submission_claim, submission_done


def _require_admin_of(district: District, by: User | None) -> None:
    """`by=None` is the system itself (the demo seed, a management command run by an operator)."""
    if by is not None and not rules.administers(by, district):
        raise PermissionDenied("Only a district administrator of this district can do this.")


@transaction.atomic
def school_create(*, district: District, name: str, by: User | None = None) -> School:
    _require_admin_of(district, by)
    name = name.strip()
    if School.objects.filter(district=district, name__iexact=name).exists():
        raise ValidationError({"name": f"{district.name} already has a school named {name!r}."})
    school = School.objects.create(district=district, name=name)
    record(action="school.created", actor=by, district=district, target=school)
    return school


@transaction.atomic
def user_create(
    *,
    district: District,
    username: str,
    email: str,
    first_name: str,
    last_name: str,
    role: str = Role.EMPLOYEE,
    title: str = "",
    school: School | None = None,
    supervisor: User | None = None,
    password: str | None = None,
    by: User | None = None,
) -> User:
    _require_admin_of(district, by)
    if role not in Role.values:
        raise ValidationError({"role": f"{role!r} is not a role."})
    if school is not None and school.district_id != district.pk:
        raise ValidationError({"school": "The school belongs to another district."})
    if supervisor is not None and (supervisor.district_id != district.pk or not supervisor.can_supervise):
        raise ValidationError({"supervisor": "The supervisor must be a supervisor or administrator of this district."})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": f"The username {username!r} is taken."})
    user = User(
        district=district,
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        role=role,
        title=title,
        school=school,
        supervisor=supervisor,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    if school is not None:
        user.schools.add(school)
    record(
        action="user.created",
        actor=by,
        district=district,
        target=user,
        payload={"role": role, "school": school.name if school else None, "supervisor": supervisor and supervisor.pk},
    )
    notify(
        recipient=user,
        kind="welcome",
        title=f"Welcome to the Policy Portal of {district.name}",
        body="Start by reading your district's social media rules: each one cites the clause it comes from.",
        link=reverse("policy"),
    )
    return user


@transaction.atomic
def policy_publish(
    *, district: District, by: User, items: list[dict], based_on: int, form_token: uuid.UUID | None = None
) -> PolicyVersion:
    """Publish the district's next policy version. Items are never edited in place: answers and promises
    keep pointing at the exact wording they were given against. Each item is a dict with `applies_to`,
    `clause_id`, `key` (for the kinds acted on by a code), `text` and `guidance`, in the order they are to appear.
    The form's `form_token` publishes once however often the form is sent."""
    _require_admin_of(district, by)
    if by is None:
        raise PermissionDenied("A policy version is published by a district administrator.")
    submission = submission_claim(token=form_token, by=by, form="policy.publish")
    if not any(item["applies_to"] == AppliesTo.SITE_REVIEW for item in items):
        raise ValidationError("A policy version needs at least one site-review item, or reviews would check nothing.")
    for kind, noun in ((AppliesTo.VIOLATION_CATEGORY, "category"), (AppliesTo.VIOLATION_OUTCOME, "outcome")):
        if not any(item["applies_to"] == kind for item in items):
            raise ValidationError(
                f"A policy version needs at least one violation {noun}, or violations could not be reported "
                "and resolved."
            )
    for number, item in enumerate(items, start=1):
        if (item["applies_to"] in KEYED) != bool(item.get("key")):
            raise ValidationError(
                f"Item {number} ({item['clause_id']}): pre-check rules, violation categories and outcomes have a "
                "code, and only they do."
            )
    if repeated := policy_templates.repeated_key((item["applies_to"], item.get("key", "")) for item in items):
        raise ValidationError(f"Nothing was published: {repeated}")
    current = PolicyVersion.objects.select_for_update().filter(district=district).order_by("-number").first()
    current_number = current.number if current else 0
    if current_number != based_on:
        raise ValidationError(
            f"Version {current_number} was published while you edited version {based_on}. "
            "Nothing was published: reload the page and make your changes on the new version."
        )
    version = PolicyVersion.objects.create(
        district=district,
        number=(current.number if current else 0) + 1,
        title=current.title if current else "District social media rules",
        source=current.source if current else "",
        published_by=by,
    )
    positions: dict[str, int] = {}
    rows = []
    for item in items:
        positions[item["applies_to"]] = positions.get(item["applies_to"], 0) + 1
        rows.append(ChecklistItem(policy_version=version, position=positions[item["applies_to"]], **item))
    for row in rows:
        row.full_clean(exclude=["policy_version"])
    ChecklistItem.objects.bulk_create(rows)
    submission_done(submission, version)
    record(action="policy.published", actor=by, target=version, payload={"number": version.number, "items": len(rows)})
    return version


@transaction.atomic
def user_password_set(*, user: User, password: str, how: str) -> None:
    """`how` is "changed" (signed in, with the old password) or "reset" (through an emailed link)."""
    user.set_password(password)
    user.save(update_fields=["password"])
    record(action=f"auth.password_{how}", actor=user, target=user)


@transaction.atomic
def notification_mark_read(*, notification: Notification, by: User) -> bool:
    """Marks one of `by`'s notifications read. Returns False if it already was (nothing recorded)."""
    if notification.recipient_id != by.pk:
        raise PermissionDenied("This notification is not yours.")
    changed = Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=timezone.now())
    if changed:
        record(action="notification.read", actor=by, target=notification)
    return bool(changed)


@transaction.atomic
def notifications_mark_all_read(*, by: User) -> int:
    count = Notification.objects.filter(recipient=by, read_at__isnull=True).update(read_at=timezone.now())
    if count:
        record(action="notification.all_read", actor=by, target=by, payload={"count": count})
    return count


@transaction.atomic
def notification_preferences_set(*, user: User, daily_digest: dict[str, bool]) -> list[str]:
    """Record, per kind of reminder, whether `user` takes it as a daily digest. Returns the kinds changed.
    Only the reminders in `outbox.DIGESTIBLE` wait for a digest; escalations and everything else go at once."""
    unknown = sorted(set(daily_digest) - set(outbox.DIGESTIBLE))
    if unknown:
        raise ValidationError(f"Only reminders can wait for the daily digest, not: {', '.join(unknown)}.")
    current = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "daily_digest"))
    changed = [kind for kind, digest in daily_digest.items() if current.get(kind, False) != digest]
    for kind in changed:
        NotificationPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"daily_digest": daily_digest[kind]}
        )
    if changed:
        record(
            action="notification.preferences_changed",
            actor=user,
            target=user,
            payload={k: daily_digest[k] for k in changed},
        )
    return changed


DISTRICT_SETTINGS = (
    "time_zone",
    "approval_chain",
    "monitoring_cadence_days",
    "review_cadence_days",
    "decision_deadline_days",
    "escalation_grace_days",
    "finding_due_days",
    "staff_sync_leaver_limit_percent",
)


@transaction.atomic
def district_settings_update(*, district: District, by: User, values: dict) -> list[str]:
    """Change the district's policy settings; returns the names that changed. New periods use them at once."""
    _require_admin_of(district, by)
    if by is None:
        raise PermissionDenied("District settings are changed by a district administrator.")
    district = District.objects.select_for_update().get(pk=district.pk)
    changes = {
        name: [getattr(district, name), values[name]]
        for name in DISTRICT_SETTINGS
        if name in values and getattr(district, name) != values[name]
    }
    for name, (_, new) in changes.items():
        setattr(district, name, new)
    district.full_clean()
    district.save()
    if changes:
        record(action="district.settings_changed", actor=by, district=district, target=district, payload=changes)
    return list(changes)
