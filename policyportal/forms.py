import uuid

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from policyportal import selectors
from policyportal.models import KEYED, AppliesTo, District, IdentityProvider, Role, User, clause_id_validator
from policyportal.services.sign_in import password_sign_in_check
from policyportal.services.submissions import OUT_OF_DATE

# An empty choice says what to do with the list, rather than Django's "---------".
CHOOSE = "Choose…"
DJANGO_EMPTY = "---------"

# The longest work email (RFC 5321); usernames are shorter still.
IDENTIFIER_MAX = 254


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "That email or username and password do not match an account. Check both and try "
        "again; after several failed attempts sign-in pauses for a few minutes.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Work email or username"
        self.fields["username"].widget.attrs["autocomplete"] = "username"
        if self.initial.get("username"):  # the first step gave it: the password is what is left to type
            self.fields["username"].widget.attrs.pop("autofocus", None)
            self.fields["password"].widget.attrs["autofocus"] = True

    def clean_username(self):
        identifier = self.cleaned_data["username"]
        if len(identifier) > IDENTIFIER_MAX:  # nobody's, and too long for the sign-in throttle to record
            raise self.get_invalid_login_error()
        return identifier

    def clean(self):
        identifier = self.cleaned_data.get("username")
        if identifier:
            self.cleaned_data["username"] = selectors.username_for_sign_in(identifier)
        return super().clean()

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        password_sign_in_check(user=user)


class ChoosePrompts:
    """For a ModelForm: the empty choice of each list made from a model field reads `CHOOSE`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                if field.empty_label == DJANGO_EMPTY:
                    field.empty_label = CHOOSE
            elif isinstance(field, forms.ChoiceField):
                field.choices = [(value, CHOOSE if label == DJANGO_EMPTY else label) for value, label in field.choices]


class VersionForm(forms.Form):
    """A state change on a record: carries the version the user saw, so a stale or replayed POST is refused."""

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={
            "required": "This page is out of date. Nothing was saved: reload it and try again.",
            "invalid": "This page is out of date. Nothing was saved: reload it and try again.",
        },
    )


class OnceForm(forms.Form):
    """A form that creates a record: its one-time token lets the service create it once however often it is sent
    (`policyportal.services.submissions`)."""

    form_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["form_token"].initial = uuid.uuid4()

    def clean(self):
        cleaned_data = super().clean()
        if not cleaned_data.get("form_token"):  # said for the whole form: a hidden field's error shows nowhere
            raise forms.ValidationError(OUT_OF_DATE)
        return cleaned_data


class PolicyItemForm(forms.Form):
    applies_to = forms.ChoiceField(choices=AppliesTo.choices, label="Where it applies")
    clause_id = forms.CharField(label="Clause", max_length=16, validators=[clause_id_validator])
    key = forms.SlugField(
        label="Code",
        required=False,
        max_length=40,
        help_text="Pre-check rules, violation categories and outcomes only: the code the portal knows it by.",
    )
    text = forms.CharField(label="Text", widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)
    guidance = forms.CharField(
        label="Guidance", required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=1000
    )

    def clean(self):
        cleaned_data = super().clean()
        keyed = cleaned_data.get("applies_to") in KEYED
        if keyed and not cleaned_data.get("key"):
            self.add_error("key", "Give the code of the pre-check rule, category or outcome this item is.")
        elif not keyed and cleaned_data.get("key"):
            self.add_error("key", "Only pre-check rules, violation categories and outcomes have a code.")
        return cleaned_data


PolicyItemFormSet = forms.formset_factory(PolicyItemForm, extra=2, can_delete=True, max_num=200, validate_max=True)


class DistrictSettingsForm(ChoosePrompts, forms.ModelForm):
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


class WorkEmailForm(forms.Form):
    """The sign-in page's first step: a work email leads to the district's provider or to the password step; a
    portal username (the operator's, a break-glass administrator's) leads to the password step."""

    email = forms.CharField(
        label="Work email",
        help_text="Or your portal username, if you were given one.",
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}),
    )


class IdentityProviderForm(ChoosePrompts, forms.ModelForm):
    """The district's identity provider. The client secret is never shown back: empty keeps the stored one."""

    client_secret = forms.CharField(
        label="Client secret",
        required=False,
        max_length=400,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text="Stored and never shown again. Leave empty to keep the stored secret; type a new one to replace it.",
    )

    issuer = forms.URLField(
        label="Issuer",
        max_length=400,
        assume_scheme="https",
        help_text="The provider's issuer; its discovery document is read from it.",
    )

    class Meta:
        model = IdentityProvider
        fields = [
            "enabled",
            "issuer",
            "client_id",
            "email_domains",
            "stable_id_claim",
            "passwords_enabled",
            "break_glass_admin",
            "jit_accounts",
        ]
        labels = {
            "enabled": "Sign in with the district's identity provider",
            "issuer": "Issuer",
            "client_id": "Client id",
            "stable_id_claim": "Claim with the directory's stable id",
            "passwords_enabled": "Allow the portal's own passwords",
            "break_glass_admin": "Break-glass administrator",
            "jit_accounts": "Create accounts just in time for people the portal does not know",
        }

    def __init__(self, *args, district: District, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["break_glass_admin"]
        field.queryset = User.objects.filter(district=district, role=Role.DISTRICT_ADMIN, is_active=True)  # type: ignore[attr-defined]
