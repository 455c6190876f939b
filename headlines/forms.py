from django import forms

from meetings.models import AgendaItem


class HeadlineEditForm(forms.Form):
    headline = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 4}), help_text="Markdown."
    )
    headline_mode = forms.ChoiceField(choices=AgendaItem.HeadlineMode.choices)
    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label="Why are the Headlines returned?", widget=forms.Textarea(attrs={"rows": 3})
    )
