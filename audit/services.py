"""Appending to the audit log, and checking its chain."""

from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone

from classification.models import Viewer
from classification.owners import committee_id_of

from .models import AuditChainHead, AuditEvent

GENESIS = "0" * 64


@dataclass(frozen=True)
class Origin:
    """Where an action came from, as the log records it: for services that take no request."""

    ip: str | None = None
    user_agent: str = ""


def origin_of(request: HttpRequest) -> Origin:
    """The address and user agent of `request`, as the log records them."""
    # REMOTE_ADDR is the peer; behind a proxy, configure it to set REMOTE_ADDR (not trusted
    # headers), so that a client cannot choose the address it is logged under.
    return Origin(
        ip=request.META.get("REMOTE_ADDR") or None,
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
    )


@transaction.atomic
def audit_record(
    *,
    kind: str,
    user: Viewer | None = None,
    request: HttpRequest | None = None,
    origin: Origin | None = None,
    obj: models.Model | None = None,
    version: int | None = None,
    level: int | None = None,
    username: str = "",
    **detail: Any,
) -> AuditEvent:
    """Append one event to the log, chained to the one before.

    Where it came from is `request`'s address and user agent, or `origin` (none if neither).
    """
    if origin is None:
        origin = origin_of(request) if request is not None else Origin()
    head, _ = AuditChainHead.objects.select_for_update().get_or_create(
        pk=1, defaults={"last_hash": GENESIS}
    )
    if user is not None and not user.is_authenticated:
        user = None
    event = AuditEvent(
        at=timezone.now(),
        kind=kind,
        user=user,
        username=(user.get_username() if user else username)[:150],
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        committee_id=committee_id_of(obj),
        version=version,
        level=level,
        ip=origin.ip,
        user_agent=origin.user_agent[:300],
        detail=detail,
        previous_hash=head.last_hash,
    )
    event.hash = event.compute_hash()
    event.save()
    head.last_hash = event.hash
    head.save(update_fields=["last_hash"])
    return event


@dataclass
class ChainCheck:
    events: int
    broken_at: int | None  # the id of the first event that does not match
    reason: str = ""


def audit_verify() -> ChainCheck:
    """Recompute the chain from the first event; report the first that does not match."""
    previous = GENESIS
    count = 0
    for event in AuditEvent.objects.order_by("pk").iterator(chunk_size=2000):
        count += 1
        if event.previous_hash != previous:
            return ChainCheck(count, event.pk, "it does not follow the event before it")
        if event.compute_hash() != event.hash:
            return ChainCheck(count, event.pk, "its content does not match its hash")
        previous = event.hash
    head = AuditChainHead.objects.filter(pk=1).first()
    if head and head.last_hash != previous:
        return ChainCheck(count, None, "events after the last one were removed")
    return ChainCheck(count, None)
