import datetime

from django import forms
from django.db.models import Q

from meetings.models import Action, Meeting
from sscportal.params import parse_number

# The meeting filter lists the newest meetings only (and the one chosen): at scale a member
# sees actions of thousands of meetings, too many to list; any of them is still accepted.
MEETINGS_LISTED = 50

STATUSES = "one of " + ", ".join(f"“{value}”" for value in Action.Status.values)


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, meeting):
        return f"{meeting.committee.code} {meeting.reference}"


class ActionFilterForm(forms.Form):
    """The action log's filters. Its choices come only from actions the user may see."""

    meeting = MeetingChoiceField(
        queryset=Meeting.objects.none(),
        required=False,
        empty_label="Any meeting",
        error_messages={
            "invalid_choice": "There is no meeting “%(value)s” among those with actions you "
            "can see: choose one from the list."
        },
    )
    owner = forms.ChoiceField(
        required=False,
        error_messages={
            "invalid_choice": "No action you can see is owned by “%(value)s”: choose an owner "
            "from the list."
        },
    )
    status = forms.ChoiceField(
        required=False,
        choices=[("", "Any status"), *Action.Status.choices],
        error_messages={"invalid_choice": f"The status filter is {STATUSES}, not “%(value)s”."},
    )
    overdue = forms.ChoiceField(
        required=False,
        choices=[("", "Overdue or not"), ("yes", "Overdue only"), ("no", "Not overdue")],
        error_messages={"invalid_choice": "The overdue filter is “yes” or “no”, not “%(value)s”."},
    )

    def __init__(self, data, *, user, actions, today: datetime.date):
        super().__init__(data)
        self.actions = actions
        self.today = today
        meetings = (
            Meeting.objects.visible_to(user)
            .filter(pk__in=actions.values("item__meeting"))
            .select_related("committee")
            .order_by("-date", "committee__code")
        )
        field = self.fields["meeting"]
        field.queryset = meetings
        listed = list(meetings[:MEETINGS_LISTED])
        chosen = parse_number((data or {}).get("meeting", ""))
        if chosen is not None and chosen not in {meeting.pk for meeting in listed}:
            listed += list(meetings.filter(pk=chosen))
        field.widget.choices = [
            ("", field.empty_label),
            *((meeting.pk, field.label_from_instance(meeting)) for meeting in listed),
        ]
        owners = actions.order_by().values_list("owner_user__username", "owner_organisation")
        names = sorted({username or organisation for username, organisation in owners.distinct()})
        self.fields["owner"].choices = [("", "Any owner"), *((name, name) for name in names)]

    def filter(self):
        """The visible actions that match the (valid) filters."""
        actions = self.actions
        data = self.cleaned_data
        if data["meeting"]:
            actions = actions.filter(item__meeting=data["meeting"])
        if data["owner"]:
            actions = actions.filter(
                Q(owner_user__username=data["owner"])
                | Q(owner_user__isnull=True, owner_organisation=data["owner"])
            )
        if data["status"]:
            actions = actions.filter(status=data["status"])
        overdue = Q(status=Action.Status.OPEN, due__lt=self.today)
        if data["overdue"] == "yes":
            actions = actions.filter(overdue)
        elif data["overdue"] == "no":
            actions = actions.exclude(overdue)
        return actions


class ActionUpdateForm(forms.Form):
    text = forms.CharField(
        label="What has happened",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say what has happened on the action."},
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Leave the status as it is"), *Action.Status.choices],
        error_messages={"invalid_choice": f"The status is {STATUSES}, not “%(value)s”."},
    )
