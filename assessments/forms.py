from django import forms

from classification.levels import Level

from .models import Assessment, Organisation, UserRole


def _user_roles_field(label: str) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        choices=UserRole.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class _DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d")


class RegisterFilterForm(forms.Form):
    """The register's search: part of a party's name, and a user role it holds."""

    q = forms.CharField(label="Name contains", required=False, max_length=200)
    role = forms.ChoiceField(
        label="User role", required=False, choices=[("", "Any role"), *UserRole.choices]
    )


class PartyForm(forms.ModelForm):
    user_roles = _user_roles_field("User roles")

    class Meta:
        model = Organisation
        fields = [
            "name",
            "sec_party_id",
            "user_roles",
            "uses_shared_resource_provider",
            "level",
            "restriction_reason",
            "review_on",
        ]
        labels = {"uses_shared_resource_provider": "Uses a Shared Resource Provider"}
        widgets = {
            "restriction_reason": forms.Textarea(attrs={"rows": 2}),
            "review_on": _DateInput(),
        }
        error_messages = {
            "name": {"unique": "There is already a party of this name in the register."}
        }


class AssessmentForm(forms.ModelForm):
    """An assessment of the party given as the instance's `party` (its level is checked)."""

    user_roles = _user_roles_field("User roles covered")

    class Meta:
        model = Assessment
        fields = [
            "kind",
            "user_roles",
            "assessor",
            "fieldwork_start",
            "fieldwork_end",
            "report_received",
            "level",
            "restriction_reason",
            "review_on",
        ]
        widgets = {
            "fieldwork_start": _DateInput(),
            "fieldwork_end": _DateInput(),
            "report_received": _DateInput(),
            "restriction_reason": forms.Textarea(attrs={"rows": 2}),
            "review_on": _DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.party_id:
            party_level = Level(self.instance.party.level).label
            self.fields["level"].help_text = f"At least the party's level, {party_level}."
