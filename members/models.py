"""What the portal remembers for each member: papers read, dashboard visits, calendar token."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class PaperRead(models.Model):
    """The first time `user` opened `paper`: the dashboard marks the others unread."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="papers_read"
    )
    paper = models.ForeignKey("meetings.Paper", on_delete=models.CASCADE, related_name="reads")
    first_read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["user", "-first_read_at"]
        constraints = [models.UniqueConstraint(fields=["user", "paper"], name="paper_read_unique")]

    def __str__(self):
        return f"{self.user} read {self.paper}"


class DashboardVisit(models.Model):
    """When `user` last saw their dashboard: what was published after it is new to them."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="dashboard_visit",
    )
    seen_at = models.DateTimeField()

    def __str__(self):
        return f"{self.user} saw the dashboard at {self.seen_at:%Y-%m-%d %H:%M}"


class CalendarToken(models.Model):
    """The secret in a user's personal calendar feed address.

    Only its SHA-256 is stored, so the database alone never yields a working feed address.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Calendar feed of {self.user}"
