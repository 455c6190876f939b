"""Forms of the secretariat's agenda builder."""

from django import forms
from django.contrib.auth import get_user_model

from classification.levels import Level
from committees.models import Committee
from sscportal.params import parse_number

from ..models import AgendaItem, Attendance, Meeting
from ..papers import check_pdf, check_size


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["committee", "number", "date", "location", "next_meeting"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "next_meeting": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = Committee.objects.all()


class AgendaItemForm(forms.ModelForm):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = AgendaItem
        fields = ["section", "title", "presenter", "purpose", "level", "headline_mode", "headline"]
        widgets = {"headline": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"headline": "Public text for the Headlines (Markdown)."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["headline_mode"].choices = [
            ("", "By its level: counted if RED, else listed in full"),
            *AgendaItem.HeadlineMode.choices,
        ]

    def item_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ReorderForm(forms.Form):
    order = forms.CharField(help_text="Item ids in their new order, comma-separated.")

    def clean_order(self) -> list[int]:
        parts = [part.strip() for part in self.cleaned_data["order"].split(",") if part.strip()]
        ids = [parse_number(part) for part in parts]
        if not ids or None in ids:
            raise forms.ValidationError("The new order must be a list of item ids.")
        return ids


class AttendanceForm(forms.Form):
    user = forms.ModelChoiceField(queryset=get_user_model().objects.filter(is_active=True))
    role = forms.ChoiceField(choices=Attendance.Role.choices, initial=Attendance.Role.MEMBER)


class RecusalForm(forms.Form):
    user = forms.ModelChoiceField(queryset=get_user_model().objects.filter(is_active=True))
    reason = forms.CharField(max_length=200, required=False)

    @classmethod
    def beside_every_item(cls):
        """The form the builder shows beside each item: its accounts are read once, not per item."""
        form = cls()
        form.fields["user"].choices = list(form.fields["user"].choices)
        return form


class PaperForm(forms.Form):
    title = forms.CharField(max_length=300)
    level = forms.TypedChoiceField(choices=Level.choices, coerce=int)
    file = forms.FileField(help_text="A PDF.")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_size(upload.size)  # before reading it into memory
        content = upload.read()
        check_pdf(content)
        upload.content = content
        return upload


class PaperReplaceForm(PaperForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["title"]
        del self.fields["level"]


class PaperVersionWithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Why is this version withdrawn?",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Say why the version is withdrawn: the reason is kept in the audit log."
        },
    )


class CopyAgendaForm(forms.Form):
    source = forms.ModelChoiceField(
        queryset=Meeting.objects.none(), label="Copy the standing items of"
    )

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = (
            Meeting.objects.filter(committee=meeting.committee)
            .exclude(pk=meeting.pk)
            .order_by("-date")
        )
