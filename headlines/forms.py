from django import forms

from meetings.models import AgendaItem


class HeadlineEditForm(forms.Form):
    # No help text: the page's label says "(Markdown)", and Django would point the textarea's
    # aria-describedby at a help text the page does not show.
    headline = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}))
    headline_mode = forms.ChoiceField(choices=AgendaItem.HeadlineMode.choices)
    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label="Why are the Headlines returned?", widget=forms.Textarea(attrs={"rows": 3})
    )
