"""The records office's forms: a kind's retention period and a legal hold."""

from django import forms

from policyportal.forms import CHOOSE, OnceForm
from policyportal.models import User
from policyportal.records.registry import RecordKind
from policyportal.records.services import MAX_YEARS


class ScheduleForm(forms.Form):
    starts = forms.ChoiceField(label="Counted from")
    years = forms.IntegerField(label="Years", min_value=0, max_value=MAX_YEARS, initial=0)
    months = forms.IntegerField(
        label="And months", min_value=0, max_value=11, initial=0, help_text="0 to 11: twelve months are a year."
    )
    authority = forms.CharField(
        label="Authority",
        max_length=200,
        required=False,
        help_text="The state schedule and item this follows, e.g. “CT M1 item 10-030”. Optional.",
    )

    def __init__(self, *args, kind: RecordKind, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["starts"].choices = [("", CHOOSE)] + [(key, event.label) for key, event in kind.starts.items()]
        if len(kind.starts) == 1:
            self.fields["starts"].initial = next(iter(kind.starts))

    def clean(self):
        data = super().clean()
        if data.get("years") == 0 and data.get("months") == 0:
            self.add_error("years", "Give a period of at least one month, or remove the period to keep these records.")
        return data


class HoldForm(OnceForm):
    """A legal hold, placed once however often the form is sent."""

    reason = forms.CharField(
        label="Why the records must be kept",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The case, the claim or the records request. Shown to records officers only.",
    )
    site = forms.ModelChoiceField(
        label="Site", queryset=None, required=False, empty_label="Any site", help_text="Retired sites are listed too."
    )
    person = forms.TypedChoiceField(
        label="Person",
        required=False,
        coerce=int,
        empty_value=None,
        help_text="Records they made or that concern them. Former staff (closed accounts) are listed too.",
    )
    starts_on = forms.DateField(label="Made from", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(
        label="Made until",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Leave empty to keep everything made since the first day.",
    )

    def __init__(self, *args, sites, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites
        self.fields["site"].label_from_instance = lambda site: f"{site.name} ({site.get_status_display().lower()})"
        self.people = {person.pk: person for person in people}
        current = [(pk, _described(p)) for pk, p in self.people.items() if p.is_active]
        former = [(pk, _described(p)) for pk, p in self.people.items() if not p.is_active]
        choices: list = [("", "Anyone")]
        if current:
            choices.append(("Current staff", current))
        if former:
            choices.append(("Former staff (account closed)", former))
        self.fields["person"].choices = choices

    def clean_person(self) -> User | None:
        chosen = self.cleaned_data.get("person")
        return self.people[chosen] if chosen is not None else None

    def clean(self):
        data = super().clean()
        scopes = ("site", "person", "starts_on", "ends_on")
        if not self.errors and all(data.get(name) is None for name in scopes):
            raise forms.ValidationError(
                "Choose what the hold covers: a site, a person, a date range, or several of these."
            )
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if ends_on is not None and starts_on is None and "starts_on" not in self.errors:
            self.add_error("starts_on", "Give the first day of the range too.")
        elif starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", "The last day comes on or after the first day.")
        return data

    def values(self) -> dict:
        names = ("reason", "site", "person", "starts_on", "ends_on", "form_token")
        return {name: self.cleaned_data[name] for name in names}


def _described(person: User) -> str:
    name = f"{person.last_name}, {person.first_name}" if person.last_name else person.display_name
    return f"{name} ({person.title})" if person.title else name
