"""What the portal owes people by e-mail, and what it has told them.

Each notice is recorded per person and event, so that a task run twice tells nobody twice,
and an event whose task the broker missed is found and sent by the sweep. The apps that
make the events (meetings, headlines) write these records; this app imports none of them.
"""

from django.conf import settings
from django.db import models


class AgendaPublication(models.Model):
    """One publication of a meeting's agenda and papers, and the notices it owes members."""

    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="publications"
    )
    published_at = models.DateTimeField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    dispatched_at = models.DateTimeField(null=True, blank=True)
    notices_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-published_at"]

    def __str__(self):
        return f"Publication of {self.meeting} at {self.published_at:%Y-%m-%d %H:%M}"


class AgendaNotice(models.Model):
    """A member was told of a publication (so a rerun of the task tells nobody twice)."""

    publication = models.ForeignKey(
        AgendaPublication, on_delete=models.CASCADE, related_name="notices"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["publication", "user"], name="agenda_notice_once")
        ]

    def __str__(self):
        return f"{self.user} told of {self.publication}"
