from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from .models import Membership


class _DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d")


class _PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, user):
        full = user.get_full_name()
        return f"{full} ({user.username})" if full else user.username


class MembershipAddForm(forms.Form):
    """A new membership: who, in what role, at what level, from and until when."""

    user = _PersonChoice(label="Person", queryset=get_user_model().objects.none())
    role = forms.ChoiceField(choices=Membership.Role.choices, initial=Membership.Role.MEMBER)
    level = forms.TypedChoiceField(
        choices=Membership.LEVELS,
        coerce=int,
        initial=Membership.LEVELS[0][0],
        help_text="AMBER for the chair, members and alternates; an observer holds GREEN only.",
    )
    starts = forms.DateField(label="From", widget=_DateInput())
    ends = forms.DateField(
        label="Until",
        required=False,
        widget=_DateInput(),
        help_text="The first day it no longer holds; leave empty while it does.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = get_user_model().objects.filter(is_active=True)
        self.fields["starts"].initial = timezone.localdate()


class MembershipEndForm(forms.Form):
    ends = forms.DateField(
        label="Ends on",
        widget=_DateInput(),
        help_text="From this day the membership no longer holds (today: at once).",
    )


class MembershipChangeForm(forms.Form):
    """A new role or level, from a day: the membership ends and another starts."""

    role = forms.ChoiceField(choices=Membership.Role.choices)
    level = forms.TypedChoiceField(choices=Membership.LEVELS, coerce=int)
    on = forms.DateField(label="From", widget=_DateInput())
