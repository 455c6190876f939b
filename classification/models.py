"""Users and their organisation, and the abstract base of everything that carries a level."""

import datetime

from django.contrib.auth.models import AbstractUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from .levels import Level


class User(AbstractUser):
    """A portal account: GREEN once signed in; its committees' memberships and secretariat
    assignments (committees.models) say what more it sees and does."""

    organisation = models.ForeignKey(
        "assessments.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
        help_text="The organisation the person works for (an SEC party, the DCC, SECAS...).",
    )
    # Not a field: True on the copy `visibility.as_password_only` makes, which sees no more
    # than a session signed in with the password alone.
    password_only = False

    class Meta:
        ordering = ["username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


# Whoever asks what they may see: an account (a session's, a task's, or a password-only view
# of one from `visibility.as_password_only`), or a visitor who has not signed in.
Viewer = User | AnonymousUser


class Classified(models.Model):
    """A record that carries a level, never more visible than the records it belongs to.

    Subclasses name the fields holding their parent records in `classification_parents`,
    and the related names of their child records in `classification_children`: saving a
    record below a parent, or above a child, is a validation error, never a silent bump.

    An AMBER or RED record says why it is restricted and when its level is next reviewed
    (the secretariat's review queue lists it from 30 days before); a review date is never
    set in the past. Lowering a level is a recorded decision (`reviews.services.level_lower`).
    """

    classification_parents: tuple[str, ...] = ()
    classification_children: tuple[str, ...] = ()

    level = models.PositiveSmallIntegerField("classification", choices=Level.choices)
    restriction_reason = models.TextField(
        "restriction reason",
        blank=True,
        help_text="Why it is AMBER or RED; required at those levels.",
    )
    review_on = models.DateField(
        "review date",
        null=True,
        blank=True,
        help_text="When its level is next reviewed; required at AMBER and RED.",
    )

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        errors = self._restriction_errors()
        if self.level is not None:
            errors.update(self._level_errors())
        if errors:
            raise ValidationError(errors)

    def _level_errors(self) -> dict[str, str]:
        """Its level against its parents' (never below) and its children's (never above)."""
        for name in self.classification_parents:
            parent = getattr(self, name, None)
            if parent is not None and self.level < parent.level:
                return {
                    "level": (
                        f"{Level(self.level).label} is below its "
                        f"{parent._meta.verbose_name}'s level {Level(parent.level).label}: "
                        "a record may not be more visible than the record it belongs to."
                    )
                }
        if self.pk:
            children = [
                child
                for name in self.classification_children
                for child in getattr(self, name).filter(level__lt=self.level)
            ]
            if children:
                names = ", ".join(f"{c._meta.verbose_name} “{c}”" for c in children)
                return {
                    "level": f"{names} would be more visible than the "
                    f"{self._meta.verbose_name} at {Level(self.level).label}: "
                    "raise their level first."
                }
        return {}

    def _restriction_errors(self) -> dict[str, str]:
        """A restricted record needs a reason and a review date; no review date is past.

        A past review date is refused at any level, or none given (a level the form refused).
        """
        errors = {}
        restricted = self.level is not None and self.level >= Level.AMBER
        label = Level(self.level).label if restricted else ""
        if restricted and not self.restriction_reason.strip():
            errors["restriction_reason"] = (
                f"Say why this {label} {self._meta.verbose_name} is restricted: "
                "a restriction reason is required at AMBER and RED."
            )
        if restricted and self.review_on is None:
            errors["review_on"] = (
                f"Give the date when this {label} {self._meta.verbose_name}'s level is next "
                "reviewed: a review date is required at AMBER and RED."
            )
        elif isinstance(self.review_on, datetime.date) and self.review_on < timezone.localdate():
            errors["review_on"] = (
                f"The review date {self.review_on:%-d %B %Y} is in the past: "
                "give today or a later date."
            )
        return errors
