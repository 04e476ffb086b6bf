from django import forms


class DisposalApproveForm(forms.Form):
    """The officer types how many records go, so that nobody approves a list they have not looked at."""

    count = forms.IntegerField(
        label="Number of records to dispose of",
        min_value=0,
        help_text="Type the number of records on the list to confirm.",
    )

    def __init__(self, *args, expected: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.expected = expected

    def clean_count(self) -> int:
        count = self.cleaned_data["count"]
        if count != self.expected:
            raise forms.ValidationError(
                f"The list holds {self.expected} records: type {self.expected} to approve their disposal."
            )
        return count
