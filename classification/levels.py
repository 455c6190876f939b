"""Classification levels and record states: the vocabulary of the Panel Information Policy."""

from django.db import models


class Level(models.IntegerChoices):
    """TLP levels, ordered so that a higher number is more restricted.

    TLP 2.0 calls WHITE "CLEAR"; the committee's own word, WHITE, is what the portal shows.
    """

    WHITE = 0, "WHITE"
    GREEN = 1, "GREEN"
    AMBER = 2, "AMBER"
    RED = 3, "RED"

    @classmethod
    def from_name(cls, name: str) -> "Level":
        """The level called `name` (any case); ValueError naming the allowed values if none."""
        try:
            return cls[str(name).strip().upper()]
        except KeyError:
            allowed = ", ".join(cls.names)
            raise ValueError(
                f"unknown classification {name!r} (expected one of {allowed})"
            ) from None


def tlp_marking(level: Level) -> str:
    """How a document of `level` is marked: "TLP:AMBER"; for WHITE, the committee's word with
    TLP 2.0's beside it, "TLP:WHITE (CLEAR)", where TLP 2.0 readers look for TLP:CLEAR."""
    level = Level(level)
    if level == Level.WHITE:
        return "TLP:WHITE (CLEAR)"
    return f"TLP:{level.label}"


class MeetingStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    AGENDA_PUBLISHED = "agenda_published", "Agenda published"
    HELD = "held", "Held"
    MINUTES_APPROVED = "minutes_approved", "Minutes approved"
    HEADLINES_PUBLISHED = "headlines_published", "Headlines published"


class MinutesStatus(models.TextChoices):
    """Where the confidential record (minutes, decisions, actions) of a meeting stands."""

    DRAFT = "draft", "Draft"
    CIRCULATED = "circulated", "Circulated to attendees"
    APPROVED = "approved", "Approved"


# The guardian object permission on a meeting that makes a user a named participant of it:
# it is what grants that meeting's RED business.
RED_PERMISSION = "attend_meeting"
