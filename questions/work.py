"""The questions' share of each person's work, for the dashboard and the navigation's count.

Read through `classification` like every page (`QuestionQuerySet.visible_to` and
`answerable_by`): a recused member, or a member of another committee, is never shown nor
counted a question they may not see, even when named as the item's presenter contact. Only
questions of meetings not yet held count: questions are asked, and answered, before the
meeting (`services.ASKING_STATUSES`), and one taken at the meeting is the meeting's.

* The presenter's side (the committee's secretariat, or the account named as the item's
  presenter contact): questions without an answer, to do. Not their own questions: those are
  left to the rest of the presenter's side, as nobody is told of their own act.
* The asker: their own questions, to follow, not to do: awaiting an answer, or answered (the
  answers given since their last visit to the dashboard marked new), until the meeting is held.

The members app shows these beside the meeting record's work (members/work.py), through
`questions_tags.questions_work` and the `questions_work_count` context processor.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone

from classification.models import Viewer
from classification.precompiled import counted, run_first_row

from .models import Answer, Question
from .services import ASKING_STATUSES

# The dashboard lists this many questions to answer at most; the count counts all, and the
# page of questions awaiting an answer lists all.
SHOWN = 50


@dataclass(frozen=True)
class Task:
    """One entry of a person's work: what to do, and where (`link`)."""

    what: str
    link: str
    detail: str = ""
    late: bool = False


@dataclass(frozen=True)
class QuestionsWork:
    todo: list[Task]
    waiting: list[Task]  # the asker's own questions, to follow
    more: bool  # whether questions to answer were left out (SHOWN listed)


def _before_the_meeting(questions: QuerySet[Question]) -> QuerySet[Question]:
    """`questions` of meetings not yet held, not taken at the meeting."""
    return questions.filter(item__meeting__status__in=ASKING_STATUSES, taken_at__isnull=True)


def _to_answer(user: Viewer) -> QuerySet[Question]:
    """The questions `user` answers for the presenter that have no answer yet, but their own."""
    return (
        _before_the_meeting(Question.objects.answerable_by(user))
        .exclude(asked_by=user)
        # Any answer, seen or not, answers it: an answer is seen with its question.
        .exclude(Exists(Answer.objects.filter(question=OuterRef("pk"))))
    )


def questions_work_count(user: Viewer) -> int:
    """How many entries `questions_work` lists as to do for `user`, in one query, compiled
    once per reader and process (classification.precompiled: it is on every page)."""
    if not user.is_authenticated or not user.is_active:
        return 0
    row = run_first_row("questions.questions_work_count", user, lambda: counted(_to_answer(user)))
    return row[0] if row else 0


def questions_work(user: Viewer, *, since: datetime.datetime | None = None) -> QuestionsWork:
    """`user`'s questions: to answer for the presenter, and their own to follow (an answer
    after `since`, their previous visit, marked new)."""
    if not user.is_authenticated or not user.is_active:
        return QuestionsWork([], [], more=False)
    order = ("item__meeting__date", "item__meeting__number", "item__number", "asked_at", "pk")
    related = ("item__meeting__committee", "asked_by")
    to_answer = list(_to_answer(user).select_related(*related).order_by(*order)[: SHOWN + 1])
    # A question's answers are seen with it (`AnswerQuerySet`): these are of visible questions.
    latest_answer = Answer.objects.filter(question=OuterRef("pk")).order_by("-at", "-pk")
    own = (
        _before_the_meeting(Question.objects.visible_to(user).filter(asked_by=user))
        .annotate(answered_at=Subquery(latest_answer.values("at")[:1]))
        .select_related(*related)
        .order_by(*order)
    )
    return QuestionsWork(
        todo=[_answer_task(question) for question in to_answer[:SHOWN]],
        waiting=[_own_task(question, since) for question in own],
        more=len(to_answer) > SHOWN,
    )


def _where(question: Question) -> str:
    meeting = question.item.meeting
    return f"item {question.item.number} of {meeting.committee.code} {meeting.reference}"


def _when(moment: datetime.datetime) -> str:
    return f"{timezone.localtime(moment):%A %-d %B %Y at %H:%M}"


def _answer_task(question: Question) -> Task:
    meeting = question.item.meeting
    asker = question.asked_by or "a former account"
    return Task(
        f"Answer a question on {_where(question)}",
        reverse("questions:question_answer", args=[question.pk]),
        f"asked by {asker} on {_when(question.asked_at)}; "
        f"the meeting is on {meeting.date:%A %-d %B %Y}",
    )


def _own_task(question: Question, since: datetime.datetime | None) -> Task:
    meeting = question.item.meeting
    page = reverse("questions:meeting_questions", args=[meeting.committee.code, meeting.number])
    link = f"{page}#question-{question.pk}"
    answered_at = question.answered_at  # type: ignore[attr-defined]
    if answered_at is None:
        return Task(f"Your question on {_where(question)} awaits an answer", link)
    new = "; new since your last visit" if since is not None and answered_at > since else ""
    return Task(
        f"Your question on {_where(question)} was answered",
        link,
        f"on {_when(answered_at)}{new}",
    )
