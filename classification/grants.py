"""RED grants: a named participant of a meeting holds its `attend_meeting` permission."""

from guardian.shortcuts import assign_perm, remove_perm

from .levels import RED_PERMISSION


def _permission(meeting) -> str:
    return f"{meeting._meta.app_label}.{RED_PERMISSION}"


def grant_red(*, user, meeting) -> None:
    """Make `user` a named participant of `meeting`: it sees the meeting's RED business."""
    assign_perm(_permission(meeting), user, meeting)


def revoke_red(*, user, meeting) -> None:
    """Take back `user`'s RED grant for `meeting`."""
    remove_perm(_permission(meeting), user, meeting)
