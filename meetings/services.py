"""Domain writes on meetings: called by views, commands and tasks alike."""

import hashlib

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from classification.levels import MeetingStatus, MinutesStatus

from .models import AgendaItem, Attendance, Meeting, Paper, PaperVersion, Recusal
from .papers import check_pdf


@transaction.atomic
def attendance_record(*, meeting: Meeting, user, role: str = Attendance.Role.MEMBER) -> Attendance:
    """Record `user` as attending `meeting`; this grants the meeting's RED business."""
    attendance, _ = Attendance.objects.update_or_create(
        meeting=meeting, user=user, defaults={"role": role}
    )
    return attendance


@transaction.atomic
def attendance_remove(*, meeting: Meeting, user) -> None:
    """Remove `user` from `meeting`'s attendees; their RED grant goes with it."""
    for attendance in Attendance.objects.filter(meeting=meeting, user=user):
        attendance.delete()


def recusal_add(*, item, user, reason: str = "") -> Recusal:
    """Recuse `user` from `item`: they see neither it nor its papers, decisions or minutes."""
    recusal, _ = Recusal.objects.get_or_create(item=item, user=user, defaults={"reason": reason})
    return recusal


@transaction.atomic
def agenda_publish(*, meeting: Meeting) -> Meeting:
    """Make the agenda and its papers visible to members at their levels."""
    now = timezone.now()
    meeting.items.filter(published_at__isnull=True).update(published_at=now)

    Paper.objects.filter(item__meeting=meeting, published_at__isnull=True).update(published_at=now)
    if meeting.status == MeetingStatus.DRAFT:
        meeting.status = MeetingStatus.AGENDA_PUBLISHED
        meeting.save(update_fields=["status"])
    return meeting


def minutes_circulate(*, meeting: Meeting) -> Meeting:
    """Circulate the draft minutes, decisions and actions to the meeting's attendees."""
    if meeting.minutes_status == MinutesStatus.DRAFT:
        meeting.minutes_status = MinutesStatus.CIRCULATED
        meeting.save(update_fields=["minutes_status"])
    return meeting


@transaction.atomic
def paper_version_add(*, paper: Paper, content: bytes, original_name: str = "", by=None):
    """Store `content` as the paper's next version, after checking it is a PDF within the cap.

    Earlier versions are kept: a replacement never overwrites.
    """
    check_pdf(content)
    latest = paper.versions.select_for_update().order_by("-number").first()
    version = PaperVersion(
        paper=paper,
        number=(latest.number + 1) if latest else 1,
        original_name=original_name[:255],
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=by,
    )
    version.file.save("upload.pdf", ContentFile(content), save=True)
    return version


@transaction.atomic
def agenda_item_headline_update(
    *, item: AgendaItem, headline: str, headline_mode: str, expected_version: int
) -> AgendaItem:
    """Save an item's headline text and mode, refusing an edit based on a stale version."""
    if headline_mode not in AgendaItem.HeadlineMode.values:
        raise ValidationError(f"Unknown headline mode {headline_mode!r}.")
    updated = AgendaItem.objects.filter(pk=item.pk, version=expected_version).update(
        headline=headline, headline_mode=headline_mode, version=F("version") + 1
    )
    if not updated:
        raise ValidationError(
            f"Item {item.number} was changed by someone else since you opened it, so your edit "
            "was not saved: reload the page to see the current text, then edit again."
        )
    item.refresh_from_db()
    return item
