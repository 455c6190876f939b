"""The kinds of classified record the review queue lists: where each is edited, how it is locked.

Locks follow the one order of meetings/services/guards.py, party → meeting → item → the
record itself, so that a level lowered here and a parent raised at the same moment take turns.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from assessments.models import Assessment, Organisation
from classification.levels import Level
from classification.models import Classified
from classification.restrictions import review_due_by
from interests.models import Declaration
from meetings.models import Action, AgendaItem, Decision, Meeting, Paper


def _locked(model, pk: int):
    return model.objects.select_for_update(of=("self",)).get(pk=pk)


def _meeting_then_item(item_id: int) -> None:
    Meeting.objects.select_for_update(of=("self",)).get(items=item_id)
    _locked(AgendaItem, item_id)


def _lock_item(item):
    _meeting_then_item(item.pk)
    return _locked(AgendaItem, item.pk)


def _lock_item_record(record):
    """A paper, action or declaration: its meeting, its item, then itself."""
    _meeting_then_item(record.item_id)
    return _locked(type(record), record.pk)


def _lock_decision(decision):
    if decision.party_id:
        _locked(Organisation, decision.party_id)
    return _lock_item_record(decision)


def _lock_assessment(assessment):
    _locked(Organisation, assessment.party_id)
    return _locked(Assessment, assessment.pk)


def _builder(item, anchor: str) -> str:
    meeting = item.meeting
    url = reverse("meetings:agenda_builder", args=[meeting.committee.code, meeting.number])
    return f"{url}#{anchor}"


def _minutes(item) -> str:
    meeting = item.meeting
    url = reverse("meetings:minutes_edit", args=[meeting.committee.code, meeting.number])
    return f"{url}#item-{item.number}"


def _declarations(item) -> str:
    meeting = item.meeting
    url = reverse("meetings:minutes_edit", args=[meeting.committee.code, meeting.number])
    return f"{url}#declarations"


def _at_item(item) -> str:
    return f"{item.meeting}, item {item.number}"


@dataclass(frozen=True)
class RecordKind:
    """One kind of classified record, as the review queue shows, links and locks it."""

    slug: str
    label: str
    model: type[Classified]
    related: tuple[str, ...]  # what naming and linking a record reads, in the same query
    edit_url: Callable[[Classified], str]
    where: Callable[[Classified], str]
    # Its rows locked, parents first; the record read afresh.
    lock: Callable[[Classified], Classified]


KINDS = [
    RecordKind(
        "item",
        "Agenda item",
        AgendaItem,
        ("meeting__committee",),
        edit_url=lambda item: _builder(item, f"builder-item-{item.pk}"),
        where=lambda item: str(item.meeting),
        lock=_lock_item,
    ),
    RecordKind(
        "paper",
        "Paper",
        Paper,
        ("item__meeting__committee",),
        edit_url=lambda paper: _builder(paper.item, f"builder-item-{paper.item_id}"),
        where=lambda paper: _at_item(paper.item),
        lock=_lock_item_record,
    ),
    RecordKind(
        "decision",
        "Decision",
        Decision,
        ("kind", "party", "item__meeting__committee"),
        edit_url=lambda decision: _minutes(decision.item),
        where=lambda decision: _at_item(decision.item),
        lock=_lock_decision,
    ),
    RecordKind(
        "action",
        "Action",
        Action,
        ("item__meeting__committee",),
        edit_url=lambda action: _minutes(action.item),
        where=lambda action: _at_item(action.item),
        lock=_lock_item_record,
    ),
    RecordKind(
        "declaration",
        "Declaration of interest",
        Declaration,
        ("item__meeting__committee", "declarant"),
        edit_url=lambda declaration: _declarations(declaration.item),
        where=lambda declaration: _at_item(declaration.item),
        lock=_lock_item_record,
    ),
    RecordKind(
        "party",
        "Assessed party",
        Organisation,
        (),
        edit_url=lambda party: reverse("assessments:party_edit", args=[party.pk]),
        where=lambda party: "Assessment register",
        lock=lambda party: _locked(Organisation, party.pk),
    ),
    RecordKind(
        "assessment",
        "Assessment",
        Assessment,
        ("party",),
        edit_url=lambda assessment: reverse(
            "assessments:assessment_edit", args=[assessment.party_id, assessment.pk]
        ),
        where=lambda assessment: f"Assessment register, {assessment.party}",
        lock=_lock_assessment,
    ),
]
KIND_BY_SLUG = {kind.slug: kind for kind in KINDS}
KIND_BY_MODEL = {kind.model: kind for kind in KINDS}


def kind_of(record) -> RecordKind:
    """The kind of `record`; LookupError for a model the review queue does not hold."""
    try:
        return KIND_BY_MODEL[type(record)]
    except KeyError:
        raise LookupError(f"{type(record).__name__} records are not reviewed here") from None


@dataclass(frozen=True)
class Due:
    """One row of the review queue."""

    kind: RecordKind
    record: Classified

    @property
    def review_on(self) -> datetime.date:
        return self.record.review_on

    @property
    def edit_url(self) -> str:
        return self.kind.edit_url(self.record)

    @property
    def where(self) -> str:
        return self.kind.where(self.record)


def due_for_review(user, *, today: datetime.date | None = None) -> list[Due]:
    """The AMBER and RED records of `user`'s committees (as their secretariat) whose review is
    due within 30 days.

    Oldest review date first; one query per kind of record, whatever their number.
    """
    by = review_due_by(today)
    rows = [
        Due(kind, record)
        for kind in KINDS
        for record in kind.model.objects.filter(kind.model.objects.all().secretariat_filter(user))
        .filter(level__gte=Level.AMBER, review_on__lte=by)
        .select_related(*kind.related)
    ]
    order = {kind.slug: n for n, kind in enumerate(KINDS)}
    return sorted(rows, key=lambda due: (due.review_on, order[due.kind.slug], due.record.pk))
