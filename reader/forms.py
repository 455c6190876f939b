"""The note the reader sends: checked here for its shape, in the service for its place."""

from django import forms

from .models import NOTE_MAX, QUOTE_MAX


class NoteForm(forms.Form):
    """A new note: on which version and page, the highlighted text and boxes, the note."""

    version = forms.IntegerField(min_value=1, error_messages={"required": "Say which version."})
    page = forms.IntegerField(
        min_value=1,
        error_messages={
            "required": "Say on which page the note goes.",
            "invalid": "The page must be a whole number.",
            "min_value": "Pages are numbered from 1.",
        },
    )
    quote = forms.CharField(required=False, strip=False, max_length=QUOTE_MAX)
    rects = forms.JSONField(required=False)
    text = forms.CharField(
        max_length=NOTE_MAX,
        error_messages={
            "required": "Write the note: an empty note is not kept.",
            "max_length": f"Keep the note within {NOTE_MAX:,} characters (it has %(show_value)d).",
        },
    )
    field_order = ["version", "page", "quote", "rects", "text"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quote"].error_messages["max_length"] = (
            f"Highlight at most {QUOTE_MAX:,} characters for one note "
            "(this highlight has %(show_value)d)."
        )


class NoteEditForm(forms.Form):
    """A note's new text."""

    text = NoteForm.base_fields["text"]
