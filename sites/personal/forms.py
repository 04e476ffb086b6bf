from django import forms

from policyportal.forms import OnceForm
from sites.personal import selectors
from sites.personal.models import ConsultationAnswer


class AcknowledgmentForm(OnceForm):
    read_them = forms.BooleanField(label="I have read these rules and will follow them.")
    typed_name = forms.CharField(label="Type your full name to sign", max_length=200)


class PrecheckForm(OnceForm):
    destination = forms.ModelChoiceField(
        queryset=None, required=False, label="Where it goes", empty_label="A personal account of mine"
    )
    text = forms.CharField(label="The post", widget=forms.Textarea(attrs={"rows": 6}), max_length=5000)
    links = forms.CharField(
        label="Links in it (one per line)", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    question = forms.CharField(
        label="Your question for your supervisor (if you ask)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["destination"].queryset = selectors.postable_sites(user)


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(choices=ConsultationAnswer.choices, widget=forms.RadioSelect, label="Your answer")
    note = forms.CharField(
        label="Which changes, or why not", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class RosterImportForm(forms.Form):
    file = forms.FileField(label="CSV exported from the student information system")
    mode = forms.ChoiceField(
        choices=[
            ("merge", "Merge: add and update these students, keep the others"),
            ("replace", "Replace: this file becomes the whole list"),
        ],
        widget=forms.RadioSelect,
        initial="merge",
    )


class RosterPurgeForm(forms.Form):
    reason = forms.CharField(
        label="Why the list is purged",
        help_text="Recorded only as a fingerprint in the audit trail, never as text: name no student here.",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
