"""The review page's two forms: keep the restriction until a new date, or lower the level."""

from django import forms

from classification.levels import Level


class _DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d")


class KeepForm(forms.Form):
    """Keep the record at its level: why it is still restricted, and until when."""

    restriction_reason = forms.CharField(
        label="Restriction reason", widget=forms.Textarea(attrs={"rows": 2})
    )
    review_on = forms.DateField(label="Next review date", widget=_DateInput())


class LowerForm(forms.Form):
    """Lower the record's level: to what, and why (kept with the change and audited)."""

    level = forms.TypedChoiceField(label="Lower to", coerce=int, choices=())
    reason = forms.CharField(
        label="Why is the level lowered?",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": "Say why the level is lowered: the reason is kept with the change."
        },
    )
    review_on = forms.DateField(
        label="Next review date",
        required=False,
        widget=_DateInput(),
        help_text="When lowered to AMBER: its next review (left blank, the date it has).",
    )

    def __init__(self, *args, record, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [
            (value, label) for value, label in Level.choices if value < record.level
        ]
