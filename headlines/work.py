"""The Headlines' share of each person's work, for the dashboard and the navigation's count.

Read through `classification` like every page: the meetings `user` may see, of committees it
is the secretariat of, or that it chairs in a verified session (as `is_chair`), each with its
latest Headlines submission as `user` may see it.

* The secretariat: Headlines to submit (a meeting held, nothing submitted since, or the last
  submission withdrawn), returned by the chair, or whose render failed. To follow up, not to
  do: Headlines awaiting the chair's approval (which it may withdraw).
* The chair: Headlines awaiting their approval.

The members app shows these beside the meeting record's work (members/work.py), through
`headlines_tags.headlines_work` and the `headlines_work_count` context processor.
"""

from dataclasses import dataclass

from django.db.models import (
    Case,
    CharField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.urls import reverse

from classification.levels import MeetingStatus
from classification.models import Viewer
from classification.precompiled import counted, run_first_row
from classification.visibility import chaired_meetings, secretariat_committees
from meetings.models import Meeting

from .models import HeadlinesRequest
from .services import PUBLISHABLE_STATUSES

Status = HeadlinesRequest.Status
# The kinds of entry, and which of them are the person's to do.
TO_SUBMIT, RETURNED, FAILED, TO_APPROVE, AWAITING_CHAIR = (
    "to_submit",
    "returned",
    "failed",
    "to_approve",
    "awaiting_chair",
)
TODO = (TO_SUBMIT, RETURNED, FAILED, TO_APPROVE)


@dataclass(frozen=True)
class Task:
    """One entry of a person's work: what to do, and where (`link`)."""

    what: str
    link: str
    detail: str = ""
    late: bool = False


@dataclass(frozen=True)
class HeadlinesWork:
    todo: list[Task]
    waiting: list[Task]


def _meetings(user: Viewer) -> QuerySet[Meeting]:
    """The meetings with Headlines work for `user`, each with its kind of entry (`work`)."""
    committees = secretariat_committees(user)
    chaired = chaired_meetings(user)
    mine = Q(committee__in=committees) if committees is not None else Q(pk__in=[])
    chairs = Q(pk__in=chaired) if chaired is not None else Q(pk__in=[])
    latest = (
        HeadlinesRequest.objects.visible_to(user).filter(meeting=OuterRef("pk")).order_by("-pk")
    )
    not_yet_published = Q(status__in=[MeetingStatus.HELD, MeetingStatus.MINUTES_APPROVED])
    work = Case(
        When(
            mine
            & not_yet_published
            & (Q(latest_status__isnull=True) | Q(latest_status=Status.WITHDRAWN)),
            then=Value(TO_SUBMIT),
        ),
        When(mine & Q(latest_status=Status.RETURNED), then=Value(RETURNED)),
        When(mine & Q(latest_status=Status.FAILED), then=Value(FAILED)),
        When(chairs & Q(latest_status=Status.SUBMITTED), then=Value(TO_APPROVE)),
        When(mine & Q(latest_status=Status.SUBMITTED), then=Value(AWAITING_CHAIR)),
        default=None,
        output_field=CharField(),
    )
    meetings = (
        Meeting.objects.visible_to(user)
        .filter(status__in=PUBLISHABLE_STATUSES)
        .filter(mine | chairs)
        .annotate(
            latest_status=Subquery(latest.values("status")[:1]),
            latest_pk=Subquery(latest.values("pk")[:1]),
        )
        .annotate(work=work)
        .filter(work__isnull=False)
    )
    return meetings.none() if committees is None and chaired is None else meetings


def headlines_work_count(user: Viewer) -> int:
    """How many entries `headlines_work` lists as to do for `user`, in one query, compiled
    once per reader and process (classification.precompiled: it is on every page)."""
    if not user.is_authenticated:
        return 0
    row = run_first_row(
        "headlines.headlines_work_count",
        user,
        lambda: counted(_meetings(user).filter(work__in=TODO)),
    )
    return row[0] if row else 0


def headlines_work(user: Viewer) -> HeadlinesWork:
    """`user`'s Headlines work: what to do, and what awaits the chair."""
    todo: list[Task] = []
    waiting: list[Task] = []
    if not user.is_authenticated:
        return HeadlinesWork(todo, waiting)
    for meeting in _meetings(user).select_related("committee").order_by("date", "number"):
        task = _task(meeting)
        (todo if meeting.work in TODO else waiting).append(task)
    return HeadlinesWork(todo, waiting)


def _task(meeting: Meeting) -> Task:
    code, number = meeting.committee.code, meeting.number
    named = f"{code} {meeting.reference}"
    draft = reverse("headlines:headlines_compose", args=[code, number])
    if meeting.work == TO_SUBMIT:
        return Task(f"Submit the Headlines of {named} to the chair", draft)
    if meeting.work == RETURNED:
        return Task(f"The chair returned the Headlines of {named}", draft, "see why, and resubmit")
    if meeting.work == FAILED:
        return Task(
            f"The Headlines PDF of {named} was not published", draft, "the render failed", True
        )
    review = reverse("headlines:headlines_review", args=[meeting.latest_pk])
    if meeting.work == TO_APPROVE:
        return Task(f"Approve the Headlines of {named}", review, "submitted by the secretariat")
    return Task(f"The Headlines of {named} await the chair's approval", draft)
