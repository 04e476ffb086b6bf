from django import forms
from django.utils import timezone

from policyportal.forms import CHOOSE, OnceForm, VersionForm
from policyportal.text import no_control_characters
from sites.models import Answer, Compliance, LookedAt, SiteStatus


class RegistryFilterForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=100, help_text="Site, owner or address")
    status = forms.ChoiceField(choices=[("", "Any status"), *SiteStatus.choices], required=False)
    compliance = forms.ChoiceField(choices=[("", "Any compliance"), *Compliance.choices], required=False)
    school = forms.ModelChoiceField(queryset=None, required=False, empty_label="All schools")

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools


class ActivateForm(VersionForm):
    url = forms.URLField(
        label="The site's address",
        max_length=500,
        assume_scheme="https",
        help_text="Copy it from the browser's address bar while you look at the group, e.g. "
        "https://www.facebook.com/groups/…",
    )
    setup_confirmed = forms.BooleanField(
        required=False, label="The site is set up as my request promised: closed, invitation only, moderated."
    )


class TransferForm(VersionForm):
    to = forms.ModelChoiceField(queryset=None, label="Hand the site to", empty_label=CHOOSE)

    def __init__(self, *args, colleagues, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = colleagues


class ReasonForm(VersionForm):
    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class ReviewForm(forms.Form):
    """One row per checklist item: the answer, a note for a fail, a reason for not applicable, a link."""

    FIELDS = ("answer", "note", "reason", "evidence_link")

    def __init__(self, *args, answers, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = list(answers)
        for row in self.rows:
            self.fields[f"answer_{row.pk}"] = forms.ChoiceField(
                choices=Answer.choices, widget=forms.RadioSelect, required=False, label="Answer", initial=row.answer
            )
            self.fields[f"note_{row.pk}"] = forms.CharField(
                required=False,
                label="What is wrong",
                max_length=2000,
                initial=row.note,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"reason_{row.pk}"] = forms.CharField(
                required=False, label="Why it does not apply", max_length=1000, initial=row.reason
            )
            self.fields[f"evidence_link_{row.pk}"] = forms.URLField(
                required=False, label="Evidence link", max_length=500, assume_scheme="https", initial=row.evidence_link
            )

    def row_fields(self):
        return [(row, [self[f"{name}_{row.pk}"] for name in self.FIELDS]) for row in self.rows]

    def sent(self) -> bool:
        """Whether the POST carries the review's answers (the review page always does; a bare upload does not)."""
        return any(f"note_{row.pk}" in self.data for row in self.rows)

    def answers(self) -> dict[int, dict]:
        return {row.pk: {name: self.cleaned_data[f"{name}_{row.pk}"] for name in self.FIELDS} for row in self.rows}

    def typed(self) -> str:
        """What a valid form's answers say, one line per item answered, for a page that could not save them."""
        lines, answers, texts = [], self.answers(), self.FIELDS[1:]
        for row in self.rows:
            given = answers[row.pk]
            said = [f"{self.fields[f'{name}_{row.pk}'].label}: {given[name]}" for name in texts if given[name]]
            if given["answer"] or said:
                answer = Answer(given["answer"]).label if given["answer"] else "not answered"
                lines.append(" · ".join([f"{row.clause_id}: {answer}", *said]))
        return "\n".join(lines)


class EvidenceForm(OnceForm):
    """A file for one item: the item's "Attach evidence" button names it, and each item has its own file input."""

    answer = forms.TypedChoiceField(coerce=int, label="For the item")

    def __init__(self, *args, answers, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = {row.pk: row for row in answers}
        self.fields["answer"].choices = [(row.pk, f"{row.clause_id}: {row.text[:80]}") for row in self.rows.values()]
        for row in self.rows.values():
            self.fields[file_field(row)] = forms.FileField(required=False, label="Image or PDF (at most 5 MB)")

    def clean(self):
        cleaned_data = super().clean()
        row = self.rows.get(cleaned_data.get("answer"))
        if row is not None and not cleaned_data.get(file_field(row)):
            self.add_error(file_field(row), f"Choose a file to attach to {row.clause_id}.")
        return cleaned_data

    def chosen(self):
        """The item and the file to attach to it, once the form is valid."""
        row = self.rows[self.cleaned_data["answer"]]
        return row, self.cleaned_data[file_field(row)]


def file_field(row) -> str:
    return f"file_{row.pk}"


class NoteForm(VersionForm):
    note = forms.CharField(label="What you changed", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class ReopenForm(VersionForm):
    reason = forms.CharField(label="What is still wrong", max_length=2000)


class ViolationForm(OnceForm):
    site = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="The district site",
        empty_label="Not a district site (name it below)",
    )
    account_name = forms.CharField(
        label="Or the account or page",
        required=False,
        max_length=200,
        validators=[no_control_characters],
        help_text="For an unofficial account or page that uses the district's or a school's name.",
    )
    account_url = forms.URLField(label="Its address", required=False, max_length=500, assume_scheme="https")
    category = forms.ChoiceField(
        label="What kind of violation", help_text="Each kind is a clause of your district's rules."
    )
    what_happened = forms.CharField(label="What happened", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    occurred_on = forms.DateField(
        label="When it happened", widget=forms.DateInput(attrs={"type": "date"}), initial=timezone.localdate
    )
    links = forms.CharField(
        label="Links to the posts",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One per line. Do not paste student information here.",
    )

    def __init__(self, *args, sites, categories, **kwargs):
        """`categories`: the violation categories of the district's current policy version."""
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites
        self.fields["category"].choices = [("", CHOOSE), *keyed_choices(categories)]


def keyed_choices(items) -> list[tuple[str, str]]:
    """Policy items as choices by their code, each labelled with its clause."""
    return [(item.key, str(item)) for item in items]


class ResolveForm(forms.Form):
    outcome = forms.ChoiceField(widget=forms.RadioSelect, label="What was done")
    note = forms.CharField(label="Details", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)

    def __init__(self, *args, outcomes, **kwargs):
        """`outcomes`: those of the district's current policy version that the person may record."""
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = keyed_choices(outcomes)


class MonitoringForm(OnceForm):
    checked_at = forms.DateTimeField(
        label="When you checked", widget=forms.DateTimeInput(attrs={"type": "datetime-local"}), initial=timezone.now
    )
    looked_at = forms.MultipleChoiceField(
        choices=LookedAt.choices, widget=forms.CheckboxSelectMultiple, label="What you looked at"
    )
    found = forms.CharField(
        label="What you found",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Leave empty if all was in order. Report a violation separately, then link it here.",
    )
    violation = forms.ModelChoiceField(
        queryset=None, required=False, label="Violation report you filed", empty_label="None"
    )

    def __init__(self, *args, violations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["violation"].queryset = violations
