"""The form a records officer asks for a package with. A district has hundreds of sites and people, so each list
shows only what is chosen and what matches the words typed in its search box ("Find"), a page of them at a time;
the choices sent are checked against the whole district."""

from dataclasses import dataclass

from django import forms
from django.db.models import QuerySet

from audits.reports.records_package import selectors
from policyportal.text import single_line

SHOWN = 30


@dataclass(frozen=True)
class Chooser:
    """One list of the form: the chosen items (checked), then up to SHOWN others matching `term`."""

    name: str
    term: str
    chosen: list
    matches: list
    matching: int  # how many match in all, chosen ones aside

    @classmethod
    def of(cls, name: str, everything: QuerySet, chosen_ids: list[int], term: str, named) -> "Chooser":
        chosen = list(everything.filter(pk__in=chosen_ids))
        others = named(everything, term).exclude(pk__in=[item.pk for item in chosen])
        return cls(name, term, chosen, list(others[:SHOWN]), others.count())

    @property
    def more(self) -> int:
        return self.matching - len(self.matches)


class PackageForm(forms.Form):
    starts_on = forms.DateField(label="From", widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label="Until", widget=forms.DateInput(attrs={"type": "date"}))
    sites = forms.ModelMultipleChoiceField(queryset=None, required=False)
    people = forms.ModelMultipleChoiceField(queryset=None, required=False)
    find_sites = forms.CharField(required=False, max_length=100, label="Find sites by name or school")
    find_people = forms.CharField(required=False, max_length=100, label="Find people by name")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sites"].queryset = selectors.sites_to_choose(user)
        self.fields["people"].queryset = selectors.people_to_choose(user)

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", "The range must end on or after the day it starts.")
        if "sites" in cleaned and "people" in cleaned and not cleaned["sites"] and not cleaned["people"]:
            raise forms.ValidationError("Choose at least one site or person: the package holds their records.")
        return cleaned

    def choosers(self, data) -> list[Chooser]:
        """The two lists as the page shows them, from what was sent (`data`: the POST, or nothing yet)."""

        def ids(name: str) -> list[int]:
            return [int(value) for value in (data.getlist(name) if data else []) if value.isdigit()]

        def term(name: str) -> str:  # read before the form is valid: one line, no NUL a database would refuse
            return single_line(data.get(name, "") if data else "", 100)

        sites, people = self.fields["sites"].queryset, self.fields["people"].queryset
        return [
            Chooser.of("sites", sites, ids("sites"), term("find_sites"), selectors.sites_named),
            Chooser.of("people", people, ids("people"), term("find_people"), selectors.people_named),
        ]
