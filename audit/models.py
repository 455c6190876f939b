"""The audit log: append-only, each event chained to the one before by a SHA-256 hash."""

import hashlib
import json

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models

from classification.visibility import secretariat_records


class AuditEventQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The events of the committees `user` is the secretariat of, and those of none."""
        return secretariat_records(self, user)

    def update(self, **kwargs):
        raise PermissionDenied("Audit events are never changed.")

    def delete(self):
        raise PermissionDenied("Audit events are never deleted.")


class AuditEvent(models.Model):
    """Something that must be answerable for later: who opened what, who signed in.

    Rows are never changed or deleted by the application; `hash` covers the row's content
    and the previous row's hash, so an edit made behind the application's back shows.
    """

    class Kind(models.TextChoices):
        PAPER_OPENED = "paper.opened", "Paper opened"
        PAPER_DOWNLOADED = "paper.downloaded", "Paper downloaded"
        PACK_DOWNLOADED = "pack.downloaded", "Papers pack downloaded"
        MINUTES_DOWNLOADED = "minutes.downloaded", "Minutes downloaded"
        SIGNED_IN = "auth.signed_in", "Signed in"
        SIGN_IN_FAILED = "auth.sign_in_failed", "Sign-in failed"
        SIGNED_OUT = "auth.signed_out", "Signed out"
        SECOND_FACTOR_PASSED = "auth.second_factor_passed", "Second factor passed"
        SECOND_FACTOR_FAILED = "auth.second_factor_failed", "Second factor failed"
        SECOND_FACTOR_ADDED = "auth.second_factor_added", "Authenticator app registered"
        ENROLMENT_LINK_ISSUED = "auth.enrolment_link_issued", "Enrolment link issued"
        ENROLMENT_LINK_USED = "auth.enrolment_link_used", "Enrolment link used"
        PAPER_VERSION_WITHDRAWN = "paper.version_withdrawn", "Paper version withdrawn"
        PAPER_WITHDRAWN = "paper.withdrawn", "Paper withdrawn"
        LEVEL_LOWERED = "classification.level_lowered", "Level lowered"
        RESTRICTION_REVIEWED = "classification.restriction_reviewed", "Restriction reviewed"
        MEMBERSHIP_ADDED = "membership.added", "Committee membership added"
        MEMBERSHIP_ENDED = "membership.ended", "Committee membership ended"
        HEADLINES_WITHDRAWN = "headlines.withdrawn", "Headlines withdrawn before approval"
        INTEREST_DECLARED = "interest.declared", "Declaration of interest recorded"
        ATTENDANCE_RECORDED = "attendance.recorded", "Attendance recorded"
        ATTENDANCE_REMOVED = "attendance.removed", "Attendance removed"
        RECUSAL_ADDED = "recusal.added", "Recusal recorded"
        RECUSAL_LIFTED = "recusal.lifted", "Recusal lifted"

    at = models.DateTimeField()
    kind = models.CharField(max_length=40, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        # An account that has audit events is deactivated, never deleted.
        on_delete=models.PROTECT,
        related_name="audit_events",
    )
    username = models.CharField(max_length=150, blank=True, help_text="As it was at the time.")
    # Whose secretariat reads the event: the committee of its object, none for an account's.
    # Not covered by the hash: it says who may read the event, not what happened.
    committee = models.ForeignKey(
        "committees.Committee",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    object_repr = models.CharField(max_length=300, blank=True)
    version = models.PositiveIntegerField(null=True, blank=True)
    level = models.PositiveSmallIntegerField(null=True, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["kind", "at"]),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.kind} {self.username} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionDenied("Audit events are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("Audit events are never deleted.")

    def content(self) -> dict:
        """The fields the hash covers, in a stable form."""
        return {
            "at": self.at.isoformat(),
            "kind": self.kind,
            "user_id": self.user_id,
            "username": self.username,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "object_repr": self.object_repr,
            "version": self.version,
            "level": self.level,
            "ip": self.ip,
            "user_agent": self.user_agent,
            "detail": self.detail,
        }

    def compute_hash(self) -> str:
        canonical = json.dumps(self.content(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256((self.previous_hash + canonical).encode()).hexdigest()


class AuditChainHead(models.Model):
    """One row holding the newest event's hash; locking it orders concurrent appends."""

    last_hash = models.CharField(max_length=64)

    def __str__(self):
        return self.last_hash
