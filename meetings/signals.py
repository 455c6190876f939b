"""Keep meetings' revisions (the key of each reader's cached agenda) in step with their pages.

Signals only invalidate caches: they catch every save and delete, whoever makes it (services,
the admin, imports); the services' bulk statements (`update`, `bulk_create`) send none and
revise their meeting themselves. Nothing here decides who sees what: RED grants are written
by the attendance service (services/attendance.py).
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from assessments.models import Organisation
from interests.models import Declaration

from .models import (
    Action,
    AgendaItem,
    Attendance,
    Decision,
    DecisionKind,
    Meeting,
    MeetingUserObjectPermission,
    Paper,
    PaperVersion,
    Recusal,
)

# For each model whose rows a meeting page shows or whose rows decide who sees what on it:
# the meetings a changed row belongs to (a meeting revises itself when saved, Meeting.save).
# tests/meetings/test_meeting_page_cache.py checks that every model pointing at a meeting, item
# or paper is here or is named there as not shown on the page.
MEETINGS_SHOWING = {
    Meeting: lambda meeting: Q(pk=meeting.pk),
    AgendaItem: lambda item: Q(pk=item.meeting_id),
    Attendance: lambda attendance: Q(pk=attendance.meeting_id),
    MeetingUserObjectPermission: lambda grant: Q(pk=grant.content_object_id),
    Recusal: lambda recusal: _item_meeting(recusal),
    Paper: lambda paper: _item_meeting(paper),
    PaperVersion: lambda version: (
        _item_meeting(version.paper)
        if PaperVersion.paper.is_cached(version)
        else Q(items__papers=version.paper_id)
    ),
    Decision: lambda decision: _item_meeting(decision),
    Action: lambda action: _item_meeting(action),
    Declaration: lambda declaration: _item_meeting(declaration),
    # Shown by name in the decisions and actions.
    DecisionKind: lambda kind: Q(items__decisions__kind=kind.pk),
    Organisation: lambda party: Q(items__decisions__party=party.pk),
}


def _item_meeting(record) -> Q:
    # Services, forms and factories hand records their item already loaded: then the meeting
    # is known without a join (a third of the cost of a save in the test suite's set-ups).
    if type(record).item.is_cached(record):
        return Q(pk=record.item.meeting_id)
    return Q(items=record.item_id)


def revise_meetings_showing(sender, instance, **kwargs):
    Meeting.objects.filter(MEETINGS_SHOWING[sender](instance)).revise()


def revise_meetings_left(sender, instance, raw=False, **kwargs):
    """A row moved to another meeting or item leaves the page of the one it was on."""
    if instance.pk is None or raw:
        return
    stored = sender._base_manager.filter(pk=instance.pk).first()
    parents = [field.attname for field in sender._meta.concrete_fields if field.many_to_one]
    if stored is not None and any(
        getattr(stored, name) != getattr(instance, name) for name in parents
    ):
        Meeting.objects.filter(MEETINGS_SHOWING[sender](stored)).revise()


for model in MEETINGS_SHOWING:
    post_delete.connect(revise_meetings_showing, sender=model, dispatch_uid=f"revise-{model}-del")
    if model is not Meeting:
        pre_save.connect(revise_meetings_left, sender=model, dispatch_uid=f"revise-{model}-left")
        post_save.connect(revise_meetings_showing, sender=model, dispatch_uid=f"revise-{model}")


# The fields of a user that a meeting page shows: an action's owner, a declarant's name.
_NAMING_FIELDS = {"username", "first_name", "last_name"}


@receiver(post_save, sender=get_user_model())
def revise_meetings_naming_user(sender, instance, update_fields=None, **kwargs):
    """An action shows its owner's username, a declaration its declarant's name; signing in
    (last_login alone) changes nothing."""
    if update_fields is not None and not _NAMING_FIELDS & set(update_fields):
        return
    Meeting.objects.filter(
        Q(items__actions__owner_user=instance.pk) | Q(items__declarations__declarant=instance.pk)
    ).revise()


@receiver(pre_delete, sender=get_user_model())
def revise_meetings_losing_user(sender, instance, **kwargs):
    """Deleting a user empties their actions' owner in one statement, which sends no signal."""
    Meeting.objects.filter(items__actions__owner_user=instance.pk).revise()
