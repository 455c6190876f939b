"""E-mail notices to members when an agenda and its papers are published."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from classification.levels import Level
from classification.models import User
from notifications.models import AgendaNotice, AgendaPublication
from sscportal.dispatch import send_to_broker

from ..models import (
    AgendaItem,
    Meeting,
    Paper,
)

# A notices task not finished in this time is taken to have died with its worker.
NOTICES_STALE_AFTER = datetime.timedelta(minutes=10)


def dispatch_agenda_notices(publication_id: int) -> bool:
    """Send the notices task; False (and left for the sweep) if the broker is down."""
    from ..tasks import agenda_notices_send_task

    what = f"Notices of agenda publication {publication_id}"
    if not send_to_broker(agenda_notices_send_task, publication_id, what=what):
        return False
    AgendaPublication.objects.filter(pk=publication_id).update(dispatched_at=timezone.now())
    return True


def dispatch_pending_agenda_notices(*, now: datetime.datetime | None = None) -> int:
    """Send the notices of publications the broker missed, or whose task died."""
    now = now or timezone.now()
    pending = AgendaPublication.objects.filter(notices_sent_at__isnull=True).filter(
        Q(dispatched_at__isnull=True) | Q(dispatched_at__lt=now - NOTICES_STALE_AFTER)
    )
    return sum(dispatch_agenda_notices(pk) for pk in pending.values_list("pk", flat=True))


def agenda_notice_recipients(meeting: Meeting) -> QuerySet[User]:
    """Committee members to tell of a publication: attendees and AMBER-cleared accounts."""
    User = get_user_model()
    return (
        User.objects.filter(is_active=True, is_secretariat=False)
        .exclude(email="")
        .filter(Q(attendances__meeting=meeting) | Q(clearance__gte=Level.AMBER))
        .distinct()
    )


def agenda_notices_send(*, publication: AgendaPublication) -> int:
    """E-mail each member who can see something new; idempotent per member and publication.

    The e-mail carries no titles or content, only a link: what it links to is shown to each
    reader at their own level.
    """
    meeting = publication.meeting
    url = settings.SITE_URL.rstrip("/") + reverse(
        "meetings:meeting_detail", args=[meeting.committee.code, meeting.number]
    )
    already = set(publication.notices.values_list("user_id", flat=True))
    sent = 0
    for user in agenda_notice_recipients(meeting).exclude(pk__in=already):
        new_items = AgendaItem.objects.visible_to(user).filter(
            meeting=meeting, published_at=publication.published_at
        )
        new_papers = Paper.objects.visible_to(user).filter(
            item__meeting=meeting, published_at=publication.published_at
        )
        if not (new_items.exists() or new_papers.exists()):
            continue
        send_mail(
            subject=f"{meeting.committee.code} {meeting.reference}: agenda and papers published",
            message=(
                f"The agenda and papers of the {meeting.committee.name} meeting of "
                f"{meeting.date:%A %-d %B %Y} ({meeting.start_time:%H:%M} to "
                f"{meeting.end_time:%H:%M}) have been published.\n\nRead them at {url}\n"
            ),
            from_email=None,
            recipient_list=[user.email],
        )
        AgendaNotice.objects.create(publication=publication, user=user)
        sent += 1
    AgendaPublication.objects.filter(pk=publication.pk).update(notices_sent_at=timezone.now())
    return sent
