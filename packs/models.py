"""Papers packs: one PDF per reader and meeting of the papers that reader may see."""

from django.conf import settings
from django.db import models


def pack_upload_to(pack, filename):
    # Never served from MEDIA_URL: only `pack_download` hands a pack to its owner.
    return f"packs/{pack.meeting_id}/{pack.user_id}/{pack.key[:16]}.pdf"


class PackQuerySet(models.QuerySet):
    def owned_by(self, user):
        """The packs of `user`: a pack is made for one reader and handed to no one else."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(user=user)


class Pack(models.Model):
    """One render of a meeting's papers for one reader, identified by what it contains.

    `key` is the SHA-256 of the reader's id and the (paper id, version) list in agenda order
    (`contents`): a request that finds a pack of the same key reuses it, and any change to the
    papers the reader sees (a new version, a withdrawal, a newly published paper, a change of
    membership or attendance) makes a new key.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RENDERING = "rendering", "Rendering"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.CASCADE, related_name="packs")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="packs"
    )
    key = models.CharField(max_length=64)
    contents = models.JSONField(
        help_text="[[paper id, version number, level], ...] in agenda order."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    papers_done = models.PositiveIntegerField(default=0)
    papers_total = models.PositiveIntegerField(default=0)
    level = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The highest level in the pack, as stamped."
    )
    file = models.FileField(upload_to=pack_upload_to, blank=True)
    pages = models.PositiveIntegerField(default=0)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField("SHA-256 of the PDF", max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    requested_at = models.DateTimeField(auto_now_add=True)
    dispatched_at = models.DateTimeField(null=True, blank=True)
    rendered_at = models.DateTimeField(null=True, blank=True)

    objects = PackQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user", "key"], name="pack_once_per_key")
        ]
        indexes = [models.Index(fields=["status", "dispatched_at"])]

    def __str__(self):
        return f"Papers pack of {self.meeting} for {self.user} ({self.get_status_display()})"

    @property
    def in_progress(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RENDERING)
