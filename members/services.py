"""Domain writes for members: papers read, dashboard visits, action updates, calendar tokens."""

import datetime
import hashlib
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from classification.models import User, Viewer
from classification.visibility import can_view, is_secretariat_of, may_make_bearer_secrets
from meetings.models import Action, ActionUpdate, Paper

from .models import CalendarToken, DashboardVisit, PaperRead


def paper_mark_read(*, user: Viewer, paper: Paper) -> None:
    """Remember that `user` has opened `paper` (the first time only); nothing for anonymous."""
    if not user.is_authenticated:
        return
    # One INSERT whatever the race: two downloads at once cannot break the unique constraint.
    PaperRead.objects.bulk_create([PaperRead(user=user, paper=paper)], ignore_conflicts=True)


@transaction.atomic
def dashboard_visit_record(*, user: User) -> datetime.datetime | None:
    """Record that `user` is seeing the dashboard now; return when they saw it before (if ever)."""
    now = timezone.now()
    visit, created = DashboardVisit.objects.select_for_update().get_or_create(
        user=user, defaults={"seen_at": now}
    )
    if created:
        return None
    previous = visit.seen_at
    visit.seen_at = now
    visit.save(update_fields=["seen_at"])
    return previous


def action_may_update(user: Viewer, action: Action) -> bool:
    """Whether `user` may add to `action`'s history: its owner, or its committee's secretariat."""
    if is_secretariat_of(user, action.item.meeting.committee_id):
        return True
    return bool(
        user.is_authenticated
        and user.is_active
        and action.owner_user_id is not None
        and action.owner_user_id == user.pk
    )


@transaction.atomic
def action_update_add(*, action: Action, by: User, text: str, status: str = "") -> ActionUpdate:
    """Add an entry to `action`'s history, changing its status if `status` is given.

    Only the action's owner (who can see it) or the secretariat may; others get PermissionDenied.
    """
    if not action_may_update(by, action) or not can_view(by, action):
        raise PermissionDenied("Only the action's owner or the secretariat can update it.")
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Say what has happened on the action."})
    if status and status not in Action.Status.values:
        allowed = ", ".join(Action.Status.values)
        raise ValidationError({"status": f"Unknown status {status!r} (expected one of {allowed})."})
    locked = Action.objects.select_for_update().get(pk=action.pk)
    # The history records a status only when it changes.
    changed = status if status and status != locked.status else ""
    update = ActionUpdate(action=locked, by=by, text=text, status=changed)
    update.full_clean()
    update.save()
    if changed:
        locked.status = changed
        locked.save(update_fields=["status"])
        action.status = changed
    return update


def calendar_token_digest(token: str) -> str:
    """The stored form of a calendar token."""
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def calendar_token_reset(*, user: User) -> str:
    """Give `user` a new calendar feed token, retiring any old one; return the token itself.

    The token is returned once and never stored: only its digest is kept. A session signed
    in by password alone, of an account that has a second factor, may not make one.
    """
    if not may_make_bearer_secrets(user):
        raise PermissionDenied(
            "A calendar feed address is made only in a session verified with your second factor."
        )
    token = secrets.token_urlsafe(32)
    CalendarToken.objects.update_or_create(
        user=user,
        defaults={"token_hash": calendar_token_digest(token), "created_at": timezone.now()},
    )
    return token
