"""Who is told of a question or an answer, and in which words.

As in meetings/services/notices.py: one function per event, one `notify` call in the
transaction of the write, WHITE words only (the committee, the meeting's reference and date,
the item's number, what happened), never a question's or answer's text nor an item's or
paper's title. The link leads to the portal, which shows each reader what they may see; and
nobody is told of what they may not see, nor of their own act.
"""

from collections.abc import Iterable

from django.urls import reverse

from classification.models import User
from classification.visibility import can_view
from meetings.models import Meeting
from meetings.services.notices import the_secretariat
from notifications.models import Kind
from notifications.services import notify

from .models import Answer, PresenterContact, Question


def _told(people: Iterable[User], question: Question, by: User | None) -> list[User]:
    """`people` who may see `question`, but `by`, each once."""
    unique = {user.pk: user for user in people if by is None or user.pk != by.pk}
    return [user for user in unique.values() if can_view(user, question)]


def presenter_side(question: Question) -> list[User]:
    """The committee's current secretariat and the item's presenter contact, if any."""
    people = list(the_secretariat(question.item.meeting))
    contact = PresenterContact.objects.filter(item_id=question.item_id).select_related("user")
    return people + [named.user for named in contact]


def _where(question: Question) -> tuple[Meeting, str]:
    meeting = question.item.meeting
    named = (
        f"item {question.item.number} of the {meeting.committee.name} meeting "
        f"{meeting.committee.code} {meeting.reference} of {meeting.date:%A %-d %B %Y}"
    )
    return meeting, named


def question_asked(question: Question, *, by: User | None) -> int:
    """Tell the presenter's side of the question's item that a question awaits their answer."""
    meeting, named = _where(question)
    return notify(
        kind=Kind.QUESTION_ASKED,
        event_key=f"question_asked:{question.pk}",
        recipients=_told(presenter_side(question), question, by),
        subject=f"{meeting.committee.code} {meeting.reference}: a question on item "
        f"{question.item.number}",
        link=reverse("questions:question_answer", args=[question.pk]),
        body_line=f"A question has been asked on {named}: read and answer it on the portal.",
    )


def question_answered(answer: Answer, *, by: User | None) -> int:
    """Tell the asker that their question has an answer, while they may still see it."""
    question = answer.question
    meeting, named = _where(question)
    asker = [question.asked_by] if question.asked_by is not None else []
    page = reverse("questions:meeting_questions", args=[meeting.committee.code, meeting.number])
    return notify(
        kind=Kind.QUESTION_ANSWERED,
        event_key=f"question_answered:{answer.pk}",
        recipients=_told(asker, question, by),
        subject=f"{meeting.committee.code} {meeting.reference}: your question on item "
        f"{question.item.number} answered",
        link=f"{page}#question-{question.pk}",
        body_line=f"Your question on {named} has been answered: read the answer on the portal.",
    )
