"""The installation operator's forms: a new district, and its first administrator."""

from zoneinfo import available_timezones

from django import forms

from policyportal import policy_templates
from policyportal.forms import OnceForm
from policyportal.models import AppliesTo

# The zones most districts of the portal use come first; every other zone follows.
COMMON_TIME_ZONES = (
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Anchorage",
    "Pacific/Honolulu",
)


def time_zone_choices() -> list:
    others = sorted(available_timezones() - set(COMMON_TIME_ZONES))
    return [
        ("Common", [(zone, zone) for zone in COMMON_TIME_ZONES]),
        ("Every time zone", [(zone, zone) for zone in others]),
    ]


def template_counts(template: policy_templates.PolicyTemplate) -> str:
    counts = template.counts()
    return ", ".join(
        f"{counts[where]} {noun if counts[where] == 1 else noun + 's'}"
        for where, noun in [
            (AppliesTo.REQUEST_ATTESTATION, "request promise"),
            (AppliesTo.SITE_REVIEW, "site-review item"),
            (AppliesTo.ACKNOWLEDGMENT, "acknowledgment item"),
            (AppliesTo.POST_PRECHECK, "pre-check rule"),
            (AppliesTo.VIOLATION_CATEGORY, "violation category"),
            (AppliesTo.VIOLATION_OUTCOME, "violation outcome"),
        ]
    )


class DistrictCreateForm(OnceForm):
    name = forms.CharField(label="District name", max_length=200)
    slug = forms.CharField(
        label="Slug",
        max_length=60,
        help_text="Lowercase letters, digits and hyphens, such as springfield or region-7. Commands and the staff "
        "sync folder name the district by it; it cannot be changed later.",
    )
    time_zone = forms.ChoiceField(
        label="Time zone", initial="America/New_York", help_text="Due dates and times show in it."
    )
    template = forms.ChoiceField(
        label="Start the rules from",
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        help_text="The district's administrator changes the rules on the “Publish a new version” page.",
    )

    def __init__(self, *args, templates: list[policy_templates.PolicyTemplate], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = time_zone_choices()
        self.fields["template"].choices = [(template.name, template.title) for template in templates]
        self.fields["slug"].widget.attrs.update({"autocapitalize": "none", "spellcheck": "false"})


class AdministratorInviteForm(OnceForm):
    first_name = forms.CharField(label="First name", max_length=150)
    last_name = forms.CharField(label="Last name", max_length=150)
    email = forms.EmailField(
        label="Email address",
        max_length=150,
        help_text="The invitation goes here, and it is their username. The link works once, for 7 days.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].widget.attrs["autocomplete"] = "off"
        self.fields["last_name"].widget.attrs["autocomplete"] = "off"
        self.fields["email"].widget.attrs["autocomplete"] = "off"
