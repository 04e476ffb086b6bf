import uuid

from django import forms

from audits.forms import DateRangeForm
from policyportal.forms import CHOOSE, ChoosePrompts, VersionForm
from policyportal.models import ChecklistItem
from policyportal.text import no_control_characters
from requests.models import (
    DESCRIPTION_MAX,
    FORM_FIELDS,
    Audience,
    Outcome,
    Platform,
    Serves,
    SocialMediaRequest,
    Status,
    https_only,
)

ATTEST_PREFIX = "attest_"
# Names that end up in titles and email subjects.
SINGLE_LINE_FIELDS = ("site_name", "serves_name", "platform_other")


class RequestForm(ChoosePrompts, forms.ModelForm):
    """The social media request form. Every field is optional for a draft; the submit service says what is
    still missing. Each setup promise is a checkbox labelled with its clause."""

    audience = forms.MultipleChoiceField(
        choices=Audience.choices, widget=forms.CheckboxSelectMultiple, required=False, label="Audience"
    )
    description = forms.CharField(
        label="Description of the proposed use",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=DESCRIPTION_MAX,
        required=False,
        help_text="What will be posted, for whom and how often. At least 100 characters.",
    )
    site_url = forms.URLField(
        label=SocialMediaRequest._meta.get_field("site_url").verbose_name,
        required=False,
        max_length=500,
        assume_scheme="https",
        validators=[https_only],
        help_text="Leave empty if the site is not set up yet: you will add it when it goes live.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    form_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = SocialMediaRequest
        fields = FORM_FIELDS
        widgets = {"admission": forms.Textarea(attrs={"rows": 3})}
        labels = {"site_name": "Name of the site", "serves": "The site serves"}
        help_texts = {
            "platform_other": "Only if you chose Other.",
            "school": "Leave empty only for a site about the district's information.",
            "admission": "For example: students on the team roster and their parents, by invitation only.",
        }

    def __init__(self, *args, items: list[ChecklistItem], schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        self.fields["school"].queryset = schools
        self.fields["platform"].choices = [("", "Choose a platform"), *Platform.choices]
        self.fields["serves"].choices = [("", "Choose what the site serves"), *Serves.choices]
        for name in SINGLE_LINE_FIELDS:
            self.fields[name].validators.append(no_control_characters)
        attested = set(self.instance.attestations.values_list("item_id", flat=True)) if self.instance.pk else set()
        for item in items:
            self.fields[f"{ATTEST_PREFIX}{item.pk}"] = forms.BooleanField(
                required=False,
                initial=item.pk in attested,
                label=item.text,
                help_text=f"{item.clause_id}. {item.guidance}".strip(),
            )
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        else:
            self.fields["form_token"].initial = uuid.uuid4()

    @property
    def attestation_fields(self):
        return [self[f"{ATTEST_PREFIX}{item.pk}"] for item in self.items]

    def request_fields(self) -> dict:
        fields = {name: self.cleaned_data[name] for name in FORM_FIELDS}
        if not self.instance.pk:
            fields["form_token"] = self.cleaned_data["form_token"]
        return fields

    def attested_items(self) -> list[ChecklistItem]:
        return [item for item in self.items if self.cleaned_data.get(f"{ATTEST_PREFIX}{item.pk}")]


class DecisionForm(VersionForm):
    outcome = forms.ChoiceField(choices=Outcome.choices, widget=forms.RadioSelect, label="Your decision")
    reason = forms.CharField(
        label="Reason or conditions",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        help_text="Required to return or deny. With an approval, any conditions the requester must meet.",
    )
    snapshot_hash = forms.CharField(widget=forms.HiddenInput, max_length=64)


class ReassignForm(VersionForm):
    to = forms.ModelChoiceField(queryset=None, label="Assign this step to", empty_label=CHOOSE)
    reason = forms.CharField(label="Why", max_length=500)

    def __init__(self, *args, deciders, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = deciders


class DistrictRequestFilterForm(DateRangeForm):
    """Submitted between From and To."""

    status = forms.ChoiceField(choices=[("", "Any status"), *Status.choices[1:]], required=False)
    school = forms.ModelChoiceField(queryset=None, required=False, empty_label="All schools")
    platform = forms.ChoiceField(choices=[("", "Any platform"), *Platform.choices], required=False)
    field_order = ["status", "school", "platform", "start", "end"]

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
