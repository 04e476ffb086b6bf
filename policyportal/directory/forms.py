from django import forms

from policyportal.models import StaffImportFormat


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented recipe): a list of uploaded files once cleaned."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data] if data else [single(None, initial)]
        return [single(data, initial)]


class StaffUploadForm(forms.Form):
    files = MultipleFileField(
        label="Files",
        help_text="users.csv, orgs.csv and roles.csv from OneRoster or School Data Sync (or one .zip of them), "
        "or the portal's staff CSV. UTF-8 only.",
    )
    format = forms.ChoiceField(
        label="Format",
        choices=[("", "Tell from the files"), *StaffImportFormat.choices],
        required=False,
    )
    full = forms.BooleanField(
        label="These files list the whole staff: people with a directory id who are missing from them are leaving",
        required=False,
        initial=True,
    )


class StaffApplyForm(forms.Form):
    """Carries the fingerprint of the plan the administrator saw: a plan that changed since is not applied."""

    digest = forms.CharField(
        widget=forms.HiddenInput,
        error_messages={"required": "This page is out of date. Nothing was applied: reload it and try again."},
    )
    close_leavers = forms.BooleanField(required=False, widget=forms.HiddenInput)
    confirm_leavers = forms.BooleanField(label="Yes, close these accounts", required=False)
    confirm_over_limit = forms.BooleanField(
        label="I checked the files: this many people really are leaving", required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("close_leavers") and not data.get("confirm_leavers"):
            self.add_error("confirm_leavers", "Tick the box to confirm that these accounts are to be closed.")
        return data
