from django import forms
from django.contrib.auth.forms import AuthenticationForm

from policyportal.models import AppliesTo, District, clause_id_validator


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "That username and password do not match an account. Check both and try again; "
        "after several failed attempts sign-in pauses for a few minutes.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs["autocomplete"] = "username"


class VersionForm(forms.Form):
    """A state change on a record: carries the version the user saw, so a stale or replayed POST is refused."""

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={
            "required": "This page is out of date. Nothing was saved: reload it and try again.",
            "invalid": "This page is out of date. Nothing was saved: reload it and try again.",
        },
    )


class PolicyItemForm(forms.Form):
    applies_to = forms.ChoiceField(choices=AppliesTo.choices, label="Where it applies")
    clause_id = forms.CharField(label="Clause", max_length=16, validators=[clause_id_validator])
    text = forms.CharField(label="Text", widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)
    guidance = forms.CharField(
        label="Guidance", required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=1000
    )


PolicyItemFormSet = forms.formset_factory(PolicyItemForm, extra=2, can_delete=True, max_num=200, validate_max=True)


class DistrictSettingsForm(forms.ModelForm):
    class Meta:
        model = District
        fields = [
            "approval_chain",
            "monitoring_cadence_days",
            "escalation_grace_days",
            "review_cadence_days",
            "finding_due_days",
            "decision_deadline_days",
            "time_zone",
            "staff_sync_leaver_limit_percent",
        ]
        labels = {
            "monitoring_cadence_days": "Monitoring check every (days)",
            "escalation_grace_days": "Escalate overdue work after (days)",
            "review_cadence_days": "Checklist review every (days)",
            "finding_due_days": "Days to fix a finding",
            "decision_deadline_days": "Days to decide a request",
            "staff_sync_leaver_limit_percent": "Stop a directory sync that would close more than (% of accounts)",
        }


def add_service_errors(form, error) -> None:
    """Show a service's refusal on the form: on its field when the form has one, above the form otherwise."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)
