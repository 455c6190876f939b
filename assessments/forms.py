from django import forms
from django.db.models import Q

from classification.levels import Level, MeetingStatus
from classification.visibility import secretariat_committees
from meetings.models import AgendaItem

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
            "item",
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

    def __init__(self, *args, user, **kwargs):
        """`user` chooses the item among its committees' meetings still to be minuted."""
        super().__init__(*args, **kwargs)
        if self.instance.party_id:
            party_level = Level(self.instance.party.level).label
            self.fields["level"].help_text = f"At least the party's level, {party_level}."
        field = self.fields["item"]
        field.queryset = _items_to_consider_at(user, current=self.instance.item_id)
        field.label_from_instance = lambda item: f"{item.meeting}, item {item.number}: {item.title}"
        field.help_text = (
            "The agenda item at which the committee considers it (the assessment is then that "
            "committee's record): the party's employees who attend are flagged to the "
            "secretariat as having a conflict of interest."
        )


# The meetings whose agendas an assessment may still be put on: their minutes are not approved.
_OPEN_STATUSES = (MeetingStatus.DRAFT, MeetingStatus.AGENDA_PUBLISHED, MeetingStatus.HELD)


def _items_to_consider_at(user, *, current: int | None):
    """The items of meetings of `user`'s committees still to be minuted, and `current`, as far
    as `user` may see them."""
    committees = secretariat_committees(user)
    open_items = Q(meeting__status__in=_OPEN_STATUSES)
    if committees is None:
        open_items = Q(pk__in=[])
    else:
        open_items &= Q(meeting__committee__in=committees)
    return (
        AgendaItem.objects.visible_to(user)
        .filter(open_items | Q(pk=current))
        .select_related("meeting__committee")
        .order_by("meeting__date", "meeting__number", "number")
    )
