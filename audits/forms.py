"""Filters over dates, and numbers read from a query. They live here, in the audit trail, because the trail is
the lowest layer whose pages filter by date and page by number (the audit log); every other app builds on them."""

from django import forms

from audits.labels import action_label, target_type_label
from audits.rules import date_problem

# The largest id a database key holds (PostgreSQL's bigint): anything above it is no record's.
LARGEST_ID = 2**63 - 1


def positive_int(value: str | None) -> int | None:
    """A record id or page mark as typed in a query or a form: ASCII digits up to LARGEST_ID, else None.
    (`str.isdigit` also accepts "²", which `int` refuses.)"""
    if not value or not (value.isascii() and value.isdigit()):
        return None
    number = int(value)
    return number if 0 < number <= LARGEST_ID else None


class DateRangeForm(forms.Form):
    """A filter's From and To dates, either may be left out; To may not come before From."""

    start = forms.DateField(label="From", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        cleaned = super().clean()
        for name in ("start", "end"):
            problem = date_problem(cleaned[name]) if cleaned.get(name) else None
            if problem:
                self.add_error(name, problem)  # which also takes the date out of cleaned_data
        if cleaned.get("start") and cleaned.get("end") and cleaned["start"] > cleaned["end"]:
            self.add_error("end", "The end date is before the start date.")
        return cleaned


class ReportFilterForm(DateRangeForm):
    school = forms.ModelChoiceField(queryset=None, required=False, empty_label="All schools")

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools


class EventFilterForm(DateRangeForm):
    actor = forms.CharField(required=False, max_length=150, label="Who", help_text="A name or a user name")
    action = forms.ChoiceField(required=False)
    target_type = forms.ChoiceField(required=False, label="About")
    target_id = forms.CharField(required=False, max_length=64, label="Record number")
    field_order = ["actor", "action", "target_type", "target_id", "start", "end"]

    def __init__(self, *args, actions: list[str], target_types: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", "Any action"), *_labelled(actions, action_label)]
        self.fields["target_type"].choices = [("", "Anything"), *_labelled(target_types, target_type_label)]


def _labelled(codes: list[str], label) -> list[tuple[str, str]]:
    """The codes as choices in words, in the order of their words."""
    return sorted(((code, label(code)) for code in codes), key=lambda choice: choice[1])
