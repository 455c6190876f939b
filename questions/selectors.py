"""What a reader is shown of a meeting's questions, read in a fixed number of queries.

Every read goes through `classification.visibility`: the questions and answers a reader
sees, the items and papers they may ask on, and which questions they answer for the
presenter. Used by the meeting page and the minute-taking page (through the template tags)
and by this app's own pages.
"""

from dataclasses import dataclass
from itertools import groupby

from django.db.models import IntegerField, Prefetch, QuerySet

from classification.levels import Level
from classification.models import Viewer
from classification.precompiled import Late, run_rows
from classification.visibility import may_take_questions, standing_in
from meetings.models import AgendaItem, Meeting, Paper

from .forms import AnswerForm, QuestionForm
from .models import Answer, Question
from .services import asking_open


def questions_seen(user: Viewer, questions: QuerySet[Question] | None = None):
    """The questions `user` sees, each with its item, paper, asker, answers and `answerable`."""
    questions = Question.objects.all() if questions is None else questions
    return (
        questions.visible_to(user)
        .with_answerable(user)
        .select_related("item", "paper", "asked_by", "taken_by")
        .prefetch_related(
            Prefetch("answers", queryset=Answer.objects.visible_to(user).select_related("by"))
        )
        .order_by("item__number", "asked_at", "pk")
    )


def prepared(questions, *, secretariat: bool) -> list[Question]:
    """`questions` with what their forms need: an answer form where the reader answers, and
    the levels the secretariat may raise each to."""
    questions = list(questions)
    for question in questions:
        question.answer_form = None
        if question.answerable:
            question.answer_form = AnswerForm(auto_id=f"answer-{question.pk}-%s")
        question.raise_to = [
            (level.value, level.label) for level in Level if secretariat and level > question.level
        ]
    return questions


def by_item(questions) -> list[tuple[AgendaItem, list[Question]]]:
    """`questions` (in item order) grouped by their item."""
    return [
        (group[0].item, group)
        for group in (list(rows) for _, rows in groupby(questions, key=lambda q: q.item_id))
    ]


def ask_form(user: Viewer, meeting: Meeting, data=None) -> QuestionForm | None:
    """The form asking a question on what `user` sees of `meeting`; None if they may not ask."""
    if not (user.is_authenticated and user.is_active and asking_open(meeting)):
        return None
    items = list(AgendaItem.objects.visible_to(user).filter(meeting=meeting).order_by("number"))
    papers = Paper.objects.visible_to(user).filter(item__meeting=meeting)
    return QuestionForm(data, items=items, papers=list(papers.order_by("created_at", "pk")))


@dataclass
class Section:
    """The questions part of a meeting's pages, as one reader sees it."""

    meeting: Meeting
    groups: list[tuple[AgendaItem, list[Question]]]
    may_take: bool  # the chair or the secretariat: marks questions taken at the meeting
    secretariat: bool  # the committee's secretariat: raises questions' levels
    may_ask: bool  # the reader may still ask: the form is shown, or fetched when opened
    form: QuestionForm | None = None
    notice: str = ""

    @property
    def open_count(self) -> int:
        return sum(1 for _, questions in self.groups for question in questions if question.is_open)

    @property
    def answering(self) -> bool:
        """Whether the reader answers some of these questions for the presenter."""
        return any(question.answerable for _, questions in self.groups for question in questions)


def section(
    user: Viewer,
    meeting: Meeting,
    *,
    form: QuestionForm | None = None,
    with_form: bool = True,
    notice: str = "",
    check_first: bool = False,
) -> Section:
    """The questions of `meeting` that `user` sees, by item, and the form to ask another
    (without it, `with_form` false, the page fetches the form when the reader opens it).

    `check_first`: ask first whether `user` sees any question of the meeting, in a statement
    compiled once per reader, and skip building the full read when not (most meetings have
    none): one query more when there are, for pages where the questions are an aside.
    """
    questions = Question.objects.filter(item__meeting=meeting)
    none = check_first and not _any_seen(user, meeting)
    seen = [] if none else list(questions_seen(user, questions))
    signed_in = bool(user.is_authenticated and user.is_active)
    secretariat = bool(seen) and signed_in and standing_in(user, meeting.committee).secretariat
    if form is None and with_form:
        form = ask_form(user, meeting)
    return Section(
        meeting=meeting,
        groups=by_item(prepared(seen, secretariat=secretariat)),
        may_take=bool(seen) and signed_in and may_take_questions(user, meeting),
        secretariat=secretariat,
        may_ask=signed_in and asking_open(meeting),
        form=form,
        notice=notice,
    )


def _any_seen(user: Viewer, meeting: Meeting) -> bool:
    """Whether `user` sees a question of `meeting`."""

    def build():
        of_meeting = Question.objects.filter(item__meeting=Late("meeting", IntegerField()))
        return of_meeting.visible_to(user).values_list("pk")[:1]

    return bool(run_rows("questions.any_seen", user, build, meeting=meeting.pk))


def question_shown(user: Viewer, question: Question) -> tuple[Question, bool, bool]:
    """`question` as `user` sees it, whether they may mark it taken, whether they are the
    secretariat of its committee (for one question's fragment and page)."""
    meeting = question.item.meeting
    secretariat = standing_in(user, meeting.committee).secretariat
    shown = questions_seen(user, Question.objects.filter(pk=question.pk)).get()
    [shown] = prepared([shown], secretariat=secretariat)
    return shown, may_take_questions(user, meeting), secretariat
