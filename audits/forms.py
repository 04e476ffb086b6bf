from django import forms

from policyportal.models import User


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
    actor = forms.ModelChoiceField(queryset=None, required=False, empty_label="Anyone")
    action = forms.ChoiceField(required=False)
    target_type = forms.ChoiceField(required=False, label="About")
    target_id = forms.CharField(required=False, max_length=64, label="Record number")
    start = forms.DateField(label="From", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, people, actions: list[str], target_types: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor"].queryset = people
        self.fields["action"].choices = [("", "Any action"), *[(action, action) for action in actions]]
        self.fields["target_type"].choices = [("", "Anything"), *[(kind, kind) for kind in target_types]]


def district_people(user: User):
    return User.objects.filter(district_id=user.district_id).order_by("last_name", "first_name")
