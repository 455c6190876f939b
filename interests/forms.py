"""The form the secretariat records a declaration of interest with; the service writes it."""

from django import forms
from django.contrib.auth import get_user_model

from classification.forms import restriction_reason_field, review_date_field
from classification.levels import Level
from meetings.models import AgendaItem, Meeting

from .models import DECLARATION_MAX, Declaration


class DeclarationForm(forms.Form):
    """A declaration at one of `meeting`'s items, by one of its attendees.

    The lists offer the meeting's items and attendees only. A person who does not attend is
    refused by the service, naming them (`meetings.services.attendee_check`).
    """

    item = forms.ModelChoiceField(
        label="At item",
        queryset=AgendaItem.objects.none(),
        error_messages={"invalid_choice": "Choose one of this meeting's agenda items."},
    )
    declarant = forms.ModelChoiceField(
        label="Declared by",
        queryset=get_user_model().objects.filter(is_active=True),
        error_messages={"invalid_choice": "Choose one of the meeting's attendees."},
    )
    text = forms.CharField(
        label="What was declared",
        max_length=DECLARATION_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Say what was declared."},
    )
    chair_decision = forms.ChoiceField(
        label="The chair's decision",
        choices=Declaration.ChairDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say what the chair decided: recused or noted."},
    )
    level = forms.TypedChoiceField(
        label="Classification",
        choices=[("", "The item's level"), *Level.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    restriction_reason = restriction_reason_field()
    review_on = review_date_field()

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        items = AgendaItem.objects.filter(meeting=meeting).order_by("number")
        self.fields["item"].queryset = items
        self.fields["item"].label_from_instance = lambda item: f"{item.number}. {item.title}"
        attendees = (
            get_user_model().objects.filter(attendances__meeting=meeting).order_by("username")
        )
        self.fields["declarant"].choices = [("", "---------"), *((u.pk, u) for u in attendees)]

    def clean(self):
        cleaned = super().clean()
        item, level = cleaned.get("item"), cleaned.get("level")
        if item is not None and level is not None and level < item.level:
            self.add_error(
                "level",
                f"{Level(level).label} is below item {item.number}'s level "
                f"{Level(item.level).label}: a declaration may not be more visible than its item.",
            )
        return cleaned
