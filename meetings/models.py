"""Committees, meetings and their agenda: items, papers, decisions and actions."""

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from guardian.models import UserObjectPermissionBase

from classification.levels import RED_PERMISSION, Level, MeetingStatus, MinutesStatus
from classification.models import Classified
from classification.visibility import (
    CHAIR_ROLE,
    AgendaItemQuerySet,
    MeetingRecordQuerySet,
    PaperQuerySet,
    PaperVersionQuerySet,
)
from committees.models import Committee
from sscportal.params import one_line

# The statuses' history: models of this app, kept in a module of their own.
from .history import MeetingStatusChange, MinutesStatusChange  # noqa: F401
from .querysets import MeetingManagerQuerySet


class Meeting(models.Model):
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="meetings")
    number = models.PositiveIntegerField()
    date = models.DateField()
    # Local times in London on `date` (meetings/schedule.py gives them their time zone).
    start_time = models.TimeField(default=datetime.time(10))
    end_time = models.TimeField(default=datetime.time(12))
    location = models.CharField(max_length=200, blank=True)
    next_meeting = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=30, choices=MeetingStatus.choices, default=MeetingStatus.DRAFT
    )
    minutes_status = models.CharField(
        max_length=20, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT
    )
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Attendance", related_name="meetings_attended"
    )
    # Replaced whenever anything its page shows changes: its items, papers, record,
    # attendance or recusals (signals.py), or the meeting itself (save). Never counted up,
    # and replaced in the saving statement itself, so that a save from a stale copy cannot
    # bring back a value already used. The meeting page's cache is keyed by it.
    revision = models.UUIDField(default=uuid.uuid4, editable=False)

    objects = MeetingManagerQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-number"]
        permissions = [(RED_PERMISSION, "Attends the meeting and sees its RED business")]
        indexes = [models.Index(fields=["-date", "-number"], name="meeting_date_number_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "number"], name="meeting_number_unique_per_committee"
            )
        ]

    def __str__(self):
        return f"{self.committee.code} {self.reference}"

    def save(self, *args, update_fields=None, **kwargs):
        self.revision = uuid.uuid4()
        if update_fields is not None:
            update_fields = {*update_fields, "revision"}
        super().save(*args, update_fields=update_fields, **kwargs)

    @property
    def reference(self) -> str:
        """The committee's own reference: number and day-month, e.g. "89_1311"."""
        return f"{self.number}_{self.date:%d%m}"

    def clean(self):
        if self.next_meeting and self.date and self.next_meeting <= self.date:
            raise ValidationError({"next_meeting": "The next meeting must come after this one."})
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": "The meeting must end after it starts."})


class MeetingUserObjectPermission(UserObjectPermissionBase):
    """Guardian grants on meetings, with a real foreign key so visibility joins use an index."""

    content_object = models.ForeignKey(Meeting, on_delete=models.CASCADE)


class Attendance(models.Model):
    class Role(models.TextChoices):
        CHAIR = CHAIR_ROLE, "Chair"
        MEMBER = "member", "Member"
        ALTERNATE = "alternate", "Alternate"
        OBSERVER = "observer", "Observer"
        SECRETARIAT = "secretariat", "Secretariat"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attendances"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        ordering = ["meeting", "role", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="attendance_unique")
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()}) at {self.meeting}"


class AgendaItem(Classified):
    class Section(models.TextChoices):
        MATTERS_ARISING = "matters_arising", "Matters Arising"
        AGENDA = "agenda", "Agenda Items"

    class Purpose(models.TextChoices):
        DECISION = "decision", "Decision"
        DISCUSSION = "discussion", "Discussion"
        INFORMATION = "information", "Information"
        NOTING = "noting", "Noting"

    class HeadlineMode(models.TextChoices):
        FULL = "full", "Listed in full"
        COUNTED = "counted", "Counted in the RED summary"
        OMITTED = "omitted", "Omitted (procedural)"

    classification_children = ("papers", "decisions", "actions", "declarations", "questions")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    section = models.CharField(max_length=20, choices=Section.choices, default=Section.AGENDA)
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=300)
    presenter = models.CharField(max_length=120, blank=True, help_text='e.g. "DCC", "SECAS".')
    purpose = models.CharField(max_length=20, choices=Purpose.choices, default=Purpose.DISCUSSION)
    # Left blank, it is chosen by the level when saved (`headline_mode_for`).
    headline_mode = models.CharField(
        max_length=10, choices=HeadlineMode.choices, blank=True, default=""
    )
    headline = models.TextField(blank=True, help_text="Public text for the Headlines (Markdown).")
    minutes = models.TextField(blank=True, help_text="Confidential record, at the item's level.")
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Edits are refused when based on a stale version: one counter for the item's agenda
    # fields and headline, another for its minutes, so that neither refuses the other.
    version = models.PositiveIntegerField(default=1, editable=False)
    minutes_version = models.PositiveIntegerField(default=1, editable=False)

    objects = AgendaItemQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="item_number_unique"),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    @classmethod
    def headline_mode_for(cls, level: int) -> str:
        """The headline mode of an item at `level` whose mode nobody chose.

        A RED item is counted: nothing of it is listed in the public Headlines until the
        secretariat chooses "full".
        """
        return cls.HeadlineMode.COUNTED if level == Level.RED else cls.HeadlineMode.FULL

    def save(self, *args, **kwargs):
        if not self.headline_mode:
            self.headline_mode = self.headline_mode_for(self.level)
        super().save(*args, **kwargs)


class Recusal(models.Model):
    """A user with a conflict of interest on an item: they see neither it nor its record."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="recusals")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recusals"
    )
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "user"], name="recusal_unique")]

    def __str__(self):
        return f"{self.user} recused from {self.item}"


class Paper(Classified):
    classification_parents = ("item",)

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="papers")
    title = models.CharField(max_length=300)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PaperQuerySet.as_manager()

    class Meta:
        ordering = ["item", "created_at", "pk"]
        indexes = [models.Index(fields=["-published_at", "-id"], name="paper_published_idx")]

    def __str__(self):
        return self.title

    @property
    def current_version(self):
        """The newest version still served (uses prefetched versions when present)."""
        versions = [version for version in self.versions.all() if version.withdrawn_at is None]
        return max(versions, key=lambda v: v.number) if versions else None


def paper_upload_to(version, filename):
    # The stored name never comes from the uploader: it cannot collide or traverse.
    return f"papers/{version.paper_id}/v{version.number}.pdf"


# The longest reason for withdrawing a version that the audit log keeps.
WITHDRAWAL_REASON_MAX = 500


class PaperVersion(models.Model):
    """One uploaded file of a paper; a replacement is a new version, earlier ones are kept.

    A version uploaded by mistake is withdrawn (`paper_version_withdraw`): its file is
    deleted, and the row stays to say who withdrew it, when and why.
    """

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    file = models.FileField(upload_to=paper_upload_to)
    original_name = models.CharField(max_length=255, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    withdrawal_reason = models.CharField(
        max_length=WITHDRAWAL_REASON_MAX, blank=True, editable=False
    )

    objects = PaperVersionQuerySet.as_manager()

    class Meta:
        ordering = ["paper", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["paper", "number"], name="paper_version_unique")
        ]

    def __str__(self):
        return f"{self.paper} v{self.number}"


class DecisionKind(models.Model):
    """A kind of decision, with the phrases the Headlines' RED summary uses for it.

    Phrases may contain "{count}", replaced by the count in words ("two", "10").
    """

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=120)
    order = models.PositiveSmallIntegerField(default=0, help_text="Order in the RED summary.")
    outcomes = models.JSONField(default=list, blank=True, help_text="Allowed outcomes.")
    summary_singular = models.CharField(max_length=200)
    summary_plural = models.CharField(max_length=200)
    default_level = models.PositiveSmallIntegerField(choices=Level.choices, default=Level.RED)

    class Meta:
        ordering = ["order", "code"]

    def __str__(self):
        return self.name


class Decision(Classified):
    # The party's name is part of the decision: it may not be shown more widely than the party.
    classification_parents = ("item", "party")

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="decisions")
    kind = models.ForeignKey(DecisionKind, on_delete=models.PROTECT, related_name="decisions")
    party = models.ForeignKey(
        "assessments.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    outcome = models.CharField(max_length=200, blank=True)
    note = models.TextField(blank=True, help_text="Conditions or notes (Markdown).")
    level = models.PositiveSmallIntegerField(
        "classification", choices=Level.choices, default=Level.RED
    )

    objects = MeetingRecordQuerySet.as_manager()

    class Meta:
        ordering = ["item", "kind__order", "pk"]

    def __str__(self):
        return f"{self.kind}: {self.outcome}" if self.outcome else str(self.kind)

    def clean(self):
        super().clean()
        if self.kind_id and self.kind.outcomes and self.outcome not in self.kind.outcomes:
            allowed = "; ".join(self.kind.outcomes)
            raise ValidationError(
                {"outcome": f"{self.outcome!r} is not an outcome of {self.kind} ({allowed})."}
            )


class Action(Classified):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"
        CLOSED = "closed", "Closed"

    classification_parents = ("item",)

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="actions")
    reference = models.CharField(max_length=30, unique=True, validators=[one_line])  # SSC89/01
    description = models.TextField()
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions_owned",
    )
    owner_organisation = models.CharField(max_length=120, blank=True)
    due = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)

    objects = MeetingRecordQuerySet.as_manager()

    class Meta:
        ordering = ["reference"]

    def __str__(self):
        return self.reference

    @property
    def owner(self) -> str:
        return self.owner_user.username if self.owner_user_id else self.owner_organisation

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.status == self.Status.OPEN and self.due is not None and self.due < today

    def clean(self):
        super().clean()
        if not self.owner_user_id and not self.owner_organisation:
            raise ValidationError("An action needs an owner: a user or an organisation.")


class ActionUpdate(models.Model):
    """One entry of an action's history: what was said and any change of status."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    text = models.TextField()
    status = models.CharField(max_length=10, choices=Action.Status.choices, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["action", "at", "pk"]

    def __str__(self):
        return f"{self.action} update {self.at:%Y-%m-%d}"
