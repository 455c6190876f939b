"""Reads of conflicts and declarations of interest, for the secretariat's pages.

A conflict of interest is flagged, for the secretariat only, where an agenda item carries
business whose party is an organisation (a decision on it, or its assessment considered
there) and an attendee of the meeting works for that organisation. The flagged people are
exactly those attendees: one flag per person and item, whatever the number of matters, and
one already recused is shown as recused. Every read here is a fixed number of queries,
whatever the number of items, attendees or matters.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import QuerySet

from assessments.models import Assessment
from classification.models import User
from meetings.models import Attendance, Decision, Meeting, Recusal

from .models import Declaration

# The longest recusal reason (meetings.Recusal.reason).
_REASON_MAX = Recusal._meta.get_field("reason").max_length


@dataclass(frozen=True)
class Conflict:
    """An attendee whose organisation is a party of business at an agenda item."""

    item_id: int
    item_number: int
    user: User
    organisation: str
    matters: tuple[str, ...]  # what of their organisation's is there: "VUSA", a decision's kind
    recused: bool

    @property
    def reason(self) -> str:
        """Why they are flagged, in the committee's words: "their organisation's VUSA"."""
        return "their organisation's " + " and ".join(self.matters)

    @property
    def recusal_reason(self) -> str:
        """The reason a one-click recusal records."""
        return f"Conflict of interest: {self.reason} ({self.organisation})"[:_REASON_MAX]


def meeting_conflicts(meeting: Meeting) -> list[Conflict]:
    """The conflicts of interest at `meeting`'s items, by item number, then person.

    Four queries: the attendees who have an organisation, the decisions and the
    assessments at the meeting's items whose party is one of those organisations, and the
    meeting's recusals.
    """
    attendees: dict[int, list[User]] = defaultdict(list)
    for attendance in Attendance.objects.filter(
        meeting=meeting, user__organisation__isnull=False
    ).select_related("user"):
        attendees[attendance.user.organisation_id].append(attendance.user)
    parties = Attendance.objects.filter(meeting=meeting).values("user__organisation")
    # (item id, item number, party id, party name) -> what of the party's is at the item.
    matters: dict[tuple[int, int, int, str], dict[str, None]] = defaultdict(dict)
    decisions = Decision.objects.filter(item__meeting=meeting, party__in=parties).values_list(
        "item_id", "item__number", "party_id", "party__name", "kind__name"
    )
    assessments = Assessment.objects.filter(item__meeting=meeting, party__in=parties).values_list(
        "item_id", "item__number", "party_id", "party__name", "kind"
    )
    # Dicts keep each matter once, in the order first met: assessments, then decisions.
    for item_id, number, party_id, party_name, kind in assessments.order_by("kind", "pk"):
        matters[item_id, number, party_id, party_name][Assessment.Kind(kind).name] = None
    for item_id, number, party_id, party_name, kind_name in decisions.order_by("kind__order"):
        matters[item_id, number, party_id, party_name][kind_name] = None
    recused = set(Recusal.objects.filter(item__meeting=meeting).values_list("item_id", "user_id"))
    conflicts = [
        Conflict(
            item_id=item_id,
            item_number=number,
            user=user,
            organisation=party_name,
            matters=tuple(what),
            recused=(item_id, user.pk) in recused,
        )
        for (item_id, number, party_id, party_name), what in matters.items()
        for user in attendees[party_id]
    ]
    return sorted(conflicts, key=lambda c: (c.item_number, str(c.user), c.user.pk))


def conflicts_by_item(meeting: Meeting) -> dict[int, list[Conflict]]:
    """`meeting_conflicts`, by item id."""
    by_item: dict[int, list[Conflict]] = defaultdict(list)
    for conflict in meeting_conflicts(meeting):
        by_item[conflict.item_id].append(conflict)
    return dict(by_item)


def meeting_declarations(meeting: Meeting) -> QuerySet[Declaration]:
    """Every declaration of interest at `meeting`, for its secretariat: by item, then time."""
    return Declaration.objects.filter(item__meeting=meeting).select_related(
        "item", "declarant", "recorded_by"
    )
