"""Forms of the minute-taking page: they parse and check input; the services write."""

from django import forms

from classification.forms import restriction_reason_field, review_date_field
from classification.levels import Level
from sscportal.params import one_line

from ..models import AgendaItem, DecisionKind


class MinutesForm(forms.Form):
    """One autosave of an item's minutes, based on the version the box was loaded at."""

    # Kept exactly as typed: leading spaces are Markdown (indented lists, code).
    minutes = forms.CharField(label="Minutes", required=False, strip=False)
    version = forms.IntegerField(label="Version", min_value=0)
    # Sent by "Save my text over it" after a refused save: the version the writer has seen.
    overwrite = forms.IntegerField(label="Version to replace", min_value=1, required=False)

    @property
    def expected_version(self) -> int:
        return self.cleaned_data["overwrite"] or self.cleaned_data["version"]


class MinutesReturnForm(forms.Form):
    """The chair's comments on circulated minutes sent back to the secretariat."""

    comment = forms.CharField(
        label="What should change in the minutes?",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say what should change in the minutes."},
    )


def _below_item(level: int, item: AgendaItem, record: str) -> str:
    return (
        f"{Level(level).label} is below item {item.number}'s level {Level(item.level).label}: "
        f"{record} may not be more visible than its item."
    )


class DecisionForm(forms.Form):
    kind = forms.ChoiceField(label="Kind")
    party = forms.CharField(
        label="Party",
        required=False,
        max_length=200,
        help_text="The assessed party; a new name is added to the register at RED.",
    )
    outcome = forms.CharField(label="Outcome", required=False, max_length=200)
    note = forms.CharField(
        label="Note or conditions",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Markdown.",
    )
    level = forms.TypedChoiceField(
        label="Classification", choices=Level.choices, coerce=int, initial=Level.RED
    )
    restriction_reason = restriction_reason_field()
    review_on = review_date_field()

    def __init__(
        self,
        *args,
        item: AgendaItem,
        kinds: list[DecisionKind],
        outcomes_url: str = "",
        **kwargs,
    ):
        """`outcomes_url` serves the outcome field of a kind (`decision_outcomes`)."""
        super().__init__(*args, **kwargs)
        self.item = item
        self.kinds = {kind.code: kind for kind in kinds}
        self.fields["kind"].choices = [("", "Choose a kind"), *((k.code, k.name) for k in kinds)]
        self.fields["outcome"].widget = self._outcome_widget(kinds)
        if outcomes_url:
            # Choosing a kind swaps in its outcomes; without JavaScript every kind's are listed.
            self.fields["kind"].widget.attrs.update(
                {
                    "hx-get": outcomes_url,
                    "hx-trigger": "change",
                    "hx-target": f"#{self['outcome'].auto_id}-field",
                    "hx-swap": "outerHTML",
                }
            )

    def _outcome_widget(self, kinds: list[DecisionKind]) -> forms.Widget:
        """The outcomes of the kind chosen; before a kind is chosen, every kind's, by kind."""
        code = self.data.get(self.add_prefix("kind")) if self.is_bound else self.initial.get("kind")
        kind = self.kinds.get(code or "")
        if kind is None:
            return forms.Select(
                choices=[
                    ("", "Choose an outcome"),
                    *((k.name, [(o, o) for o in k.outcomes]) for k in kinds if k.outcomes),
                ]
            )
        if not kind.outcomes:
            return forms.TextInput()  # a kind that lists no outcomes takes any
        return forms.Select(choices=[("", "Choose an outcome"), *((o, o) for o in kind.outcomes)])

    def clean_kind(self) -> DecisionKind:
        return self.kinds[self.cleaned_data["kind"]]

    def clean(self):
        cleaned = super().clean()
        kind, outcome = cleaned.get("kind"), cleaned.get("outcome", "")
        if kind and kind.outcomes and outcome not in kind.outcomes:
            given = f"“{outcome}” is not an outcome of {kind}" if outcome else "Choose an outcome"
            self.add_error("outcome", f"{given}: one of {'; '.join(kind.outcomes)}.")
        level = cleaned.get("level")
        if level is not None and level < self.item.level:
            self.add_error("level", _below_item(level, self.item, "a decision"))
        return cleaned


class ActionForm(forms.Form):
    reference = forms.CharField(
        label="Reference",
        required=False,
        max_length=30,
        validators=[one_line],
        help_text="Left blank, the meeting's next free number.",
    )
    description = forms.CharField(label="Action", widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.CharField(
        label="Owner", max_length=120, help_text="A username, or an organisation such as DCC."
    )
    due = forms.DateField(
        label="Due",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    level = forms.TypedChoiceField(label="Classification", choices=Level.choices, coerce=int)
    restriction_reason = restriction_reason_field()
    review_on = review_date_field()

    def __init__(self, *args, item: AgendaItem, **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item
        self.fields["level"].initial = item.level

    def clean(self):
        cleaned = super().clean()
        level = cleaned.get("level")
        if level is not None and level < self.item.level:
            self.add_error("level", _below_item(level, self.item, "an action"))
        return cleaned
