"""Visibility per committee: membership role, level and dates × record level × state × recusal.

Every record here belongs to the SSC. Each persona is what it is to the SSC (or to another
committee, TABASC) through its memberships and secretariat assignments; the policy below is
written plainly from docs/DESIGN.md ("Classification"), independently of
classification/visibility.py, and each test compares one channel (queryset, can_view, HTTP)
with it.
"""

import datetime
import itertools
from dataclasses import dataclass

import pytest
from django.utils import timezone

from classification.levels import Level, MeetingStatus, MinutesStatus
from classification.visibility import as_password_only, can_view
from committees.models import Membership
from meetings.models import AgendaItem

# Records are made as the portal-wide matrix makes them: one maker for both matrices.
from tests.classification.test_visibility_matrix import IN_DRAFT_MEETING, MODELS, _item_of, _make
from tests.factories import (
    AttendanceFactory,
    CommitteeFactory,
    MeetingFactory,
    MembershipFactory,
    RecusalFactory,
    SecretariatAssignmentFactory,
    UserFactory,
)

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
LONG_AGO = datetime.date(2019, 1, 1)


@dataclass(frozen=True)
class Persona:
    """What one account is to the SSC; `memberships` as (committee, role, level, starts, ends)."""

    memberships: tuple = ()
    secretariat_of: tuple = ()
    attends: bool = False
    recused: bool = False
    password_only: bool = False
    # What the policy says it reads of the SSC's records.
    sees_amber: bool = False
    sees_everything: bool = False


MEMBER = Membership.Role.MEMBER
PERSONAS = {
    "registered": Persona(),
    "ssc_member": Persona(((("SSC", MEMBER, Level.AMBER, LONG_AGO, None)),), sees_amber=True),
    "ssc_chair": Persona(
        (("SSC", Membership.Role.CHAIR, Level.AMBER, LONG_AGO, None),), sees_amber=True
    ),
    "ssc_alternate": Persona(
        (("SSC", Membership.Role.ALTERNATE, Level.AMBER, LONG_AGO, None),), sees_amber=True
    ),
    "ssc_observer": Persona((("SSC", Membership.Role.OBSERVER, Level.GREEN, LONG_AGO, None),)),
    "ssc_member_at_green": Persona((("SSC", MEMBER, Level.GREEN, LONG_AGO, None),)),
    "ssc_member_from_tomorrow": Persona((("SSC", MEMBER, Level.AMBER, TODAY + DAY, None),)),
    "ssc_member_ended_yesterday": Persona((("SSC", MEMBER, Level.AMBER, LONG_AGO, TODAY - DAY),)),
    "ssc_member_ending_today": Persona((("SSC", MEMBER, Level.AMBER, LONG_AGO, TODAY),)),
    "ssc_member_until_tomorrow": Persona(
        (("SSC", MEMBER, Level.AMBER, LONG_AGO, TODAY + DAY),), sees_amber=True
    ),
    "ssc_member_starting_today": Persona(
        (("SSC", MEMBER, Level.AMBER, TODAY, None),), sees_amber=True
    ),
    "ssc_member_recused": Persona(
        (("SSC", MEMBER, Level.AMBER, LONG_AGO, None),), recused=True, sees_amber=True
    ),
    "ssc_member_password_only": Persona(
        (("SSC", MEMBER, Level.AMBER, LONG_AGO, None),), password_only=True, sees_amber=True
    ),
    "tabasc_member": Persona((("TABASC", MEMBER, Level.AMBER, LONG_AGO, None),)),
    "tabasc_secretariat": Persona(secretariat_of=(("TABASC", LONG_AGO, None),)),
    "ssc_secretariat": Persona(secretariat_of=(("SSC", LONG_AGO, None),), sees_everything=True),
    "ssc_secretariat_recused": Persona(
        secretariat_of=(("SSC", LONG_AGO, None),), recused=True, sees_everything=True
    ),
    "ssc_secretariat_ended_yesterday": Persona(secretariat_of=(("SSC", LONG_AGO, TODAY - DAY),)),
    "ssc_secretariat_password_only": Persona(
        secretariat_of=(("SSC", LONG_AGO, None),), password_only=True
    ),
    "attendee_without_membership": Persona(attends=True),
    "tabasc_member_attending": Persona(
        (("TABASC", MEMBER, Level.AMBER, LONG_AGO, None),), attends=True
    ),
}
KINDS = ["item", "paper", "decision", "action", "declaration", "minutes"]
STATES = {
    "item": ["draft", "published", IN_DRAFT_MEETING],
    "paper": ["draft", "published", "withdrawn", IN_DRAFT_MEETING],
    "decision": ["draft", "circulated", "approved", IN_DRAFT_MEETING],
    "action": ["draft", "circulated", "approved", IN_DRAFT_MEETING],
    "declaration": ["draft", "circulated", "approved", IN_DRAFT_MEETING],
    "minutes": ["draft", "circulated", "approved", IN_DRAFT_MEETING],
}


def policy(name: str, level: Level, state: str) -> bool:
    """docs/DESIGN.md's rule for one SSC record, for persona `name`."""
    persona = PERSONAS[name]
    if persona.sees_everything:
        return True  # the committee's secretariat, in a verified session, recusals aside
    if state in ("draft", "withdrawn", IN_DRAFT_MEETING) or persona.recused:
        return False
    if state == "circulated" and not persona.attends:
        return False
    if persona.attends:
        return True
    return level <= Level.GREEN or (level == Level.AMBER and persona.sees_amber)


@dataclass
class Cell:
    kind: str
    level: Level
    state: str
    obj: object
    canary: str


def _user(name, persona, committees):
    user = UserFactory(username=name)
    for code, role, level, starts, ends in persona.memberships:
        MembershipFactory(
            user=user, committee=committees[code], role=role, level=level, starts=starts, ends=ends
        )
    for code, starts, ends in persona.secretariat_of:
        SecretariatAssignmentFactory(
            user=user, committee=committees[code], starts=starts, ends=ends
        )
    return user


@pytest.fixture
def world(db):
    committees = {
        "SSC": CommitteeFactory(code="SSC"),
        "TABASC": CommitteeFactory(code="TABASC", name="TABASC"),
    }
    users = {name: _user(name, persona, committees) for name, persona in PERSONAS.items()}
    meetings = {
        status: MeetingFactory(committee=committees["SSC"], minutes_status=status)
        for status in MinutesStatus.values
    }
    meetings[IN_DRAFT_MEETING] = MeetingFactory(
        committee=committees["SSC"],
        status=MeetingStatus.DRAFT,
        minutes_status=MinutesStatus.APPROVED,
    )
    for meeting, (name, persona) in itertools.product(meetings.values(), PERSONAS.items()):
        if persona.attends:
            AttendanceFactory(meeting=meeting, user=users[name])
    cells = []
    for kind, level in itertools.product(KINDS, Level):
        for state in STATES[kind]:
            canary = f"CANARY-{kind}-{level.label}-{state}".upper()
            cells.append(
                Cell(kind, level, state, _make(kind, level, state, canary, meetings), canary)
            )
    for cell, (name, persona) in itertools.product(cells, PERSONAS.items()):
        if persona.recused:
            RecusalFactory(item=_item_of(cell.obj), user=users[name])
    return users, meetings, cells


def _reader(users, name):
    user = users[name]
    return as_password_only(user) if PERSONAS[name].password_only else user


def _by_queryset(kind, user, cell):
    if kind == "minutes":
        items = AgendaItem.objects.visible_to(user).with_minutes_visibility(user)
        return items.filter(pk=cell.obj.pk, minutes_visible=True).exists()
    return MODELS[kind].objects.visible_to(user).filter(pk=cell.obj.pk).exists()


def _by_can_view(kind, user, cell):
    return can_view(user, cell.obj)


def _mismatches(world, name, kind, seen):
    users, _, cells = world
    wrong = []
    for cell in (c for c in cells if c.kind == kind):
        expected = policy(name, cell.level, cell.state)
        if seen(kind, _reader(users, name), cell) != expected:
            verb = "should see" if expected else "must not see"
            wrong.append(f"{name} {verb} {kind} at {cell.level.label} ({cell.state})")
    return wrong


# Each test asks every persona, so that the world is built once per test, not per persona.


@pytest.mark.parametrize("kind", KINDS)
def test_visible_to_follows_the_committee_policy_for_every_persona(world, kind):
    assert [w for name in PERSONAS for w in _mismatches(world, name, kind, _by_queryset)] == []


@pytest.mark.parametrize("kind", [kind for kind in KINDS if kind != "minutes"])
def test_can_view_follows_the_committee_policy_for_every_persona(world, kind):
    assert [w for name in PERSONAS for w in _mismatches(world, name, kind, _by_can_view)] == []


# Over HTTP, a session is verified (tests turn the second factor off): password-only personas
# are the queryset's business above.
HTTP_PERSONAS = [name for name, persona in PERSONAS.items() if not persona.password_only]


def test_meeting_pages_show_exactly_what_the_committee_policy_allows(world, client):
    users, meetings, cells = world
    wrong = []
    for name in HTTP_PERSONAS:
        client.force_login(users[name])
        pages = "".join(
            client.get(f"/meetings/{m.committee.code}/{m.number}/").content.decode()
            for m in meetings.values()
        )
        wrong += [
            f"{name}: {cell.canary} {'missing' if expected else 'leaked'}"
            for cell in cells
            if (cell.canary in pages) != (expected := policy(name, cell.level, cell.state))
        ]
    assert wrong == []


def test_paper_downloads_answer_404_for_papers_the_committee_policy_hides(world, client):
    users, _, cells = world
    wrong = []
    for name in HTTP_PERSONAS:
        client.force_login(users[name])
        for cell in (c for c in cells if c.kind == "paper"):
            status = client.get(f"/papers/{cell.obj.pk}/").status_code
            expected = 200 if policy(name, cell.level, cell.state) else 404
            if status != expected:
                wrong.append(f"{name}: {cell.canary}: {status}, expected {expected}")
    assert wrong == []


def test_the_committee_matrix_covers_every_level_state_and_tenure(world):
    _, _, cells = world
    assert {(c.kind, c.level, c.state) for c in cells} == {
        (kind, level, state) for kind in KINDS for level in Level for state in STATES[kind]
    }
    tenures = {
        (m[3] <= TODAY, m[4] is None or m[4] > TODAY)
        for p in PERSONAS.values()
        for m in p.memberships
    }
    assert tenures == {(True, True), (False, True), (True, False)}  # current, future, ended
