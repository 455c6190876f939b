"""Questions before the meeting: asked, answered, taken at the meeting; presenter contacts named.

Each write checks who acts (`by`), locks what it reads levels from in the portal's one order
(meeting → item → paper → question, meetings/services/guards.py), writes in one transaction,
and tells the people concerned through `notices`, whose e-mails leave after the commit.
"""

import io

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from classification.levels import Level, MeetingStatus
from classification.models import User
from classification.restrictions import default_review_on, restriction_inherit
from classification.visibility import can_view, may_answer, may_take_questions
from meetings.models import AgendaItem, Meeting, Paper, PaperVersion
from meetings.services.guards import item_locked, meeting_locked, secretariat_check

from . import notices
from .models import (
    ANSWER_MAX,
    QUESTION_LEVEL_FLOOR,
    QUESTION_MAX,
    Answer,
    PresenterContact,
    Question,
)

# Questions are asked before the meeting: until it is recorded as held.
ASKING_STATUSES = (MeetingStatus.DRAFT, MeetingStatus.AGENDA_PUBLISHED)
# What a restricted question says of its restriction when neither its item nor its paper does.
RAISED_REASON = "Raised above its item's level when asked"


def asking_open(meeting: Meeting) -> bool:
    """Whether questions may still be asked on `meeting`'s items: it is not yet held."""
    return meeting.status in ASKING_STATUSES


def _text(text: str, *, what: str, limit: int) -> str:
    """`text` without surrounding blanks; refused when empty or longer than `limit`."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": f"Write your {what}: it is empty."})
    if len(text) > limit:
        raise ValidationError(
            {"text": f"Keep your {what} within {limit:,} characters (it has {len(text)})."}
        )
    return text


def page_count(version: PaperVersion) -> int:
    """The number of pages of `version`'s file."""
    with version.file.open("rb") as stored:
        content = stored.read()
    try:
        return len(PdfReader(io.BytesIO(content)).pages)
    # pypdf reports a malformed file by any of these (as meetings/papers.py's check_pdf).
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError):
        return 0


def _restricted(question: Question, parent: AgendaItem | Paper) -> None:
    """A restricted question says why and until when: its paper's or item's, or its own."""
    restriction_inherit(question, parent)
    if question.level >= Level.AMBER:
        question.restriction_reason = question.restriction_reason or RAISED_REASON
        question.review_on = question.review_on or default_review_on()


@transaction.atomic
def question_ask(
    *,
    item: AgendaItem,
    text: str,
    by: User,
    paper: Paper | None = None,
    page: int | None = None,
    level: int | None = None,
) -> Question:
    """Ask `text` on `item`, or on page `page` of its `paper`, at `level`.

    The level is the item's (or the paper's, if higher) unless the asker chooses a higher
    one, and at least GREEN; it is checked under the item's lock, so that an item raised at
    the same moment is not left above its question. Refused, with nothing written: an item
    or paper the asker may not see (PermissionDenied), an empty or over-long question, a
    meeting already held, a page outside the paper, a level below the item's or paper's.
    The presenter's side is told.
    """
    if not can_view(by, item) or (paper is not None and not can_view(by, paper)):
        raise PermissionDenied("You may not see this item or paper.")
    text = _text(text, what="question", limit=QUESTION_MAX)
    meeting = meeting_locked(item.meeting)
    if not asking_open(meeting):
        raise ValidationError(
            {"item": f"{meeting} has been held: questions are asked before the meeting."}
        )
    item = item_locked(item.pk)
    version_number = None
    if paper is not None:
        paper = Paper.objects.select_for_update().get(pk=paper.pk)
        if page is not None:
            version = (
                PaperVersion.objects.filter(paper=paper, withdrawn_at__isnull=True)
                .order_by("-number")
                .first()
            )
            pages = page_count(version) if version is not None else 0
            if version is None or not 1 <= page <= pages:
                raise ValidationError(
                    {
                        "page": f"“{paper}” has {pages} page{'s' if pages != 1 else ''}: "
                        f"give a page from 1 to {pages}, or none."
                    }
                )
            version_number = version.number
    if level is None:
        level = max(item.level, paper.level if paper else Level.WHITE, QUESTION_LEVEL_FLOOR)
    question = Question(
        item=item,
        paper=paper,
        page=page,
        paper_version=version_number,
        text=text,
        level=level,
        asked_by=by,
    )
    _restricted(question, paper or item)
    question.full_clean()
    question.save()
    notices.question_asked(question, by=by)
    return question


@transaction.atomic
def answer_add(*, question: Question, text: str, by: User | None) -> Answer:
    """Answer `question` for the presenter: the committee's secretariat or the item's contact.

    The answer joins the question's thread as written; the asker is told.
    """
    if by is not None and not may_answer(by, question):
        raise PermissionDenied(
            "Only the presenter's side answers a question: the committee's secretariat, or the "
            "account named as the item's presenter contact."
        )
    answer = Answer(question=question, text=_text(text, what="answer", limit=ANSWER_MAX), by=by)
    answer.full_clean()
    answer.save()
    notices.question_answered(answer, by=by)
    return answer


@transaction.atomic
def question_taken_mark(*, question: Question, taken: bool, by: User | None) -> Question:
    """Mark `question` taken at the meeting (or, `taken` false, open again): who and when.

    The chair of the meeting or its committee's secretariat, in a verified session.
    """
    meeting = question.item.meeting
    if by is not None and not (may_take_questions(by, meeting) and can_view(by, question)):
        raise PermissionDenied(
            "Only the chair of the meeting or its committee's secretariat marks questions taken "
            "at the meeting, in a session verified by a second factor."
        )
    current = Question.objects.select_for_update().get(pk=question.pk)
    if taken and current.taken_at is None:
        current.taken_at, current.taken_by = timezone.now(), by
    elif not taken:
        current.taken_at, current.taken_by = None, None
    current.save(update_fields=["taken_at", "taken_by"])
    return current


@transaction.atomic
def question_level_raise(*, question: Question, level: int, by: User | None) -> Question:
    """Raise `question` to `level`, as the committee's secretariat does before raising its item.

    A question is never lowered: what its asker wrote at a level stays at least there.
    """
    meeting = question.item.meeting
    secretariat_check(by, "raises a question's level", committee=meeting.committee_id)
    meeting_locked(meeting)
    item = item_locked(question.item_id)
    current = Question.objects.select_for_update().get(pk=question.pk)
    if level <= current.level:
        raise ValidationError(
            {
                "level": f"{Level(level).label} does not raise the question: it is "
                f"{Level(current.level).label}, and a question's level is never lowered."
            }
        )
    current.item = item
    current.level = level
    _restricted(current, current.paper or item)
    current.full_clean()
    current.save(update_fields=["level", "restriction_reason", "review_on"])
    return current


@transaction.atomic
def presenter_contact_name(
    *, item: AgendaItem, user: User | None, by: User | None
) -> PresenterContact | None:
    """Name `user` as the account answering `item`'s questions for its presenter; None: nobody.

    The committee's secretariat names them. A contact answers, and is told of, only the
    questions they may see.
    """
    secretariat_check(by, "names presenter contacts", committee=item.meeting.committee_id)
    if user is None:
        PresenterContact.objects.filter(item=item).delete()
        return None
    if not user.is_active:
        raise ValidationError({"user": f"{user} is not an active account."})
    contact, _ = PresenterContact.objects.update_or_create(
        item=item, defaults={"user": user, "named_by": by, "named_at": timezone.now()}
    )
    return contact
