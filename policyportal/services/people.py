"""People, managed by their district's administrators: add, edit, deactivate (handing on their open work) and
reactivate. Each call is one transaction that records its audit events; a refusal changes nothing.

`by=None` is the portal itself acting for the district (a directory sync, a management command), as in the
other core services: it may do what an administrator may, and is recorded without an actor.
"""

import re
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse

from audits.forms import positive_int
from audits.recorder import record
from policyportal import handover as open_work
from policyportal import rules
from policyportal.models import District, EmailStatus, Notification, Role, School, User
from policyportal.notifications import notify
from policyportal.services.invitations import invitation_send
from policyportal.services.submissions import submission_claim, submission_done

# What `person_update` changes. Relations are recorded by id (a set of schools as a sorted list of ids).
FIELDS = (
    "first_name",
    "last_name",
    "email",
    "title",
    "role",
    "school",
    "schools",
    "supervisor",
    "supervisor_overridden",
)
_RELATIONS = ("school", "supervisor")


def _require_admin(district: District, by: User | None) -> None:
    if by is not None and not rules.administers(by, district):
        raise PermissionDenied("Only a district administrator of this district manages its people.")


def _lock_people(person: User) -> User:
    """The person's row, locked; for an administrator, every active administrator of the district first (in id
    order, the same for every writer), so that two administrators closing each other's accounts, or demoting
    each other, at the same moment cannot both succeed and leave the district with none."""
    if User.objects.filter(pk=person.pk, role=Role.DISTRICT_ADMIN).exists():
        list(
            User.objects.select_for_update()
            .filter(district_id=person.member_district_id, role=Role.DISTRICT_ADMIN, is_active=True)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
    return User.objects.select_for_update(of=("self",)).select_related("district", "supervisor").get(pk=person.pk)


def _email_taken(district: District, email: str, person: User | None) -> User | None:
    others = User.objects.filter(district=district, email__iexact=email)
    if person is not None and person.pk:
        others = others.exclude(pk=person.pk)
    return others.order_by("pk").first()


def _check(
    district: District, person: User, values: Mapping[str, Any], *, changing: Iterable[str]
) -> dict[str, list[str]]:
    """Every problem with the values of the fields in `changing`, by field: all of them at once, so the form
    can show each beside its field and keep what was typed."""
    errors: dict[str, list[str]] = {}
    changing = set(changing)

    def refuse(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    for name, what in (("first_name", "first name"), ("last_name", "last name")):
        if name in changing and not str(values.get(name) or "").strip():
            refuse(name, f"Enter their {what}.")
    if "email" in changing:
        email = str(values.get("email") or "").strip()
        if not email:
            refuse("email", "Enter their email address: invitations, reminders and decisions go there.")
        else:
            other = _email_taken(district, email, person)
            if other is not None:
                closed = "" if other.is_active else " (deactivated)"
                refuse("email", f"{email} is already the address of {other.display_name}{closed} in this district.")
    if "role" in changing and values.get("role") not in Role.values:
        refuse("role", f"{values.get('role')!r} is not a role.")
    school = values.get("school")
    if "school" in changing and school is not None and school.district_id != district.pk:
        refuse("school", "Choose a school of this district.")
    if "schools" in changing and any(s.district_id != district.pk for s in values.get("schools") or ()):
        refuse("schools", "Choose schools of this district.")
    supervisor = values.get("supervisor")
    if "supervisor" in changing and supervisor is not None and not rules.may_supervise(supervisor, person):
        if supervisor.pk is not None and supervisor.pk == person.pk:
            refuse("supervisor", "Nobody supervises themselves: choose someone else.")
        else:
            refuse(
                "supervisor",
                f"{supervisor.display_name} cannot supervise: choose an active supervisor or administrator "
                "of this district.",
            )
    return errors


def _username_for(email: str, username: str) -> str:
    """The username asked for, or one made from the email address (with a number if it is taken)."""
    if username:
        return username
    base = re.sub(r"[^\w.@+-]", "", email.split("@")[0].lower())[:140] or "person"
    candidate, number = base, 1
    while User.objects.filter(username__iexact=candidate).exists():
        number += 1
        candidate = f"{base}{number}"
    return candidate


def _schools_with(school: School | None, schools: Iterable[School]) -> list[School]:
    """Everyone works at least at their main school."""
    found = {s.pk: s for s in schools}
    if school is not None:
        found.setdefault(school.pk, school)
    return list(found.values())


@transaction.atomic
def person_create(
    *,
    district: District,
    by: User | None,
    email: str,
    first_name: str,
    last_name: str,
    username: str = "",
    title: str = "",
    role: str = Role.EMPLOYEE,
    school: School | None = None,
    schools: Iterable[School] = (),
    supervisor: User | None = None,
    supervisor_overridden: bool | None = None,
    invite: bool = False,
    form_token: uuid.UUID | None = None,
) -> User:
    """Add a person to the district. They have no password until they accept an invitation (or reset one).
    A supervisor chosen by an administrator is kept across directory syncs (`supervisor_overridden`), unless
    the caller says otherwise. The form's `form_token` adds them once however often the form is sent."""
    _require_admin(district, by)
    submission = submission_claim(token=form_token, by=by, form="person.create") if by is not None else None
    email, username = email.strip(), username.strip()
    person = User(district=district)
    values = {
        "first_name": first_name,
        "last_name": last_name,
        "email": email,
        "role": role,
        "school": school,
        "schools": list(schools),
        "supervisor": supervisor,
    }
    errors = _check(district, person, values, changing=values)
    if username and User.objects.filter(username__iexact=username).exists():
        errors.setdefault("username", []).append(f"The username {username!r} is taken.")
    if errors:
        raise ValidationError(errors)
    if supervisor_overridden is None:
        supervisor_overridden = supervisor is not None and by is not None
    person = User(
        district=district,
        username=_username_for(email, username),
        email=email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        title=title.strip(),
        role=role,
        school=school,
        supervisor=supervisor,
        supervisor_overridden=supervisor_overridden,
    )
    person.set_unusable_password()
    person.full_clean(exclude=["password"])
    person.save()
    submission_done(submission, person)
    works_at = _schools_with(school, schools)
    person.schools.add(*works_at)
    record(
        action="user.created",
        actor=by,
        district=district,
        target=person,
        payload={
            "username": person.username,
            "email": person.email,
            "role": role,
            "title": person.title,
            "school": school.pk if school else None,
            "schools": sorted(s.pk for s in works_at),
            "supervisor": supervisor.pk if supervisor else None,
            "supervisor_overridden": supervisor_overridden,
        },
    )
    notify(
        recipient=person,
        kind="welcome",
        title=f"Welcome to the Policy Portal of {district.name}",
        body="Start by reading your district's social media rules: each one cites the clause it comes from.",
        link=reverse("policy"),
    )
    if invite:
        invitation_send(user=person, by=by)
    return person


def _recorded(name: str, value: Any) -> Any:
    if name == "schools":
        return sorted(school.pk for school in value)
    if name in _RELATIONS:
        return value.pk if value is not None else None
    return value


@transaction.atomic
def person_update(*, person: User, by: User | None, values: Mapping[str, Any]) -> dict[str, list]:
    """Change any of `FIELDS`; returns what changed, `{field: [old, new]}` (relations by id), which is also the
    payload of its one `user.updated` event. Nothing changed, nothing recorded.

    Choosing a new supervisor by hand (an administrator, `by` given) marks it as theirs
    (`supervisor_overridden`), kept across directory syncs, unless `values` says `supervisor_overridden`
    itself; `supervisor_overridden=False` alone lets the next sync choose again."""
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise ValueError(f"person_update does not change {sorted(unknown)}")
    district = person.member_district
    _require_admin(district, by)
    person = _lock_people(person)
    current = {name: _recorded(name, getattr(person, name)) for name in FIELDS if name != "schools"}
    current["schools"] = sorted(person.schools.values_list("pk", flat=True))
    values = {name: value.strip() if isinstance(value, str) else value for name, value in values.items()}
    if "schools" in values or "school" in values:
        main = values.get("school", person.school)
        values["schools"] = _schools_with(main, values["schools"] if "schools" in values else person.schools.all())
    chosen = "supervisor" in values and _recorded("supervisor", values["supervisor"]) != current["supervisor"]
    if chosen and by is not None and "supervisor_overridden" not in values:
        values["supervisor_overridden"] = True
    changing = [name for name in values if _recorded(name, values[name]) != current[name]]
    errors = _check(district, person, values, changing=changing)
    if "role" in changing and values["role"] != Role.DISTRICT_ADMIN and rules.is_last_administrator(person):
        errors.setdefault("role", []).append(
            f"{person.display_name} is the district's last active administrator: make someone else an "
            "administrator first."
        )
    if errors:
        raise ValidationError(errors)
    if not changing:
        return {}
    changes = {name: [current[name], _recorded(name, values[name])] for name in FIELDS if name in changing}
    for name in changing:
        if name != "schools":
            setattr(person, name, values[name])
    columns = [name for name in changing if name != "schools"]
    if columns:
        person.full_clean(exclude=["password"])
        person.save(update_fields=columns)
    if "schools" in changing:
        person.schools.set(values["schools"])
    if "email" in changing:  # what could not be mailed to the old address is tried at the new one
        retried = Notification.objects.filter(recipient=person, email_status=EmailStatus.FAILED).update(
            email_status=EmailStatus.PENDING, email_attempts=0, email_next_attempt_at=None, email_error=""
        )
        if retried:
            changes["emails_retried"] = [0, retried]
    record(action="user.updated", actor=by, district=district, target=person, payload=changes)
    return changes


class HandoverRefused(ValidationError):
    """Some items could not go where they were sent: `error_dict` is keyed by item key (`Item.key`)."""


def _destinations(
    plan: open_work.Plan, chosen: Mapping[str, "User | str"] | None, district_id: int
) -> tuple[dict[str, "User | str"], dict[str, list[str]]]:
    """Where each item goes: chosen, else its default. An action word must be one the item offers; a person
    must be of the district, for an item that goes to people (whether they may take it is the app's service
    to say, by its rule, so a caller may name anyone it allows, not only those the page lists). A choice for
    an item no longer in the plan (it changed meanwhile) is refused, not dropped."""
    chosen = chosen or {}
    errors = {
        key: ["This item changed while you were choosing (it is no longer theirs): look at the list again."]
        for key in chosen.keys() - {item.key for item in plan.items}
    }
    values: dict[str, str] = {}
    for item in plan.items:
        value = chosen.get(item.key, item.default)
        values[item.key] = str(value.pk) if isinstance(value, User) else str(value)
    ids = {pk for value in values.values() if (pk := positive_int(value))}
    people = {person.pk: person for person in User.objects.filter(pk__in=ids, district_id=district_id)}
    going: dict[str, User | str] = {}
    for item in plan.items:
        value = values[item.key]
        person_id = positive_int(value)
        takes_people = any(positive_int(choice) for choice, _ in item.choices)
        if person_id is not None and person_id in people and takes_people:
            going[item.key] = people[person_id]
        elif value in dict(item.choices) and person_id is None:
            going[item.key] = value
        else:
            errors[item.key] = [f"{item.label}: choose where it goes."]
    return going, errors


@transaction.atomic
def person_deactivate(
    *, person: User, by: User | None, handover: Mapping[str, "User | str"] | None = None
) -> open_work.Plan:
    """Close `person`'s account and hand on their open work, in one transaction.

    `handover` maps an item's key (`Item.key`, "kind:id") to where it goes: a person, or an action word of
    its kind ("suspend"); items it leaves out go to their defaults, so `None` hands everything on by the
    defaults (their own supervisor, else an administrator). Each item's app records its own event as it is
    handed on; `user.deactivated` follows with what went where. Refused whole, changing nothing: for the
    district's last active administrator, for oneself, or if any item cannot go where it is sent
    (`HandoverRefused`, by item key). Returns the plan as it was applied."""
    district = person.member_district
    _require_admin(district, by)
    if by is not None and by.pk == person.pk:
        raise PermissionDenied("Nobody closes their own account: ask another administrator.")
    person = _lock_people(person)
    if not person.is_active:
        raise ValidationError(f"{person.display_name}'s account is already deactivated.")
    if rules.is_last_administrator(person):
        raise ValidationError(
            f"{person.display_name} is the district's last active administrator: make someone else an "
            "administrator before closing this account."
        )
    plan = open_work.plan_for(person, by)
    going, errors = _destinations(plan, handover, person.member_district_id)
    if errors:
        raise HandoverRefused(errors)
    person.is_active = False
    person.save(update_fields=["is_active"])
    for kind, items in plan.work:
        for item in items:
            destination = going[item.key]
            if destination == open_work.LEFT:
                continue
            try:
                with transaction.atomic():
                    kind.hander(item.pk, destination, person=person, by=by)
            except ObjectDoesNotExist:
                errors[item.key] = [f"{item.label}: it changed while you were choosing. Check it and try again."]
            except (ValidationError, PermissionDenied) as refusal:
                messages = refusal.messages if isinstance(refusal, ValidationError) else [str(refusal)]
                errors[item.key] = [f"{item.label}: {' '.join(messages)}"]
    if errors:
        raise HandoverRefused(errors)
    record(
        action="user.deactivated",
        actor=by,
        district=district,
        target=person,
        payload={"handed_on": {key: _recorded_destination(to) for key, to in going.items()}},
    )
    return plan


def _recorded_destination(to: "User | str") -> "int | str":
    return to.pk if isinstance(to, User) else to


@transaction.atomic
def person_reactivate(*, person: User, by: User | None) -> User:
    """Open a closed account again. Nothing handed on comes back: the person starts with no open work."""
    district = person.member_district
    _require_admin(district, by)
    person = _lock_people(person)
    if person.is_active:
        raise ValidationError(f"{person.display_name}'s account is open already.")
    other = _email_taken(district, person.email, person) if person.email else None
    if other is not None and other.is_active:
        raise ValidationError(
            f"{other.display_name} now has the address {person.email}: change one of the two addresses first."
        )
    person.is_active = True
    person.save(update_fields=["is_active"])
    record(action="user.reactivated", actor=by, district=district, target=person)
    return person


# The core's own open work: the people who report to the leaver get another supervisor.


def _supervisees(leaver: open_work.Leaver) -> list[open_work.Item]:
    person = leaver.person
    reporting = list(User.objects.filter(supervisor=person, is_active=True).order_by("last_name", "first_name", "pk"))
    if not reporting:
        return []
    candidates = open_work.people_choosable(User.objects.filter(rules.supervisors_for(person)), person)
    items = []
    for supervisee in reporting:
        allowed = [c for c in candidates if c.pk != supervisee.pk]

        def accepts(candidate: User, supervisee: User = supervisee) -> bool:
            return rules.may_supervise(candidate, supervisee)

        default = leaver.default(accepts)
        items.append(
            open_work.item(
                kind="people.supervisees",
                pk=supervisee.pk,
                label=supervisee.display_name,
                link=reverse("person_edit", args=[supervisee.pk]),
                people=allowed,
                default=default,
            )
        )
    return items


def _supervisee_hand_on(pk: int, to: "User | str", *, person: User, by: User | None) -> None:
    if not isinstance(to, User):
        raise ValidationError("Choose who they report to now.")
    supervisee = User.objects.get(pk=pk, supervisor=person)
    # The directory may choose again later: this is a stand-in, not an administrator's lasting choice.
    person_update(person=supervisee, by=by, values={"supervisor": to, "supervisor_overridden": False})


open_work.register_open_work(
    "people.supervisees",
    title="People who report to them",
    explanation="Each reports to the person chosen here instead (the directory's next sync may choose again).",
    lister=_supervisees,
    hander=_supervisee_hand_on,
    order=90,
    prompt="Who {} reports to now",
)
