"""The forms of questions: ask, answer, raise a level, name a presenter contact."""

from django import forms
from django.contrib.auth import get_user_model

from classification.levels import Level

from .models import ANSWER_MAX, QUESTION_LEVEL_FLOOR, QUESTION_MAX

# The "on" field's values: an item's or a paper's id, e.g. "item-12", "paper-40".
ITEM, PAPER = "item", "paper"
# The level field left blank: the item's (or the paper's, if higher).
AS_ITEM = ""


def _levels(floor: int) -> list[tuple[int, str]]:
    return [(level.value, level.label) for level in Level if level >= floor]


class QuestionForm(forms.Form):
    """A question on an item or a page of one of its papers, among those the asker sees."""

    on = forms.ChoiceField(
        label="Item or paper",
        help_text="The agenda item, or one of its papers.",
        error_messages={
            "required": "Choose the item or paper your question is on.",
            "invalid_choice": "Choose an item or paper of this meeting that you can see.",
        },
    )
    page = forms.IntegerField(
        label="Page",
        required=False,
        min_value=1,
        help_text="Of the paper, if your question is on one page.",
        error_messages={"min_value": "Pages are numbered from 1."},
    )
    level = forms.TypedChoiceField(
        label="Classification",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[(AS_ITEM, "As the item (or its paper)")] + _levels(QUESTION_LEVEL_FLOOR),
        help_text="Never below the item's or paper's level; at least GREEN, as it names you.",
    )
    text = forms.CharField(
        label="Question",
        max_length=QUESTION_MAX,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=f"At most {QUESTION_MAX:,} characters. Seen, with your name, by everyone "
        "who may see the item at the question's level.",
        error_messages={
            "required": "Write your question: it is empty.",
            "max_length": f"Keep your question within {QUESTION_MAX:,} characters "
            "(it has %(show_value)s).",
        },
    )

    def __init__(self, *args, items=(), papers=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices: list = [("", "Choose an item or paper")]
        by_item: dict[int, list] = {}
        for paper in papers:
            by_item.setdefault(paper.item_id, []).append(paper)
        for item in items:
            options = [(f"{ITEM}-{item.pk}", f"Item {item.number}: {item.title}")]
            options += [
                (f"{PAPER}-{paper.pk}", f"Item {item.number}, paper: {paper.title}")
                for paper in by_item.get(item.pk, [])
            ]
            choices.append((f"Item {item.number}", options))
        self.fields["on"].choices = choices
        self._items = {item.pk: item for item in items}
        self._papers = {paper.pk: paper for paper in papers}

    def asks_on_unseen(self) -> bool:
        """Whether the submitted "on" names an item or paper that is not offered: one the
        asker may not see."""
        kind, _, pk = str(self.data.get("on", "")).partition("-")
        if kind not in (ITEM, PAPER) or not pk.isascii() or not pk.isdigit():
            return False
        return int(pk) not in (self._items if kind == ITEM else self._papers)

    def clean(self):
        data = super().clean()
        kind, _, pk = (data.get("on") or "").partition("-")
        data["item"] = data["paper"] = None
        if kind == PAPER:
            data["paper"] = self._papers[int(pk)]
            data["item"] = self._items[data["paper"].item_id]
        elif kind == ITEM:
            data["item"] = self._items[int(pk)]
        if data.get("page") is not None and data["item"] is not None and data["paper"] is None:
            self.add_error("page", "A page number needs a paper: choose the paper it is a page of.")
        return data


class AnswerForm(forms.Form):
    text = forms.CharField(
        label="Answer",
        max_length=ANSWER_MAX,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=f"At most {ANSWER_MAX:,} characters. Seen, with your name, by everyone who "
        "sees the question. An answer is kept as written: correct it with a further answer.",
        error_messages={
            "required": "Write your answer: it is empty.",
            "max_length": f"Keep your answer within {ANSWER_MAX:,} characters "
            "(it has %(show_value)s).",
        },
    )


class LevelRaiseForm(forms.Form):
    level = forms.TypedChoiceField(
        label="Raise to", coerce=int, choices=_levels(QUESTION_LEVEL_FLOOR + 1)
    )


class PresenterContactForm(forms.Form):
    """Who answers one of the meeting's items' questions for its presenter; blank, nobody."""

    item = forms.ModelChoiceField(
        label="Item",
        queryset=None,
        error_messages={"required": "Choose the item.", "invalid_choice": "Choose an item."},
    )
    user = forms.ModelChoiceField(
        label="Presenter contact",
        queryset=get_user_model().objects.filter(is_active=True).order_by("username"),
        required=False,
        empty_label="Nobody (the secretariat answers)",
        error_messages={"invalid_choice": "Choose an active account."},
    )

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items
        self.fields["item"].label_from_instance = lambda item: f"Item {item.number}: {item.title}"
