"""Filters over dates. DateRangeForm lives here, in the audit trail, because the trail is the lowest layer
whose pages filter by date (the audit log); reports and the district's request list build on it."""

from django import forms


class DateRangeForm(forms.Form):
    """A filter's From and To dates, either may be left out; To may not come before From."""

    start = forms.DateField(label="From", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["start"] > cleaned["end"]:
            self.add_error("end", "The end date is before the start date.")
        return cleaned


class ReportFilterForm(DateRangeForm):
    school = forms.ModelChoiceField(queryset=None, required=False, empty_label="All schools")

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools


class EventFilterForm(DateRangeForm):
    actor = forms.CharField(required=False, max_length=150, label="Who (user name)")
    action = forms.ChoiceField(required=False)
    target_type = forms.ChoiceField(required=False, label="About")
    target_id = forms.CharField(required=False, max_length=64, label="Record number")
    field_order = ["actor", "action", "target_type", "target_id", "start", "end"]

    def __init__(self, *args, actions: list[str], target_types: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", "Any action"), *[(action, action) for action in actions]]
        self.fields["target_type"].choices = [("", "Anything"), *[(kind, kind) for kind in target_types]]
