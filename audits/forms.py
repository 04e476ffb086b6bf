from django import forms

from policyportal.forms import DateRangeForm


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
