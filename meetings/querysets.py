"""Reads of meetings that need care, beyond who may see them (classification.visibility)."""

import uuid
from typing import TYPE_CHECKING

from classification.visibility import MeetingQuerySet
from sscportal.params import parse_number

if TYPE_CHECKING:
    from .models import Meeting


def reference_parts(reference: str) -> tuple[int, int, int]:
    """(number, day, month) of a reference such as "89_1311"; ValueError if malformed."""
    number, _, daymonth = reference.strip().partition("_")
    if parse_number(number) is None or not (len(daymonth) == 4 and parse_number(daymonth)):
        raise ValueError(f"{reference!r} is not a meeting reference like 89_1311")
    return int(number), int(daymonth[:2]), int(daymonth[2:])


class MeetingManagerQuerySet(MeetingQuerySet):
    def get_by_reference(self, reference: str) -> "Meeting":
        """The meeting called `reference` ("89_1311", or "SSC 89_1311" naming the committee)."""
        code, _, ref = reference.strip().rpartition(" ")
        number, day, month = reference_parts(ref)
        meetings = self.filter(number=number, date__day=day, date__month=month)
        if code:
            meetings = meetings.filter(committee__code__iexact=code)
        found = list(meetings.select_related("committee")[:2])
        if not found:
            raise self.model.DoesNotExist(f"no meeting {reference}")
        if len(found) > 1:
            raise self.model.MultipleObjectsReturned(
                f'{reference} names meetings of several committees: say which, e.g. "SSC {ref}"'
            )
        return found[0]

    def revise(self) -> int:
        """Give these meetings a new `revision`: something on their pages has changed."""
        return self.update(revision=uuid.uuid4())
