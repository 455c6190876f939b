"""The agenda builder, the meeting's status, and publishing the agenda."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, F, Max, Value, When
from django.utils import timezone

from classification.levels import Level, MeetingStatus
from classification.models import User
from classification.restrictions import lowering_refused
from committees.models import Committee
from notifications.models import AgendaPublication

from ..models import (
    AgendaItem,
    Meeting,
    MeetingStatusChange,
    Paper,
)
from ..schedule import has_started, starts_at
from . import notices
from .guards import item_locked, meeting_locked, revise, secretariat_check

# The agenda builder: every change to an agenda's numbering holds the meeting's row lock, so
# two secretariat users never produce duplicate or missing numbers.

_SECTION_ORDER = [AgendaItem.Section.MATTERS_ARISING, AgendaItem.Section.AGENDA]
_RENUMBER_OFFSET = 1_000_000
_STATUS_ORDER = list(MeetingStatus.values)


def _renumber(meeting: Meeting, ordered_ids: list[int]) -> None:
    """Number the meeting's items 1..n in `ordered_ids` order, in two statements."""
    items = AgendaItem.objects.filter(meeting=meeting)
    # Move every number out of the way first, so the unique constraint holds at each step.
    items.update(number=F("number") + _RENUMBER_OFFSET)
    items.update(
        number=Case(*(When(pk=pk, then=Value(n)) for n, pk in enumerate(ordered_ids, start=1)))
    )
    revise(meeting.pk)


def _section_order(meeting: Meeting) -> list[int]:
    """The meeting's item ids, Matters Arising first, each section in number order."""
    items = AgendaItem.objects.filter(meeting=meeting).values_list("pk", "section", "number")
    return [pk for pk, _, _ in sorted(items, key=lambda i: (_SECTION_ORDER.index(i[1]), i[2]))]


@transaction.atomic
def meeting_create(
    *,
    committee: Committee,
    number: int,
    date: datetime.date,
    by: User | None,
    location: str = "",
    next_meeting: datetime.date | None = None,
    start_time: datetime.time | None = None,
    end_time: datetime.time | None = None,
) -> Meeting:
    """Create a draft meeting; without times, it runs at the usual times (10:00 to 12:00)."""
    secretariat_check(by, "creates meetings", committee=committee)
    meeting = Meeting(
        committee=committee, number=number, date=date, location=location, next_meeting=next_meeting
    )
    if start_time is not None:
        meeting.start_time = start_time
    if end_time is not None:
        meeting.end_time = end_time
    meeting.full_clean()
    meeting.save()
    MeetingStatusChange.objects.create(meeting=meeting, status=meeting.status, by=by)
    return meeting


@transaction.atomic
def meeting_status_change(*, meeting: Meeting, status: str, by: User | None) -> Meeting:
    """The secretariat moves a meeting forward to `status`; it never moves back."""
    secretariat_check(by, "moves a meeting on", committee=meeting.committee_id)
    return status_move(meeting, status, by=by)


def status_move(meeting: Meeting, status: str, *, by: User | None) -> Meeting:
    """Move `meeting` forward to `status`, recording who did it; callers check `by`.

    A meeting is held, and so beyond, only once it has started.
    """
    meeting = meeting_locked(meeting)
    if _STATUS_ORDER.index(status) <= _STATUS_ORDER.index(meeting.status):
        raise ValidationError(
            f"The meeting is already “{meeting.get_status_display()}”: it cannot become "
            f"“{MeetingStatus(status).label}”."
        )
    held = _STATUS_ORDER.index(status) >= _STATUS_ORDER.index(MeetingStatus.HELD)
    if held and not has_started(meeting):
        start = starts_at(meeting)
        raise ValidationError(
            f"{meeting} has not started: it starts at {start:%H:%M} on "
            f"{start:%A %-d %B %Y} (London time), and can be recorded as held from then."
        )
    meeting.status = status
    meeting.save(update_fields=["status"])
    MeetingStatusChange.objects.create(meeting=meeting, status=status, by=by)
    return meeting


@transaction.atomic
def agenda_item_add(*, meeting: Meeting, by: User | None, **fields: Any) -> AgendaItem:
    """Add an item at the end of its section; the numbers of later items follow."""
    secretariat_check(by, "builds the agenda", committee=meeting.committee_id)
    meeting = meeting_locked(meeting)
    last = AgendaItem.objects.filter(meeting=meeting).aggregate(last=Max("number"))["last"] or 0
    item = AgendaItem(meeting=meeting, number=last + 1, **fields)
    item.full_clean()
    item.save()
    _renumber(meeting, _section_order(meeting))
    item.refresh_from_db()
    return item


@transaction.atomic
def agenda_item_update(
    *, item: AgendaItem, expected_version: int, by: User | None, **fields: Any
) -> AgendaItem:
    """Change an item's fields, refusing an edit based on a version someone else replaced.

    Its level may be raised here, never lowered: lowering is a recorded decision
    (`reviews.services.level_lower`).
    """
    secretariat_check(by, "builds the agenda", committee=item.meeting.committee_id)
    meeting = meeting_locked(item.meeting)
    current = item_locked(item.pk)
    if current.version != expected_version:
        raise ValidationError(
            f"Item {current.number} was changed by someone else since you opened it, so your "
            "edit was not saved: reload it to see their change, then edit again."
        )
    section_before, level_before = current.section, current.level
    mode_before = current.headline_mode
    for name, value in fields.items():
        setattr(current, name, value)
    lowering_refused(current, stored_level=level_before)
    if level_before < Level.RED <= current.level and current.headline_mode == mode_before:
        # Raised to RED with its mode left as it was: nothing of it is listed in the
        # Headlines until the secretariat chooses "full" for it at RED.
        current.headline_mode = AgendaItem.HeadlineMode.COUNTED
    current.full_clean()
    current.version += 1
    current.save()
    if current.section != section_before:
        _renumber(meeting, _section_order(meeting))
        current.refresh_from_db()
    return current


@transaction.atomic
def agenda_item_delete(*, item: AgendaItem, by: User | None) -> None:
    """Delete an item that holds no record yet; the numbers of later items close the gap."""
    secretariat_check(by, "builds the agenda", committee=item.meeting.committee_id)
    meeting = meeting_locked(item.meeting)
    item = AgendaItem.objects.get(pk=item.pk)
    held = [
        name
        for name, present in [
            ("minutes", bool(item.minutes.strip())),
            ("papers", item.papers.exists()),
            ("decisions", item.decisions.exists()),
            ("actions", item.actions.exists()),
            ("questions", item.questions.exists()),
        ]
        if present
    ]
    if held:
        raise ValidationError(
            f"Item {item.number} holds {', '.join(held)}: it cannot be deleted, so that nothing "
            "recorded against it is lost."
        )
    item.delete()
    _renumber(meeting, _section_order(meeting))


@transaction.atomic
def agenda_reorder(*, meeting: Meeting, ordered_ids: list[int], by: User | None) -> None:
    """Number the items in the given order: every item once, each section kept together."""
    secretariat_check(by, "builds the agenda", committee=meeting.committee_id)
    meeting = meeting_locked(meeting)
    sections = dict(AgendaItem.objects.filter(meeting=meeting).values_list("pk", "section"))
    unknown = [pk for pk in ordered_ids if pk not in sections]
    if unknown:
        raise ValidationError(
            f"Item id {', '.join(map(str, unknown))} is not on this agenda: reload the agenda."
        )
    if len(set(ordered_ids)) != len(ordered_ids) or set(ordered_ids) != set(sections):
        raise ValidationError(
            "The agenda has changed since you loaded it (an item was added or removed): "
            "reload it and reorder again."
        )
    ranks = [_SECTION_ORDER.index(sections[pk]) for pk in ordered_ids]
    if ranks != sorted(ranks):
        raise ValidationError("Matters Arising must come before the Agenda Items.")
    _renumber(meeting, ordered_ids)


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, direction: str, by: User | None) -> None:
    """Move an item one place up or down within its section."""
    secretariat_check(by, "builds the agenda", committee=item.meeting.committee_id)
    meeting = meeting_locked(item.meeting)
    item = AgendaItem.objects.get(pk=item.pk)
    ordered = _section_order(meeting)
    index = ordered.index(item.pk)
    other = index - 1 if direction == "up" else index + 1
    same_section = (
        0 <= other < len(ordered)
        and AgendaItem.objects.filter(pk=ordered[other], section=item.section).exists()
    )
    if not same_section:
        where = "first" if direction == "up" else "last"
        raise ValidationError(
            f"Item {item.number} is already the {where} of {item.get_section_display()}."
        )
    ordered[index], ordered[other] = ordered[other], ordered[index]
    _renumber(meeting, ordered)


@transaction.atomic
def agenda_copy(
    *,
    source: Meeting,
    target: Meeting,
    by: User | None,
    item_ids: Iterable[int] | None = None,
) -> int:
    """Copy the standing items of `source` (all, or those in `item_ids`) onto `target`.

    Only the agenda's shape is copied: section, title, presenter, purpose, level with its
    restriction reason and review date, and headline mode; never minutes, headlines, papers
    or decisions. `by` must be the secretariat of both meetings' committees.
    """
    secretariat_check(by, "builds the agenda", committee=source.committee_id)
    secretariat_check(by, "builds the agenda", committee=target.committee_id)
    target = meeting_locked(target)
    items = AgendaItem.objects.filter(meeting=source).order_by("number")
    if item_ids is not None:
        items = items.filter(pk__in=item_ids)
    last = AgendaItem.objects.filter(meeting=target).aggregate(last=Max("number"))["last"] or 0
    copies = [
        AgendaItem(
            meeting=target,
            number=last + n,
            section=item.section,
            title=item.title,
            presenter=item.presenter,
            purpose=item.purpose,
            level=item.level,
            restriction_reason=item.restriction_reason,
            review_on=item.review_on,
            headline_mode=item.headline_mode,
        )
        for n, item in enumerate(items, start=1)
    ]
    AgendaItem.objects.bulk_create(copies)
    _renumber(target, _section_order(target))
    return len(copies)


@transaction.atomic
def agenda_item_headline_update(
    *, item: AgendaItem, headline: str, headline_mode: str, expected_version: int, by: User | None
) -> AgendaItem:
    """Save an item's headline text and mode, refusing an edit based on a stale version."""
    secretariat_check(by, "edits the Headlines", committee=item.meeting.committee_id)
    if headline_mode not in AgendaItem.HeadlineMode.values:
        raise ValidationError(f"Unknown headline mode {headline_mode!r}.")
    updated = AgendaItem.objects.filter(pk=item.pk, version=expected_version).update(
        headline=headline, headline_mode=headline_mode, version=F("version") + 1
    )
    revise(item.meeting_id)
    if not updated:
        raise ValidationError(
            f"Item {item.number} was changed by someone else since you opened it, so your edit "
            "was not saved: reload the page to see the current text, then edit again."
        )
    item.refresh_from_db()
    return item


@transaction.atomic
def agenda_publish(*, meeting: Meeting, by: User | None) -> AgendaPublication | None:
    """Make the agenda and its papers visible to members at their levels, and tell them.

    Returns the publication (None when there was nothing new to publish). Members are told
    (`notices.agenda_published`) by e-mail once this commits; if the broker is down, the
    notifications wait in the database and the periodic sweep sends them.
    """
    secretariat_check(by, "publishes the agenda", committee=meeting.committee_id)
    meeting = meeting_locked(meeting)
    now = timezone.now()
    first = not meeting.items.filter(published_at__isnull=False).exists()
    items = meeting.items.filter(published_at__isnull=True).update(published_at=now)
    papers = Paper.objects.filter(
        item__meeting=meeting, published_at__isnull=True, withdrawn_at__isnull=True
    ).update(published_at=now)
    revise(meeting.pk)
    if meeting.status == MeetingStatus.DRAFT:
        status_move(meeting, MeetingStatus.AGENDA_PUBLISHED, by=by)
    if not (items or papers):
        return None
    publication = AgendaPublication.objects.create(meeting=meeting, published_at=now, by=by)
    notices.agenda_published(publication, first=first)
    return publication
