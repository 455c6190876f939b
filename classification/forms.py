"""The restriction fields of the forms that make a paper, decision or action at an item."""

from django import forms


def restriction_reason_field() -> forms.CharField:
    """Why the record is AMBER or RED; left blank, its agenda item's reason."""
    return forms.CharField(
        label="Restriction reason",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Why it is AMBER or RED. Left blank, the item's reason.",
    )


def review_date_field() -> forms.DateField:
    """When the record's level is next reviewed; left blank, its agenda item's review date."""
    return forms.DateField(
        label="Review date",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="When its level is next reviewed. Left blank, the item's review date.",
    )
