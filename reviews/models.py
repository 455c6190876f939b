"""Decisions to lower a record's level: who lowered it, when, from what, to what, and why."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

from classification.levels import Level
from classification.visibility import secretariat_records


class LevelChangeQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The changes of the committees `user` is the secretariat of, and those of none."""
        return secretariat_records(self, user)


class LevelChange(models.Model):
    """A record's level lowered by the secretariat, with the reason it gave.

    Kept for every kind of classified record (agenda items, papers, decisions, actions,
    assessed parties, assessments), so one generic relation names the record.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    # As it was named when lowered: the history reads the same if the record changes later.
    record_repr = models.CharField(max_length=300)
    # Whose secretariat reads the change: none for an organisation or a register record of none.
    committee = models.ForeignKey(
        "committees.Committee", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    from_level = models.PositiveSmallIntegerField(choices=Level.choices)
    to_level = models.PositiveSmallIntegerField(choices=Level.choices)
    reason = models.TextField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    objects = LevelChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="levelchange_record_idx")
        ]

    def __str__(self):
        return f"{self.record_repr}: {Level(self.from_level).label} → {Level(self.to_level).label}"
