"""The committees the secretariat runs: each with its own calendar, Headlines and people.

Who belongs to a committee is held here, with its history: memberships (role, level, dates)
and the secretariat's assignments. What they let a user see is decided in `classification`.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from classification.levels import Level


class Committee(models.Model):
    code = models.CharField(max_length=20, unique=True, help_text='Short code, e.g. "SSC".')
    name = models.CharField(max_length=200)
    headlines_preamble = models.TextField(
        blank=True, help_text="The standing paragraph that opens every Headlines document."
    )
    website_url = models.URLField(blank=True)
    papers_deadline_days = models.PositiveSmallIntegerField(
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text="Papers are due this many working days before a meeting "
        "(weekends and England and Wales bank holidays are not counted).",
    )

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return f"{self.name} ({self.code})"


class TenureQuerySet(models.QuerySet):
    def current(self, on=None):
        """The rows that hold on `on` (default: today, Europe/London): started, not yet ended."""
        on = on or timezone.localdate()
        return self.filter(models.Q(ends__isnull=True) | models.Q(ends__gt=on), starts__lte=on)


class Tenure(models.Model):
    """A person's time in a place at a committee, from `starts` until the day `ends`.

    `ends` is the first day it no longer holds (empty: open-ended), so that one tenure can end
    and the next begin on the same day without overlapping, and ending one today takes effect
    at once; one that ends the day it starts never held. Ended tenures are kept: they are the
    committee's history.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE)
    starts = models.DateField()
    ends = models.DateField(
        null=True, blank=True, help_text="The first day it no longer holds; empty while it does."
    )

    objects = TenureQuerySet.as_manager()

    class Meta:
        abstract = True

    # What a tenure is called in messages ("membership", "secretariat assignment").
    noun = "tenure"

    def is_current(self, on=None) -> bool:
        on = on or timezone.localdate()
        return self.starts <= on and (self.ends is None or self.ends > on)

    def clean(self):
        super().clean()
        if self.starts and self.ends and self.ends < self.starts:
            raise ValidationError(
                {"ends": f"A {self.noun} cannot end before it starts ({self.starts:%d %B %Y})."}
            )
        if self.starts and self.user_id and self.committee_id:
            overlapping = (
                type(self)
                ._default_manager.filter(
                    models.Q(ends__isnull=True) | models.Q(ends__gt=self.starts),
                    user_id=self.user_id,
                    committee_id=self.committee_id,
                )
                .exclude(pk=self.pk)
            )
            if self.ends:
                overlapping = overlapping.filter(starts__lt=self.ends)
            other = overlapping.order_by("starts").first()
            if other is not None:
                until = f"until {other.ends:%d %B %Y}" if other.ends else "with no end"
                raise ValidationError(
                    {
                        "starts": f"{self.user} already holds a {self.noun} of "
                        f"{self.committee.code} from {other.starts:%d %B %Y} {until}: "
                        "end it first."
                    }
                )


class Membership(Tenure):
    """A user's membership of a committee: a role, the level it reads at, and its dates.

    Chair, members and alternates read the committee's AMBER records when their level is
    AMBER; an observer reads at GREEN only.
    """

    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        MEMBER = "member", "Member"
        ALTERNATE = "alternate", "Alternate"
        OBSERVER = "observer", "Observer"

    # The roles that may read at AMBER.
    READING_ROLES = (Role.CHAIR, Role.MEMBER, Role.ALTERNATE)
    LEVELS = [(Level.AMBER.value, Level.AMBER.label), (Level.GREEN.value, Level.GREEN.label)]

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    level = models.PositiveSmallIntegerField(choices=LEVELS, default=Level.AMBER)

    noun = "membership"

    class Meta:
        ordering = ["committee", "user__username", "-starts", "pk"]
        indexes = [models.Index(fields=["user", "committee"], name="membership_user_committee")]

    def __str__(self):
        role, level = self.get_role_display(), self.get_level_display()
        return f"{self.user}, {role} of {self.committee.code} at {level}"

    def clean(self):
        super().clean()
        if self.role == self.Role.OBSERVER and self.level == Level.AMBER:
            raise ValidationError({"level": "An observer holds GREEN only, never AMBER."})


class SecretariatAssignment(Tenure):
    """A user acting as the secretariat of one committee: its powers are that committee's only.

    Kept apart from memberships: it is a power to act (and to see everything of the committee,
    drafts included, in a session verified by a second factor), not a reading right at a level.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="secretariat_assignments"
    )
    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="secretariat_assignments"
    )

    noun = "secretariat assignment"

    class Meta:
        ordering = ["committee", "user__username", "-starts", "pk"]
        indexes = [models.Index(fields=["user", "committee"], name="secretariat_user_committee")]

    def __str__(self):
        return f"{self.user}, secretariat of {self.committee.code}"
