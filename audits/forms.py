from django import forms


class ReportFilterForm(forms.Form):
    start = forms.DateField(label="From", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    school = forms.ModelChoiceField(queryset=None, required=False, empty_label="All schools")

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["start"] > cleaned["end"]:
            self.add_error("end", "The end date is before the start date.")
        return cleaned


class EventFilterForm(forms.Form):
    actor = forms.CharField(required=False, max_length=150, label="Who (user name)")
    action = forms.ChoiceField(required=False)
    target_type = forms.ChoiceField(required=False, label="About")
    target_id = forms.CharField(required=False, max_length=64, label="Record number")
    start = forms.DateField(label="From", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, actions: list[str], target_types: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", "Any action"), *[(action, action) for action in actions]]
        self.fields["target_type"].choices = [("", "Anything"), *[(kind, kind) for kind in target_types]]
