"""Why a record is restricted and when it is reviewed: the defaults and the review window."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from .levels import Level
from .models import Classified

# What a record restricted before reasons were recorded says (existing rows, files without one).
UNRECORDED_REASON = "Restricted before reasons were recorded"
# How long a restriction given no review date of its own lasts before it is reviewed.
DEFAULT_REVIEW_DAYS = 365
# How far ahead the secretariat's review queue looks.
REVIEW_NOTICE_DAYS = 30


def default_review_on(today: datetime.date | None = None) -> datetime.date:
    """The review date of a restriction given none: a year from today."""
    return (today or timezone.localdate()) + datetime.timedelta(days=DEFAULT_REVIEW_DAYS)


def review_due_by(today: datetime.date | None = None) -> datetime.date:
    """The last review date the review queue lists: today and the next 30 days."""
    return (today or timezone.localdate()) + datetime.timedelta(days=REVIEW_NOTICE_DAYS)


def restriction_inherit(record: Classified, parent: Classified) -> None:
    """Give a restricted `record` its `parent`'s reason and review date where it has none.

    A paper, decision or action restricted for the reason its agenda item is says so by
    taking the item's; one restricted for a reason of its own is given it.
    """
    if record.level is None or record.level < Level.AMBER:
        return
    if not record.restriction_reason.strip():
        record.restriction_reason = parent.restriction_reason
    if record.review_on is None:
        record.review_on = parent.review_on


def lowering_refused(record: Classified, *, stored_level: int, level: int | None = None) -> None:
    """Refuse an edit that lowers `record` from `stored_level` to `level` (its own by default).

    Raising a level, or keeping it, goes through; lowering is a recorded decision, made by
    `reviews.services.level_lower`, which records who lowered it, when and why.
    """
    level = record.level if level is None else level
    if level is not None and level < stored_level:
        raise ValidationError(
            {
                "level": (
                    f"Lowering the {record._meta.verbose_name} from {Level(stored_level).label} "
                    f"to {Level(level).label} is a recorded decision: lower it from its "
                    "review page in the review queue, giving the reason."
                )
            }
        )
