"""What the portal owes people by e-mail, and what it has told them.

Each notification is recorded per person and event, so that a task run twice tells nobody
twice, and an event whose task the broker missed is found and sent by the sweep. The apps
that make the events (meetings, headlines) call `notifications.services.notify`; this app
imports none of them.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Kind(models.TextChoices):
    """The handoffs a person may be told of; each person chooses how, per kind."""

    AGENDA_PUBLISHED = "agenda_published", "Agenda and papers published"
    PAPER_ADDED_AFTER_PUBLICATION = (
        "paper_added_after_publication",
        "A paper added or replaced after the agenda was published",
    )
    HEADLINES_SUBMITTED = "headlines_submitted", "Headlines submitted for the chair's approval"
    HEADLINES_RETURNED = "headlines_returned", "Headlines returned by the chair"
    HEADLINES_WITHDRAWN = (
        "headlines_withdrawn",
        "Headlines withdrawn by the secretariat before your approval",
    )
    HEADLINES_PUBLISHED = "headlines_published", "Headlines published"
    MINUTES_CIRCULATED = "minutes_circulated", "Draft minutes circulated"
    MINUTES_APPROVED = "minutes_approved", "Minutes approved"
    MINUTES_RETURNED = "minutes_returned", "Minutes returned by the chair"
    ACTION_ASSIGNED = "action_assigned", "An action assigned to you"
    ACTION_DUE_SOON = "action_due_soon", "An action of yours due in three days"
    ACTION_OVERDUE = "action_overdue", "An action of yours overdue"
    MEETING_REMINDER = "meeting_reminder", "A meeting you attend in two days"
    QUESTION_ASKED = "question_asked", "A question for the presenter of an item you answer for"
    QUESTION_ANSWERED = "question_answered", "An answer to a question you asked"


class Delivery(models.TextChoices):
    IMMEDIATELY = "immediately", "Immediately"
    DIGEST = "digest", "In a daily digest"
    OFF = "off", "Off"


class Notification(models.Model):
    """One person told (or to be told) of one event.

    Its subject and line carry only WHITE words (the committee, the meeting's reference and
    date, what happened) and its link leads to the portal, which decides what the reader sees.
    `delivery` is the person's choice when the event happened: an "off" notification is kept
    as a record and never sent. One the mail server will not take is tried a few times, then
    kept as failed, with the server's answer, for the secretariat to see.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=40, choices=Kind.choices)
    event_key = models.CharField(
        max_length=200, help_text='Names the event, e.g. "headlines_submitted:12".'
    )
    subject = models.CharField(max_length=200)
    body_line = models.CharField(max_length=500, blank=True)
    link = models.URLField(max_length=500)
    delivery = models.CharField(max_length=20, choices=Delivery.choices)
    created_at = models.DateTimeField(default=timezone.now)
    dispatched_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # The tries the mail server refused or could not take, its last answer, and when the
    # e-mail was given up (after too many tries, or at once for an address it rejects).
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "event_key"], name="notification_once_per_event"
            )
        ]
        indexes = [
            models.Index(fields=["event_key"], name="notification_event_idx"),
            models.Index(
                fields=["delivery", "dispatched_at"],
                condition=models.Q(sent_at__isnull=True),
                name="notification_unsent_idx",
            ),
        ]

    def __str__(self):
        return f"{self.recipient}: {self.subject}"


class NotificationPreference(models.Model):
    """How `user` wants to be told of events of `kind`; without one, immediately."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=40, choices=Kind.choices)
    delivery = models.CharField(
        max_length=20, choices=Delivery.choices, default=Delivery.IMMEDIATELY
    )

    class Meta:
        ordering = ["user", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_once")
        ]

    def __str__(self):
        return f"{self.user}: {self.get_kind_display()} {self.get_delivery_display().lower()}"


class AgendaPublication(models.Model):
    """One publication of a meeting's agenda and papers: the event its notifications name."""

    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="publications"
    )
    published_at = models.DateTimeField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-published_at"]

    def __str__(self):
        return f"Publication of {self.meeting} at {self.published_at:%Y-%m-%d %H:%M}"
