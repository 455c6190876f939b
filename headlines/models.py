"""Headlines publication requests and the published versions of each meeting's Headlines."""

from django.conf import settings
from django.db import models

from classification.visibility import HeadlinesRequestQuerySet, HeadlinesVersionQuerySet


class HeadlinesRequest(models.Model):
    """One submission of a meeting's Headlines, from the secretariat's draft to its PDF.

    The composed document is frozen at submission: the chair approves exactly what was
    submitted, and the render publishes exactly what was approved.
    """

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Awaiting the chair's approval"
        RETURNED = "returned", "Returned by the chair"
        WITHDRAWN = "withdrawn", "Withdrawn by the secretariat"
        APPROVED = "approved", "Approved, queued for rendering"
        RENDERING = "rendering", "Rendering"
        PUBLISHED = "published", "Published"
        FAILED = "failed", "Rendering failed"

    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="headlines_requests"
    )
    document = models.JSONField()
    document_sha256 = models.CharField(max_length=64)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField(blank=True, help_text="The chair's reason for returning it.")
    # The secretariat takes back a submission the chair has not decided on: the draft is
    # theirs again, to change and submit anew.
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    dispatched_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    version = models.ForeignKey(
        "HeadlinesVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = HeadlinesRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["status", "dispatched_at"])]

    def __str__(self):
        return f"Headlines of {self.meeting} ({self.get_status_display()})"


def headlines_upload_to(version, filename):
    meeting = version.meeting
    return f"headlines/{meeting.committee.code}/{meeting.reference}-v{version.number}.pdf"


class HeadlinesVersion(models.Model):
    """A published Headlines PDF. WHITE by construction; corrections add versions."""

    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.PROTECT, related_name="headlines_versions"
    )
    number = models.PositiveIntegerField()
    document = models.JSONField()
    document_sha256 = models.CharField(max_length=64)
    text = models.TextField(help_text="Plain text of the document, for search.")
    pdf = models.FileField(upload_to=headlines_upload_to)
    sha256 = models.CharField("SHA-256 of the PDF", max_length=64)
    size = models.PositiveIntegerField()
    published_at = models.DateTimeField(auto_now_add=True)

    objects = HeadlinesVersionQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "-number"]
        get_latest_by = "number"
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="headlines_version_unique"),
            # The same document is published once, however often its render runs.
            models.UniqueConstraint(
                fields=["meeting", "document_sha256"], name="headlines_document_published_once"
            ),
        ]

    def __str__(self):
        return f"Headlines of {self.meeting}, version {self.number}"
