"""The visibility matrix: persona × level × state × recusal, for every classified record.

One world holds, for every level and every state, an agenda item with a paper, a decision,
an action, a declaration of interest and minutes, each carrying a unique canary string. The
policy below is written plainly from docs/DESIGN.md ("Classification"), independently of
classification/visibility.py; each test compares what one persona gets through one channel
(queryset, can_view, HTTP) with the policy.
"""

import itertools
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from classification.levels import Level, MeetingStatus, MinutesStatus
from classification.visibility import can_view
from interests.models import Declaration
from meetings.models import Action, AgendaItem, Decision, Paper
from tests.factories import (
    ActionFactory,
    AgendaItemFactory,
    AttendanceFactory,
    CommitteeFactory,
    DecisionFactory,
    DeclarationFactory,
    MeetingFactory,
    PaperFactory,
    RecusalFactory,
    UserFactory,
)

PERSONAS = ["anonymous", "green", "amber", "attendee", "recused", "chair", "secretariat"]
KINDS = ["item", "paper", "decision", "action", "declaration", "minutes"]
# States of each kind of record. Items and papers are drafts until published; the record
# (minutes, decisions, actions, declarations) is a draft, then circulated to attendees, then
# approved.
# In a draft meeting, every record says it is published or approved: the meeting decides.
IN_DRAFT_MEETING = "in_draft_meeting"
STATES = {
    "item": ["draft", "published", IN_DRAFT_MEETING],
    "paper": ["draft", "published", "withdrawn", IN_DRAFT_MEETING],
    "decision": ["draft", "circulated", "approved", IN_DRAFT_MEETING],
    "action": ["draft", "circulated", "approved", IN_DRAFT_MEETING],
    "declaration": ["draft", "circulated", "approved", IN_DRAFT_MEETING],
    "minutes": ["draft", "circulated", "approved", IN_DRAFT_MEETING],
}
STANDING = {"anonymous": Level.WHITE, "green": Level.GREEN, "amber": Level.AMBER}


def policy(persona: str, kind: str, level: Level, state: str) -> bool:
    """docs/DESIGN.md's rules, spelled out for one cell of the matrix."""
    if persona == "secretariat":
        return True
    if state in ("draft", "withdrawn", IN_DRAFT_MEETING) or persona == "recused":
        return False
    attends = persona in ("attendee", "chair")
    if state == "circulated" and not attends:
        return False
    return attends or level <= STANDING[persona]


@dataclass
class Cell:
    kind: str
    level: Level
    state: str
    obj: object
    canary: str


@pytest.fixture
def world(db):
    users = {
        "anonymous": AnonymousUser(),
        "green": UserFactory(username="green", clearance=Level.GREEN),
        "amber": UserFactory(username="amber", clearance=Level.AMBER),
        "attendee": UserFactory(username="attendee", clearance=Level.AMBER),
        "recused": UserFactory(username="recused", clearance=Level.AMBER),
        "chair": UserFactory(username="chair", clearance=Level.AMBER),
        "secretariat": UserFactory(username="sec", clearance=Level.AMBER, is_secretariat=True),
    }
    committee = CommitteeFactory()
    meetings = {
        status: MeetingFactory(committee=committee, minutes_status=status)
        for status in MinutesStatus.values
    }
    meetings[IN_DRAFT_MEETING] = MeetingFactory(
        committee=committee, status=MeetingStatus.DRAFT, minutes_status=MinutesStatus.APPROVED
    )
    for meeting in meetings.values():
        for persona, role in [("attendee", "member"), ("recused", "member"), ("chair", "chair")]:
            AttendanceFactory(meeting=meeting, user=users[persona], role=role)
    cells = []
    for kind, level in itertools.product(KINDS, Level):
        for state in STATES[kind]:
            canary = f"CANARY-{kind}-{level.label}-{state}".upper()
            cells.append(
                Cell(kind, level, state, _make(kind, level, state, canary, meetings), canary)
            )
    for cell in cells:
        RecusalFactory(item=_item_of(cell.obj), user=users["recused"])
    return users, meetings, cells


def _make(kind, level, state, canary, meetings):
    now = timezone.now()
    if kind in ("item", "paper"):
        meeting = meetings[IN_DRAFT_MEETING if state == IN_DRAFT_MEETING else "approved"]
        item = AgendaItemFactory(
            meeting=meeting,
            level=level,
            title=canary if kind == "item" else f"holder {kind} {level} {state}",
            published_at=None if (kind == "item" and state == "draft") else now,
        )
        if kind == "item":
            return item
        return PaperFactory(
            item=item,
            level=level,
            title=canary,
            published_at=None if state == "draft" else now,
            withdrawn_at=now if state == "withdrawn" else None,
        )
    item = AgendaItemFactory(
        meeting=meetings[state],
        level=level,
        title=f"holder {kind} {level} {state}",
        minutes=canary if kind == "minutes" else "",
    )
    if kind == "decision":
        return DecisionFactory(item=item, level=level, outcome="Noted", note=canary)
    if kind == "action":
        return ActionFactory(item=item, level=level, description=canary)
    if kind == "declaration":
        return DeclarationFactory(item=item, level=level, text=canary)
    return item


def _item_of(obj):
    return obj if isinstance(obj, AgendaItem) else obj.item


MODELS = {
    "item": AgendaItem,
    "paper": Paper,
    "decision": Decision,
    "action": Action,
    "declaration": Declaration,
}


def _visible_by_queryset(kind, user, cell):
    if kind == "minutes":
        items = AgendaItem.objects.visible_to(user).with_minutes_visibility(user)
        return items.filter(pk=cell.obj.pk, minutes_visible=True).exists()
    return MODELS[kind].objects.visible_to(user).filter(pk=cell.obj.pk).exists()


def _visible_by_can_view(kind, user, cell):
    return can_view(user, cell.obj)


def _mismatches(world, persona, kind, seen):
    users, _, cells = world
    wrong = []
    for cell in (c for c in cells if c.kind == kind):
        expected = policy(persona, kind, cell.level, cell.state)
        if seen(kind, users[persona], cell) != expected:
            verb = "should see" if expected else "must not see"
            wrong.append(f"{persona} {verb} {kind} at {cell.level.label} ({cell.state})")
    return wrong


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("persona", PERSONAS)
def test_visible_to_follows_the_policy(world, persona, kind):
    assert _mismatches(world, persona, kind, _visible_by_queryset) == []


# Minutes are read with their item, through the list's filter: there is no one-object check.
@pytest.mark.parametrize("kind", [kind for kind in KINDS if kind != "minutes"])
@pytest.mark.parametrize("persona", PERSONAS)
def test_can_view_follows_the_policy(world, persona, kind):
    assert _mismatches(world, persona, kind, _visible_by_can_view) == []


@pytest.mark.parametrize("persona", PERSONAS)
def test_meeting_pages_show_exactly_what_the_policy_allows(world, client, persona):
    users, meetings, cells = world
    if persona != "anonymous":
        client.force_login(users[persona])
    pages = "".join(
        client.get(f"/meetings/{m.committee.code}/{m.number}/").content.decode()
        for m in meetings.values()
    )
    wrong = [
        f"{cell.canary} {'missing' if expected else 'leaked'}"
        for cell in cells
        if (cell.canary in pages)
        != (expected := policy(persona, cell.kind, cell.level, cell.state))
    ]
    assert wrong == []


@pytest.mark.parametrize("persona", PERSONAS)
def test_paper_downloads_answer_404_for_papers_the_policy_hides(world, client, persona):
    users, _, cells = world
    if persona != "anonymous":
        client.force_login(users[persona])
    wrong = []
    for cell in (c for c in cells if c.kind == "paper"):
        status = client.get(f"/papers/{cell.obj.pk}/").status_code
        expected = 200 if policy(persona, "paper", cell.level, cell.state) else 404
        if status != expected:
            wrong.append(f"{cell.canary}: {status}, expected {expected}")
    assert wrong == []


def test_the_matrix_covers_every_level_and_state(world):
    _, _, cells = world
    assert {(c.kind, c.level, c.state) for c in cells} == {
        (kind, level, state) for kind in KINDS for level in Level for state in STATES[kind]
    }
