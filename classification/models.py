"""Users with their clearance, and the abstract base of everything that carries a level."""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models

from .levels import Level


class User(AbstractUser):
    """A portal account. Its clearance caps what it sees outside meetings it attends."""

    clearance = models.PositiveSmallIntegerField(
        choices=Level.choices,
        default=Level.GREEN,
        help_text="GREEN for the community, AMBER for committee members and alternates. "
        "RED business is only ever seen through attendance of that meeting.",
    )
    is_secretariat = models.BooleanField(
        "secretariat (SECAS)",
        default=False,
        help_text="The secretariat sees and manages everything.",
    )
    organisation = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["username"]

    def __str__(self):
        return self.get_full_name() or self.username


class Classified(models.Model):
    """A record that carries a level, never more visible than its parent record.

    Subclasses name their parent in `classification_parent` (a field holding another
    classified record) or leave it empty when they have none.
    """

    classification_parent: str = ""

    level = models.PositiveSmallIntegerField("classification", choices=Level.choices)

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        parent = (
            getattr(self, self.classification_parent, None) if self.classification_parent else None
        )
        if parent is not None and self.level is not None and self.level < parent.level:
            raise ValidationError(
                {
                    "level": (
                        f"{Level(self.level).label} is below its "
                        f"{parent._meta.verbose_name}'s level {Level(parent.level).label}: "
                        "a record may not be more visible than the record it belongs to."
                    )
                }
            )
