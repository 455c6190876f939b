"""Forms of the secretariat's agenda builder."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Max
from django.urls import reverse

from classification.forms import restriction_reason_field, review_date_field
from classification.levels import Level
from classification.visibility import secretariat_committees
from committees.models import Committee
from sscportal.params import parse_number

from ..models import AgendaItem, Attendance, Meeting
from ..papers import check_pdf, check_size


class MeetingForm(forms.ModelForm):
    # The fields filled in from the committee's meetings so far.
    SUGGESTED = ("number", "start_time", "end_time")

    class Meta:
        model = Meeting
        fields = [
            "committee",
            "number",
            "date",
            "start_time",
            "end_time",
            "location",
            "next_meeting",
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "next_meeting": forms.DateInput(attrs={"type": "date"}),
        }
        help_texts = {"start_time": "London time.", "end_time": "London time."}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # A meeting of the committees `user` is the secretariat of.
        self.fields["committee"].queryset = _committees_of(user)
        # Choosing another committee asks for its suggestions (htmx), which replace only the
        # suggested fields (out of band): nothing else typed meanwhile is lost.
        self.fields["committee"].widget.attrs.update(
            {
                "hx-get": reverse("meetings:meeting_create"),
                "hx-trigger": "change changed",
                "hx-swap": "none",
            }
        )

    @classmethod
    def suggested(cls, params, *, user) -> "MeetingForm":
        """A blank form filled in with what the next meeting most likely is.

        The committee is the one `params` names (by code, or by id as the form sends it) of
        those `user` is the secretariat of, or the only one of them; the number follows the
        committee's highest, and the times are those of its latest meeting.
        """
        committee = _committee_named(params.get("committee", ""), _committees_of(user))
        if committee is None:
            return cls(user=user)
        return cls(initial={"committee": committee.pk, **_next_meeting_of(committee)}, user=user)

    def suggestions(self) -> list[forms.BoundField]:
        """The suggested fields, each to replace the one of the same id on the page."""
        for name in self.SUGGESTED:
            self.fields[name].widget.attrs["hx-swap-oob"] = "true"
        return [self[name] for name in self.SUGGESTED]


def _committees_of(user):
    """The committees `user` is the (verified) secretariat of."""
    committees = secretariat_committees(user)
    return Committee.objects.filter(pk__in=committees if committees is not None else [])


def _committee_named(value: str, committees) -> Committee | None:
    if value:
        found = committees.filter(code=value).first()
        if found is None and parse_number(value) is not None:
            found = committees.filter(pk=int(value)).first()
        return found
    only = list(committees[:2])
    return only[0] if len(only) == 1 else None


def _next_meeting_of(committee: Committee) -> dict:
    """The next number of `committee`'s meetings, and the times of its latest meeting.

    A committee's first meeting has the model's default times (the form's own initial).
    """
    meetings = Meeting.objects.filter(committee=committee)
    highest = meetings.aggregate(highest=Max("number"))["highest"] or 0
    latest = meetings.order_by("-date", "-number").first()
    times = {"start_time": latest.start_time, "end_time": latest.end_time} if latest else {}
    return {"number": highest + 1, **times}


class AgendaItemForm(forms.ModelForm):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = AgendaItem
        fields = [
            "section",
            "title",
            "presenter",
            "purpose",
            "level",
            "restriction_reason",
            "review_on",
            "headline_mode",
            "headline",
        ]
        widgets = {
            "headline": forms.Textarea(attrs={"rows": 3}),
            "restriction_reason": forms.Textarea(attrs={"rows": 2}),
            "review_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
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
    def beside_every_item(cls, meeting):
        """The form the builder shows beside each item: it offers the meeting's attendees (only
        they are recused), read once, not per item."""
        form = cls()
        field = form.fields["user"]
        field.queryset = field.queryset.filter(attendances__meeting=meeting)
        field.choices = list(field.choices)
        return form


class PaperForm(forms.Form):
    title = forms.CharField(max_length=300)
    level = forms.TypedChoiceField(choices=Level.choices, coerce=int)
    restriction_reason = restriction_reason_field()
    review_on = review_date_field()
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
        for name in ["title", "level", "restriction_reason", "review_on"]:
            del self.fields[name]


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
