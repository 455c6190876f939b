"""Who moved a meeting, or its minutes, from one status to the next, and when.

Models of the meetings app (`models.py` names them): one row per step, written by the
service that takes it, never changed afterwards.
"""

from django.conf import settings
from django.db import models

from classification.levels import MeetingStatus, MinutesStatus


class MeetingStatusChange(models.Model):
    """A step of a meeting through its statuses: who moved it, and when."""

    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="status_changes"
    )
    status = models.CharField(max_length=30, choices=MeetingStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting", "at", "pk"]

    def __str__(self):
        return f"{self.meeting} → {self.get_status_display()}"


class MinutesStatusChange(models.Model):
    """A step of a meeting's minutes: circulated, approved, or returned to the draft.

    A return is the chair's, with the comments the secretariat works from; it moves the
    minutes back to "draft", the one step that goes back.
    """

    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="minutes_changes"
    )
    status = models.CharField(max_length=20, choices=MinutesStatus.choices)
    comment = models.TextField(blank=True, help_text="The chair's comments on returned minutes.")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting", "at", "pk"]

    def __str__(self):
        return f"Minutes of {self.meeting} → {self.get_status_display()}"

    @property
    def returned(self) -> bool:
        """Whether this step is the chair returning the minutes to the draft."""
        return self.status == MinutesStatus.DRAFT
