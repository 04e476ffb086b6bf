"""The forms of the people pages: the list's filters, a person's details, and where a leaver's work goes."""

from django import forms

from policyportal.forms import OnceForm
from policyportal.handover import Plan
from policyportal.models import Role, User

ACTIVE, DEACTIVATED, EVERYONE = "active", "deactivated", "everyone"


class PeopleFilterForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=100, help_text="Name, email or username")
    school = forms.ModelChoiceField(queryset=None, required=False, empty_label="All schools")
    role = forms.ChoiceField(label="Role", required=False, choices=[("", "Any role"), *Role.choices])
    status = forms.ChoiceField(
        label="Accounts",
        required=False,
        choices=[(ACTIVE, "Active"), (DEACTIVATED, "Deactivated"), (EVERYONE, "Active and deactivated")],
    )
    problem = forms.ChoiceField(
        label="Problems to fix",
        required=False,
        choices=[
            ("", "Any, or none"),
            ("any", "Has a problem to fix"),
            ("no_supervisor", "No active supervisor"),
            ("supervises_nobody", "Supervises nobody"),
            ("email_failed", "An email could not be mailed"),
        ],
    )

    def __init__(self, *args, schools, manages: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        if not manages:  # supervisors see their own active people: search and school only
            for name in ("role", "status", "problem"):
                del self.fields[name]

    def selection(self) -> dict:
        """The keyword arguments of `selectors.people_visible_to` these filters ask for."""
        data = self.cleaned_data if self.is_valid() else {}
        status = data.get("status") or ACTIVE
        return {
            "name": data.get("q", ""),
            "school": data.get("school"),
            "role": data.get("role", ""),
            "active": {ACTIVE: True, DEACTIVATED: False, EVERYONE: None}[status],
            "problem": data.get("problem", ""),
        }


class RecordsOfficerForm(forms.Form):
    """Whether a person is one of the district's records officers: given and taken by an administrator."""

    is_records_officer = forms.BooleanField(
        label="Records officer",
        required=False,
        help_text="Manages the district's records: retention periods, legal holds, disposal and records requests.",
    )


class PersonForm(forms.Form):
    """A person's details. For a new person also a username (made from the email address when left empty)
    and whether to invite them by email now."""

    first_name = forms.CharField(label="First name", max_length=150)
    last_name = forms.CharField(label="Last name", max_length=150)
    email = forms.EmailField(label="Email address", max_length=254)
    title = forms.CharField(label="Title", max_length=120, required=False, help_text="For example: Band Director")
    role = forms.ChoiceField(label="Role", choices=Role.choices)
    school = forms.ModelChoiceField(
        label="Main school",
        queryset=None,
        required=False,
        empty_label="None (the district office)",
        help_text="Lists and forms start from it.",
    )
    schools = forms.ModelMultipleChoiceField(
        label="Schools they work at",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Every school they work at. Their main school is always one of them.",
    )
    supervisor = forms.ModelChoiceField(
        label="Supervisor",
        queryset=None,
        required=False,
        empty_label="No supervisor",
        help_text="An active supervisor or administrator of the district. Choosing one here keeps it across "
        "directory syncs.",
    )

    def __init__(self, *args, schools, supervisors, person: User | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        self.fields["school"].queryset = schools
        self.fields["schools"].queryset = schools
        self.fields["supervisor"].queryset = supervisors
        self.fields["supervisor"].label_from_instance = _described
        if person is None:
            self.fields["username"] = forms.CharField(
                label="Username",
                max_length=150,
                required=False,
                help_text="What they sign in with. Left empty, it is made from their email address.",
            )
            self.fields["invite"] = forms.BooleanField(
                label="Email them an invitation to choose a password (the link works once, for 7 days)",
                required=False,
                initial=True,
            )
        elif person.supervisor_overridden:
            self.fields["release_supervisor"] = forms.BooleanField(
                label="Let the directory choose their supervisor again",
                required=False,
                help_text="The supervisor stays until the next directory sync chooses the school's principal.",
            )

    def clean(self):
        data = super().clean()
        person = self.person
        if data.get("release_supervisor") and person is not None and data.get("supervisor") != person.supervisor:
            self.add_error(
                "release_supervisor", "Either choose a supervisor, or let the directory choose one: not both at once."
            )
        return data

    def values(self) -> dict:
        """What `person_update` is asked to change (or `person_create` to set)."""
        data = self.cleaned_data
        values = {name: data[name] for name in ("first_name", "last_name", "email", "title", "role", "school")}
        values["schools"] = list(data["schools"])
        values["supervisor"] = data["supervisor"]
        if data.get("release_supervisor"):
            values["supervisor_overridden"] = False
        return values


class NewPersonForm(PersonForm, OnceForm):
    """A new person's details: added once however often the form is sent."""


def _described(person: User) -> str:
    return f"{person.display_name}, {person.title}" if person.title else person.display_name


def person_initial(person: User) -> dict:
    return {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "email": person.email,
        "title": person.title,
        "role": person.role,
        "school": person.school_id,
        "schools": [school.pk for school in person.schools.all()],
        "supervisor": person.supervisor_id,
    }


class HandoverForm(forms.Form):
    """Where each item of a leaver's open work goes: one choice per item, its default pre-filled; and per
    kind, one choice to apply to every item of that kind (the page is shown again, nothing is applied)."""

    keys = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["keys"].initial = ",".join(plan.keys)
        self.kinds = []
        for kind, items in plan.work:
            rows = []
            for item in items:
                name = field_name(item.key)
                self.fields[name] = forms.ChoiceField(
                    label=kind.prompt_for(item), choices=item.choices, initial=item.default, required=False
                )
                rows.append((item, self[name]))
            shared = _shared_choices([item.choices for item in items])
            every = every_name(kind.kind)
            if len(items) > 1 and len(shared) > 1:
                self.fields[every] = forms.ChoiceField(
                    label=f"Send every item of “{kind.title}” to", choices=shared, required=False
                )
            self.kinds.append((kind, rows, self[every] if every in self.fields else None))

    def clean(self):
        data = super().clean()
        if data.get("keys") != ",".join(self.plan.keys):
            raise forms.ValidationError(
                "Their open work changed since you opened this page. Nothing was changed: check where each "
                "item goes below, then confirm again."
            )
        return data

    def destinations(self) -> dict[str, str]:
        return {item.key: self.cleaned_data[field_name(item.key)] for item in self.plan.items}

    def applied_to_kind(self, kind: str) -> dict:
        """The data to show again with every item of `kind` sent where its "every item" choice says."""
        data = self.data.copy()
        value = data.get(every_name(kind), "")
        for work, items in self.plan.work:
            if work.kind != kind:
                continue
            for item in items:
                if value in dict(item.choices):
                    data[field_name(item.key)] = value
        data["keys"] = ",".join(self.plan.keys)
        return data


def field_name(key: str) -> str:
    """The field of one item ("to_sites_owned_12")."""
    return "to_" + key.replace(".", "_").replace(":", "_")


def every_name(kind: str) -> str:
    """The field that sends every item of a kind to one place ("every_sites_owned")."""
    return "every_" + kind.replace(".", "_")


def _shared_choices(choices_per_item: list) -> list[tuple[str, str]]:
    """The choices every item of a kind offers, in the first item's order."""
    if not choices_per_item:
        return []
    common = set.intersection(*({value for value, _ in choices} for choices in choices_per_item))
    return [("", "Choose per item below")] + [(v, label) for v, label in choices_per_item[0] if v in common]
