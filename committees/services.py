"""Domain writes on committee memberships: called by views, commands and tests alike.

Only the committee's secretariat changes its memberships, in a verified session. A membership
is never edited in place: a change of role or level ends it and starts another, so the
committee's history shows who held what, when. Every write is audited.
"""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from audit.models import AuditEvent
from audit.services import Origin, audit_record
from classification.models import User
from classification.visibility import may_act_for_secretariat

from .models import Committee, Membership


def _check(by: User | None, committee: Committee) -> None:
    if not may_act_for_secretariat(by, committee.pk):
        raise PermissionDenied(
            f"Only the secretariat of the {committee.code} manages its memberships, in a "
            "session verified by its second factor."
        )


def _lock(committee: Committee) -> None:
    # One membership write of a committee at a time: the overlap check then holds.
    Committee.objects.select_for_update().only("pk").get(pk=committee.pk)


def _audit(
    kind: str, membership: Membership, by: User | None, origin: Origin | None, **detail: Any
) -> None:
    audit_record(
        kind=kind,
        user=by,
        origin=origin,
        obj=membership,
        committee=membership.committee.code,
        member=membership.user.get_username(),
        role=membership.role,
        level=membership.level,
        starts=membership.starts.isoformat(),
        ends=membership.ends.isoformat() if membership.ends else None,
        **detail,
    )


@transaction.atomic
def membership_add(
    *,
    committee: Committee,
    user: User,
    role: str,
    level: int,
    starts: datetime.date,
    by: User | None,
    ends: datetime.date | None = None,
    origin: Origin | None = None,
) -> Membership:
    """Make `user` a member of `committee` from `starts` (until `ends`, if given).

    Refused, with a message naming the field, if it ends before it starts, if an observer is
    given AMBER, or if it overlaps another membership of the same user and committee.
    """
    _check(by, committee)
    _lock(committee)
    membership = Membership(
        committee=committee, user=user, role=role, level=level, starts=starts, ends=ends
    )
    membership.full_clean()
    membership.save()
    _audit(AuditEvent.Kind.MEMBERSHIP_ADDED, membership, by, origin)
    return membership


@transaction.atomic
def membership_end(
    *,
    membership: Membership,
    by: User | None,
    ends: datetime.date | None = None,
    origin: Origin | None = None,
) -> Membership:
    """End `membership` on `ends` (today by default): from that day it no longer holds."""
    _check(by, membership.committee)
    _lock(membership.committee)
    membership = Membership.objects.select_related("user", "committee").get(pk=membership.pk)
    ends = ends or timezone.localdate()
    if membership.ends is not None and membership.ends <= ends:
        raise ValidationError(
            {"ends": f"This membership already ended on {membership.ends:%d %B %Y}."}
        )
    membership.ends = ends
    membership.full_clean()
    membership.save(update_fields=["ends"])
    _audit(AuditEvent.Kind.MEMBERSHIP_ENDED, membership, by, origin)
    return membership


@transaction.atomic
def membership_change(
    *,
    membership: Membership,
    role: str,
    level: int,
    by: User | None,
    on: datetime.date | None = None,
    origin: Origin | None = None,
) -> Membership:
    """Change `membership`'s role or level from `on` (today by default), keeping its history.

    The membership ends on `on` and a new one, with the new role and level, starts that day
    and ends when the old one would have. Nothing is written if either is refused.
    """
    on = on or timezone.localdate()
    old = Membership.objects.select_related("user", "committee").get(pk=membership.pk)
    if (old.role, old.level) == (role, level):
        raise ValidationError({"role": "That is already the membership's role and level."})
    if old.starts >= on:
        raise ValidationError(
            {"role": "A membership that has not started yet is ended and added again instead."}
        )
    until = old.ends
    membership_end(membership=old, by=by, ends=on, origin=origin)
    return membership_add(
        committee=old.committee,
        user=old.user,
        role=role,
        level=level,
        starts=on,
        ends=until,
        by=by,
        origin=origin,
    )
