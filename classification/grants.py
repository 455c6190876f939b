"""RED grants: a named participant of a meeting holds its `attend_meeting` permission."""

from guardian.shortcuts import assign_perm, remove_perm

from .levels import RED_PERMISSION
from .models import User
from .visibility import Record


def _permission(meeting: Record) -> str:
    return f"{meeting._meta.app_label}.{RED_PERMISSION}"


def grant_red(*, user: User, meeting: Record) -> None:
    """Make `user` a named participant of `meeting`: it sees the meeting's RED business."""
    assign_perm(_permission(meeting), user, meeting)


def revoke_red(*, user: User, meeting: Record) -> None:
    """Take back `user`'s RED grant for `meeting`."""
    remove_perm(_permission(meeting), user, meeting)
