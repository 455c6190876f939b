"""Questions before the meeting: asked on an agenda item or a page of its paper, answered by
the presenter's side, taken at the meeting by the chair.

A question is a classified record of its item: never below the item's level nor its paper's
(`Classified`), and never WHITE, since it names its asker. Who sees it is decided by
`classification.visibility.QuestionQuerySet`; its answers carry its level and are seen with
it. Answers are a thread: each is kept as written, with who wrote it and when, and a
correction is a further answer, so nothing said to the committee is ever changed unseen.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from classification.levels import Level
from classification.models import Classified
from classification.visibility import AnswerQuerySet, QuestionQuerySet

# The longest question and answer kept, in characters: the forms say so.
QUESTION_MAX = 2000
ANSWER_MAX = 4000
# A question names its asker: it is at least the community's level, never public.
QUESTION_LEVEL_FLOOR = Level.GREEN


class Question(Classified):
    """A question on an agenda item, or on one page of one of its papers."""

    classification_parents = ("item", "paper")

    item = models.ForeignKey(
        "meetings.AgendaItem", on_delete=models.CASCADE, related_name="questions"
    )
    paper = models.ForeignKey(
        "meetings.Paper",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="questions",
    )
    page = models.PositiveIntegerField(null=True, blank=True, validators=[MinValueValidator(1)])
    # The version of the paper whose page it names: a replacement may move the page.
    paper_version = models.PositiveIntegerField(null=True, blank=True)
    text = models.TextField("question", validators=[MaxLengthValidator(QUESTION_MAX)])
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="questions_asked",
    )
    asked_at = models.DateTimeField(default=timezone.now)
    taken_at = models.DateTimeField("taken at the meeting", null=True, blank=True)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["item", "asked_at", "pk"]

    def __str__(self):
        # Never its text: the name shows in messages and logs read outside its level.
        return f"Question {self.pk}"

    @property
    def is_open(self) -> bool:
        """Not yet taken at the meeting."""
        return self.taken_at is None

    def clean(self):
        super().clean()
        errors = {}
        if self.level is not None and self.level < QUESTION_LEVEL_FLOOR:
            errors["level"] = (
                "A question names its asker, so it is never WHITE (public): choose GREEN or above."
            )
        if self.paper_id and self.item_id and self.paper.item_id != self.item_id:
            errors["paper"] = f"“{self.paper}” is not a paper of item {self.item.number}."
        if self.page is not None and not self.paper_id:
            errors["page"] = "A page number needs a paper: choose the paper it is a page of."
        if errors:
            raise ValidationError(errors)


class Answer(models.Model):
    """One answer to a question from the presenter's side; kept as written."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    text = models.TextField("answer", validators=[MaxLengthValidator(ANSWER_MAX)])
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(default=timezone.now)

    objects = AnswerQuerySet.as_manager()

    class Meta:
        ordering = ["question", "at", "pk"]

    def __str__(self):
        return f"Answer {self.pk} to question {self.question_id}"


class PresenterContact(models.Model):
    """The account that answers an agenda item's questions for its presenter.

    Named by the committee's secretariat; it answers only the questions it may see.
    """

    item = models.OneToOneField(
        "meetings.AgendaItem", on_delete=models.CASCADE, related_name="presenter_contact"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="presenter_contacts"
    )
    named_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    named_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.user} answers for the presenter of item {self.item_id}"
