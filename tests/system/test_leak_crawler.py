"""The leak crawler: every persona follows every link it is shown, and no canary leaks.

One world holds six meetings whose every field at every level carries a unique canary
(`CNRY` and four digits, then a readable description of its cell): item titles, presenters,
headlines (of full, counted and omitted items), minutes, paper titles and the text inside
each paper's PDF (current and superseded versions, drafts, withdrawn), decision notes,
outcomes and the names and SEC ids of their parties, action descriptions, owners and
updates, declarations of interest, recusal reasons, meeting locations, the assessment
register, and the questions asked before the meeting with their answers (at the item's
level, raised above it, and on a paper since withdrawn; the amber member is the presenter
contact of the items it is not recused from, the recused member of those it is). Their
levels run
WHITE to RED and their states draft to published, circulated and approved; one member is
recused from half the items of the meetings they attend, and works for the party of a RED
decision of meeting 89, where the secretariat is shown the conflict. Meeting 89's Headlines
are published; meeting 90's await the chair's approval. Every account keeps a private note on
each published and withdrawn paper of meeting 89 (its text and its quote canaries): a note is
its author's alone, while the author may see the paper, so the secretariat sees only its own.

Each persona signs in, crawls from the home page and the dashboard (links, hx-get, GET
forms, redirects, the links in PDFs, feeds and calendars), then replays every URL the
secretariat reached and a list of direct URLs made from every route of the portal (paper
versions by id, calendar feeds with the persona's own token, the admin lists, the audit
export, the register...). Every answer is read as text (PDFs through pypdf, headers too)
and every canary found is judged by `may_see`, the policy written plainly from
docs/DESIGN.md. The crawl also has to find what each persona should see: a crawler that
sees nothing proves nothing. Last, a view registered only in one test, which lists agenda
items without the classification layer, must make the crawler fail.

Three personas stand outside the SSC, whose every record this is: an AMBER member of another
committee (TABASC), a former SSC member whose membership has ended, and TABASC's secretariat
(an administrator of the portal too); to the SSC's records all three are GREEN, in pages,
PDFs, packs, feeds, searches, exports, the audit log and the admin alike.

Besides the personas of docs/DESIGN.md, three more, signed in by password but not by their
second factor where two-factor authentication is on (as in production): the secretariat's
account, which the portal then treats as an AMBER member (the admin still lets it in, so
for it the crawl also opens a few of the admin's pages of each model); the chair's,
which sees what its AMBER clearance allows, no RED and nothing awaiting its approval, and
which then posts every approval form the verified chair is shown: nothing may change; and
the attendee's, which has a confirmed authenticator: it sees no RED, is offered no setup of
another authenticator, and the setup page refuses it.

A draft meeting (95) holds items and papers marked published and minutes marked approved,
as a careless import or edit could leave them: nobody but the secretariat sees any of it.
"""

import dataclasses
import datetime
import re
from collections import Counter
from contextlib import nullcontext
from dataclasses import dataclass, field

import pytest
from django.contrib import admin
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, include, path, resolve, reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from assessments.models import Assessment, Organisation
from classification.levels import Level, MeetingStatus, MinutesStatus
from committees.models import Membership
from headlines import services as headlines_services
from headlines.models import HeadlinesRequest, HeadlinesVersion
from meetings.demo import text_pdf
from meetings.models import (
    Action,
    ActionUpdate,
    AgendaItem,
    Attendance,
    Decision,
    DecisionKind,
    Meeting,
    PaperVersion,
    Recusal,
)
from meetings.views.calendar import home
from members.services import calendar_token_reset
from questions.models import Answer, PresenterContact, Question
from reader.models import PaperNote
from reviews.records import KINDS as REVIEWED_KINDS
from tests.factories import (
    ActionFactory,
    AgendaItemFactory,
    AttendanceFactory,
    CommitteeFactory,
    DecisionFactory,
    DeclarationFactory,
    MeetingFactory,
    MembershipFactory,
    OrganisationFactory,
    PaperFactory,
    RecusalFactory,
    UserFactory,
    restriction,
)
from tests.sessions import authenticator
from tests.system.crawler import Crawler, CrawlResult

# The secretariat's account, signed in with its password but not (yet) its second factor,
# where two-factor authentication is on (OTP_REQUIRED, on in production): the secretariat's
# powers need a verified session, so until then it is a member with its AMBER clearance.
UNVERIFIED = "secretariat_without_2fa"
# The chair's account likewise: no RED grant counts, and it approves nothing.
CHAIR_UNVERIFIED = "chair_without_2fa"
# The attendee's account, which has a confirmed authenticator, signed in with its password
# only: it sees what its AMBER clearance gives, no RED, and may not set up another authenticator.
ATTENDEE_PASSWORD_ONLY = "attendee_password_only"
# An AMBER member of another committee (TABASC), and a former SSC member whose membership
# has ended: to the SSC's records both are GREEN.
OTHER_COMMITTEE = "other_committee_member"
EXPIRED = "expired_member"
# TABASC's secretariat, verified: its powers stop at its committee's records.
OTHER_SECRETARIAT = "other_committee_secretariat"
PERSONAS = [
    "anonymous",
    "green",
    "amber",
    OTHER_COMMITTEE,
    EXPIRED,
    OTHER_SECRETARIAT,
    "attendee",
    "recused",
    "chair",
    "secretariat",
    UNVERIFIED,
    CHAIR_UNVERIFIED,
    ATTENDEE_PASSWORD_ONLY,
]
ACCOUNTS = {
    UNVERIFIED: "secretariat",
    CHAIR_UNVERIFIED: "chair",
    ATTENDEE_PASSWORD_ONLY: "attendee",
}
PASSWORD_ONLY = {UNVERIFIED, CHAIR_UNVERIFIED, ATTENDEE_PASSWORD_ONLY}
# The levels each persona sees everywhere, before any meeting's RED grant (docs/DESIGN.md).
STANDING = {
    "anonymous": Level.WHITE,
    "green": Level.GREEN,
    "amber": Level.AMBER,
    OTHER_COMMITTEE: Level.GREEN,
    EXPIRED: Level.GREEN,
    OTHER_SECRETARIAT: Level.GREEN,
    "attendee": Level.AMBER,
    "recused": Level.AMBER,
    "chair": Level.AMBER,
    UNVERIFIED: Level.AMBER,
    CHAIR_UNVERIFIED: Level.AMBER,
    ATTENDEE_PASSWORD_ONLY: Level.AMBER,
}
START_PAGES = ["/", "/dashboard/"]

ITEM_KINDS = {"title", "presenter", "headline"}
PAPER_KINDS = {"papertitle", "paperpdf"}
RECORD_KINDS = {
    "minutes", "decisionnote", "outcome", "action", "actionowner", "actionupdate", "declaration",
}  # fmt: skip
PARTY_KINDS = {"party", "partysecid"}
REGISTER_KINDS = {"registerparty", "registersecid", "assessor"}
# A question names its asker: it is GREEN at least, never WHITE.
QUESTION_KINDS = {"question", "answer"}
NOTE_KINDS = {"notetext", "notequote"}
# The accounts that keep notes: every persona's but the anonymous visitor's.
NOTE_AUTHORS = [
    "green",
    "amber",
    "attendee",
    "recused",
    "chair",
    "secretariat",
    OTHER_COMMITTEE,
    EXPIRED,
]


# -- the world ----------------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingSpec:
    number: int
    attended: bool  # the attendee and the recused member attend it; the chair attends all
    status: str
    minutes: str
    headlines: str = ""  # "published", "submitted" (awaiting the chair) or ""
    days: int = -400  # its date, from today
    modes: tuple[str, ...] = ("full", "counted")
    item_states: tuple[str, ...] = ("published",)
    levels: tuple[Level, ...] = tuple(Level)
    paper_states: bool = False  # draft, withdrawn, superseded and on-a-lower-item papers too


# Every level and state is in 89 and 91; the others add what changes with the meeting:
# its minutes circulated, or attended by the chair alone.
MEETINGS = [
    MeetingSpec(89, True, MeetingStatus.HELD, MinutesStatus.APPROVED, "published",
                modes=("full", "counted", "omitted"), paper_states=True),
    MeetingSpec(90, True, MeetingStatus.HELD, MinutesStatus.CIRCULATED, "submitted", days=-200,
                levels=(Level.WHITE, Level.AMBER, Level.RED)),
    MeetingSpec(91, True, MeetingStatus.AGENDA_PUBLISHED, MinutesStatus.DRAFT, days=30,
                item_states=("published", "draft")),
    MeetingSpec(92, False, MeetingStatus.MINUTES_APPROVED, MinutesStatus.APPROVED, days=-300,
                levels=(Level.AMBER, Level.RED)),
    MeetingSpec(93, False, MeetingStatus.HELD, MinutesStatus.CIRCULATED, days=-100,
                levels=(Level.AMBER, Level.RED)),
    MeetingSpec(94, True, MeetingStatus.DRAFT, MinutesStatus.DRAFT, days=60, modes=("full",),
                item_states=("draft",), levels=(Level.WHITE, Level.RED)),
    # A draft meeting whose items and papers say they are published, its minutes approved.
    MeetingSpec(95, True, MeetingStatus.DRAFT, MinutesStatus.APPROVED, days=90,
                levels=(Level.WHITE, Level.RED)),
]  # fmt: skip
SPECS = {spec.number: spec for spec in MEETINGS}


@dataclass(frozen=True)
class Cell:
    """One cell of the matrix: what a canary is, and where its record stands."""

    kind: str
    level: Level
    state: str  # item or paper: draft/published/...; record: the minutes' status
    recused: bool = False  # the recused member is recused from its item
    meeting: int = 0  # 0 for the assessment register
    mode: str = ""  # the item's headline mode
    section: str = ""
    author: str = ""  # a private note's: the persona whose account wrote it

    @property
    def key(self):
        return (
            self.kind,
            self.level.label,
            self.state,
            self.recused,
            self.meeting,
            self.mode,
            self.author,
        )

    @property
    def spec(self) -> MeetingSpec | None:
        return SPECS.get(self.meeting)

    def describe(self) -> str:
        words = [self.kind, self.level.label, self.state]
        words.append(f"meeting {self.meeting}" if self.meeting else "register")
        if self.mode:
            words.append(f"{self.mode} item" + (f" in {self.section}" if self.section else ""))
        if self.recused:
            words.append("recused item")
        if self.author:
            words.append(f"{self.author}'s note")
        return " / ".join(words)


@dataclass
class World:
    users: dict
    meetings: dict[int, Meeting]
    cells: dict[int, Cell] = field(default_factory=dict)
    texts: dict[int, str] = field(default_factory=dict)  # each cell's canary, as written
    tokens: dict[str, str] = field(default_factory=dict)
    crawls: dict[str, CrawlResult] = field(default_factory=dict)
    unbound: set[str] = field(default_factory=set)  # routes with parameters nobody fills

    def canary(self, kind, level, state, **where) -> str:
        cell = Cell(kind, Level(level), state, **where)
        assert cell.key not in {c.key for c in self.cells.values()}, f"two canaries for {cell}"
        number = len(self.cells) + 1
        self.cells[number] = cell
        recused = "Rec" if cell.recused else ""
        author = f"By{cell.author}" if cell.author else ""
        text = (
            f"CNRY{number:04d}{kind}{cell.level.label}{state}{recused}M{cell.meeting}{cell.mode}"
            f"{author}"
        )
        self.texts[number] = text
        return text


def _build_world() -> World:
    users = {
        "green": UserFactory(username="green", clearance=Level.GREEN),
        "amber": UserFactory(username="amber", clearance=Level.AMBER),
        "attendee": UserFactory(username="attendee", clearance=Level.AMBER),
        "recused": UserFactory(username="recused", clearance=Level.AMBER),
        "chair": UserFactory(username="chair", clearance=Level.AMBER),
        "secretariat": UserFactory(
            username="sec",
            clearance=Level.AMBER,
            is_secretariat=True,
            is_staff=True,
            is_superuser=True,
        ),
    }
    committee = CommitteeFactory()
    tabasc = CommitteeFactory(code="TABASC", name="TABASC")
    users[OTHER_COMMITTEE] = UserFactory(username="tabasc", member_of=tabasc)
    users[OTHER_SECRETARIAT] = UserFactory(
        username="tabascsec", secretariat_of=tabasc, is_staff=True, is_superuser=True
    )
    users[EXPIRED] = UserFactory(username="expired")
    MembershipFactory(
        user=users[EXPIRED], committee=committee, ends=timezone.localdate() - datetime.timedelta(1)
    )
    world = World(users=users, meetings={})
    authenticator(users["attendee"], name="attendee's phone")
    today = timezone.localdate()
    for spec in MEETINGS:
        location = world.canary(
            "location",
            Level.WHITE,
            "draft" if spec.status == MeetingStatus.DRAFT else "published",
            meeting=spec.number,
        )
        meeting = MeetingFactory(
            committee=committee,
            number=spec.number,
            date=today + datetime.timedelta(days=spec.days),
            status=spec.status,
            minutes_status=spec.minutes,
            location=location,
        )
        world.meetings[spec.number] = meeting
        AttendanceFactory(meeting=meeting, user=users["chair"], role="chair")
        if spec.attended:
            AttendanceFactory(meeting=meeting, user=users["attendee"], role="member")
            AttendanceFactory(meeting=meeting, user=users["recused"], role="member")
        _build_items(world, spec, meeting)
    _build_register(world)
    # The recused member works for the party of a RED decision at an item of meeting 89 they
    # are not recused from: a conflict of interest, flagged to the secretariat alone.
    conflicted = Decision.objects.filter(
        item__meeting=world.meetings[89], level=Level.RED, item__recusals__isnull=True
    ).first()
    users["recused"].organisation = conflicted.party
    users["recused"].save(update_fields=["organisation"])
    for number in (89, 90):
        # Headlines compose from every item, drafts included: these two meetings have none.
        assert not world.meetings[number].items.filter(published_at__isnull=True).exists()
    headlines_services.headlines_publish_now(meeting=world.meetings[89], by=users["secretariat"])
    headlines_services.headlines_submit(meeting=world.meetings[90], by=users["secretariat"])
    for persona, user in users.items():
        world.tokens[persona] = calendar_token_reset(user=user)
        _build_pack(user, world.meetings[89])
    return world


def _build_pack(user, meeting) -> None:
    """The reader's papers pack of `meeting`, rendered (packs.services), if packs exist yet."""
    try:
        from packs import services as packs
    except ImportError:
        return
    pack = packs.pack_request(user=user, meeting=meeting)
    packs.pack_build(pack_id=pack.pk)


def _section(level: Level, mode: str) -> str:
    # Listed items of both sections: the Headlines show a title only under Agenda Items.
    if mode == "full" and level in (Level.WHITE, Level.AMBER):
        return AgendaItem.Section.MATTERS_ARISING
    return AgendaItem.Section.AGENDA


def _build_items(world: World, spec: MeetingSpec, meeting: Meeting) -> None:
    shapes = [
        (level, recused, mode, state)
        for level in spec.levels
        for recused in ((False, True) if spec.attended else (False,))
        for mode in spec.modes
        for state in spec.item_states
        # Draft items are full ones; recused from only in the draft meeting (94), so that
        # meeting 91 holds one draft item per level.
        if state == "published" or (mode == "full" and (not recused or len(spec.item_states) == 1))
    ]
    # Numbers run on across the sections, Matters Arising first.
    shapes.sort(key=lambda shape: _section(shape[0], shape[2]) != "matters_arising")
    kinds = list(DecisionKind.objects.order_by("order"))
    for number, (level, recused, mode, state) in enumerate(shapes, start=1):
        where = {"recused": recused, "meeting": spec.number, "mode": mode}
        section = _section(level, mode)
        item = AgendaItemFactory(
            meeting=meeting,
            number=number,
            section=section,
            level=level,
            headline_mode=mode,
            title=world.canary("title", level, state, section=section, **where),
            presenter=world.canary("presenter", level, state, **where),
            headline=world.canary("headline", level, state, **where),
            published_at=timezone.now() if state == "published" else None,
        )
        if recused:
            reason = world.canary("recusalreason", level, state, **where)
            RecusalFactory(item=item, user=world.users["recused"], reason=reason)
        if mode == "full":
            _build_papers(world, spec, item, state, where)
        _build_questions(world, item, state, where)
        if state != "published":
            continue
        item.minutes = world.canary("minutes", level, spec.minutes, **where)
        item.save()
        if mode == "full":
            DeclarationFactory(
                item=item,
                declarant=world.users["chair"],  # who attends every meeting
                text=world.canary("declaration", level, spec.minutes, **where),
            )
        if mode == "full":
            action = ActionFactory(
                item=item,
                reference=f"SSC{spec.number}/{number:02d}",
                level=level,
                description=world.canary("action", level, spec.minutes, **where),
                owner_organisation=world.canary("actionowner", level, spec.minutes, **where),
            )
        elif mode == "omitted":
            action = ActionFactory(
                item=item,
                reference=f"SSC{spec.number}/{number:02d}",
                level=level,
                description=world.canary("action", level, spec.minutes, **where),
                owner_user=world.users["attendee"],
                owner_organisation="",
                due=timezone.localdate() + datetime.timedelta(days=7),
            )
        else:  # counted: a decision, counted in the Headlines' RED summary
            kind = kinds[(number + level) % len(kinds)]
            party = OrganisationFactory(
                name=world.canary("party", level, spec.minutes, **where),
                sec_party_id=world.canary("partysecid", level, spec.minutes, **where)[:40],
                level=level,
            )
            DecisionFactory(
                item=item,
                kind=kind,
                party=party,
                level=level,
                outcome="Approved, subject to "
                + world.canary("outcome", level, spec.minutes, **where),
                note=world.canary("decisionnote", level, spec.minutes, **where),
            )
            continue
        ActionUpdate.objects.create(
            action=action,
            text=world.canary("actionupdate", level, spec.minutes, **where),
            by=world.users["secretariat"],
        )


def _paper(world, item, level, state, where, *, versions=("published",)):
    now = timezone.now()
    paper = PaperFactory(
        item=item,
        level=level,
        title=world.canary("papertitle", level, state, **where),
        published_at=None if state == "draft" else now,
        withdrawn_at=now if state == "withdrawn" else None,
        with_file=False,
    )
    for number, version_state in enumerate(versions, start=1):
        content = text_pdf([world.canary("paperpdf", level, version_state, **where)])
        version = PaperVersion(paper=paper, number=number, size=len(content))
        version.file.save("upload.pdf", ContentFile(content), save=True)
    if where["meeting"] == 89 and state in ("published", "withdrawn"):
        _build_notes(world, paper, version, level, state, where)
    return paper


def _build_notes(world, paper, version, level, state, where) -> None:
    """A private note of every account on `paper`, written straight to the table: a note
    outlives its author's right to see the paper (a recusal, an ended membership)."""
    for author in NOTE_AUTHORS:
        PaperNote.objects.create(
            paper=paper,
            version=version,
            author=world.users[author],
            page=1,
            quote=world.canary("notequote", level, state, author=author, **where),
            rects=[[72, 700, 300, 714]],
            text=world.canary("notetext", level, state, author=author, **where),
        )


def _build_papers(world, spec, item, item_state, where) -> None:
    level = Level(item.level)
    if item_state == "draft":
        _paper(world, item, level, "draft", where, versions=("draft",))
        return
    if not spec.paper_states or where["recused"]:
        _paper(world, item, level, "published", where)
        return
    _paper(world, item, level, "published", where, versions=("superseded", "published"))
    _paper(world, item, level, "draft", where, versions=("draft",))
    withdrawn = _paper(world, item, level, "withdrawn", where, versions=("withdrawn",))
    if level >= Level.GREEN:
        _question(world, item, level, "onwithdrawn", where, paper=withdrawn)
    if level < Level.RED:
        # A paper above its item's level: the item shows, the paper must not.
        higher = Level(level + 1)
        _paper(world, item, higher, "onlower", where, versions=("onlower",))


def _question(world, item, level, state, where, *, paper=None, answered=True):
    """A question at `level` on `item` (on `paper`), asked by the attendee, and its answer."""
    question = Question.objects.create(
        item=item,
        paper=paper,
        text=world.canary("question", level, state, **where),
        level=level,
        **restriction(level),
        asked_by=world.users["attendee"],
    )
    if answered:
        Answer.objects.create(
            question=question,
            text=world.canary("answer", level, state, **where),
            by=world.users["secretariat"],
        )


def _build_questions(world, item, state, where) -> None:
    """On every item above WHITE, a question at its level, answered; on every published item
    below RED, one raised a level above it (GREEN at least), awaiting its answer."""
    level = Level(item.level)
    if level >= Level.GREEN:
        _question(world, item, level, state, where)
    if state == "published" and level < Level.RED:
        _question(world, item, max(Level(level + 1), Level.GREEN), "raised", where, answered=False)
    contact = world.users["recused" if where["recused"] else "amber"]
    PresenterContact.objects.create(item=item, user=contact)


def _build_register(world: World) -> None:
    """Parties of the register outside any meeting, with their assessments at every level."""
    for party_level in Level:
        party = OrganisationFactory(
            name=world.canary("registerparty", party_level, "register"),
            sec_party_id=world.canary("registersecid", party_level, "register"),
            level=party_level,
        )
        for level in (lvl for lvl in Level if lvl >= party_level):
            Assessment.objects.create(
                party=party,
                committee=CommitteeFactory(),
                kind=Assessment.Kind.FUSA,
                assessor=world.canary("assessor", level, f"party{party_level.label}"),
                level=level,
            )


# -- the policy -----------------------------------------------------------------------------


def may_see(persona: str, cell: Cell) -> bool:
    """Whether `persona` may see the canary of `cell`: docs/DESIGN.md's rules, spelled out."""
    if cell.kind in NOTE_KINDS:
        # A private note: its author's alone (not even the secretariat's), while the author
        # may see the paper.
        paper = dataclasses.replace(cell, kind="paperpdf", author="")
        return ACCOUNTS.get(persona, persona) == cell.author and may_see(persona, paper)
    if persona == "secretariat":
        return True  # everything, drafts included
    standing = STANDING[persona]
    if cell.kind == "location":
        return cell.state != "draft"  # a meeting's existence, date and place are WHITE
    if cell.kind in REGISTER_KINDS:
        return cell.level <= standing  # no meeting, so no attendance grant: level alone
    if cell.kind == "recusalreason":
        return False  # the agenda shows a recused item's number and "Recused" only
    spec = cell.spec
    # Everything of a draft meeting is the secretariat's, whatever its records say.
    out_of_draft = spec.status != MeetingStatus.DRAFT
    attends = persona == "chair" or (spec.attended and persona in ("attendee", "recused"))
    cleared = cell.level <= standing or attends  # RED only for the meeting's participants
    shut_out = persona == "recused" and cell.recused
    record = (
        out_of_draft
        and not shut_out
        and (
            (cell.state == MinutesStatus.APPROVED and cleared)
            or (cell.state == MinutesStatus.CIRCULATED and attends)
        )
    )
    if cell.kind in PARTY_KINDS:
        # A party is in the register at its own level, and named on each decision about it.
        return cell.level <= standing or record
    if cell.kind in ("headline", "title") and cell.mode == "full":
        # The Headlines list each full item's headline, and its title under Agenda Items.
        listed = cell.kind == "headline" or cell.section == AgendaItem.Section.AGENDA
        published = spec.headlines == "published"
        awaiting_chair = spec.headlines == "submitted" and persona == "chair"
        if listed and (published or awaiting_chair):
            return True
    if shut_out or not out_of_draft:
        return False
    if cell.kind in ITEM_KINDS:
        return cell.state == "published" and cleared
    if cell.kind in PAPER_KINDS:
        return cell.state in ("published", "superseded", "onlower") and cleared
    if cell.kind in RECORD_KINDS:
        return record
    if cell.kind in QUESTION_KINDS:
        # As its item, at its own level; one on a withdrawn paper goes with the paper.
        return cell.state in ("published", "raised") and cleared
    raise AssertionError(f"no rule for {cell}")


def _is(kind, level=None, state=None, *, at="", **where):
    """A test of (cell, URLs where it showed): its kind, level, state, ...; `at` a URL regex."""

    def test(cell: Cell, urls) -> bool:
        return (
            cell.kind == kind
            and (level is None or cell.level == level)
            and (state is None or cell.state == state)
            and all(getattr(cell, name) == value for name, value in where.items())
            and any(re.search(at, url) for url in urls)
        )

    return test


# What each persona's crawl must find, so that finding nothing cannot pass; some of it in
# PDFs (pypdf reads WeasyPrint's and the stamped papers), in the pack, in the Headlines.
MUST_SEE = {
    "anonymous": [
        ("a WHITE item title", _is("title", Level.WHITE, "published")),
        ("a RED item's headline in the Headlines PDF", _is("headline", Level.RED, at=r"\.pdf$")),
        ("the text of a WHITE paper's PDF", _is("paperpdf", Level.WHITE, "published")),
        ("WHITE approved minutes", _is("minutes", Level.WHITE, "approved")),
        ("a meeting's location", _is("location", state="published")),
    ],
    "green": [
        ("a GREEN question", _is("question", Level.GREEN, "published")),
        ("a GREEN answer", _is("answer", Level.GREEN, "published")),
        ("a GREEN item title", _is("title", Level.GREEN, "published")),
        ("the text of a GREEN paper's PDF", _is("paperpdf", Level.GREEN, "published")),
        ("a GREEN approved decision note", _is("decisionnote", Level.GREEN, "approved")),
        ("a GREEN party of the register", _is("registerparty", Level.GREEN)),
    ],
    OTHER_COMMITTEE: [
        ("a GREEN question", _is("question", Level.GREEN, "published")),
        ("a GREEN item title", _is("title", Level.GREEN, "published")),
        ("the text of a GREEN paper's PDF", _is("paperpdf", Level.GREEN, "published")),
        ("a GREEN party of the register", _is("registerparty", Level.GREEN)),
    ],
    OTHER_SECRETARIAT: [
        ("a GREEN question", _is("question", Level.GREEN, "published")),
        ("a GREEN item title", _is("title", Level.GREEN, "published")),
        ("a GREEN approved decision note", _is("decisionnote", Level.GREEN, "approved")),
        ("a GREEN party of the register", _is("registerparty", Level.GREEN)),
    ],
    EXPIRED: [
        ("a GREEN question raised above its WHITE item", _is("question", Level.GREEN, "raised")),
        ("their note on a GREEN paper", _is("notetext", Level.GREEN, "published", author=EXPIRED)),
        ("a GREEN item title", _is("title", Level.GREEN, "published")),
        ("a GREEN approved decision note", _is("decisionnote", Level.GREEN, "approved")),
        ("a GREEN approved declaration", _is("declaration", Level.GREEN, "approved")),
    ],
    "amber": [
        ("an AMBER question", _is("question", Level.AMBER, "published")),
        ("an AMBER answer", _is("answer", Level.AMBER, "published")),
        (
            "an AMBER question awaiting its answer from its presenter contact",
            _is("question", Level.AMBER, "raised", at=r"/questions/awaiting/$"),
        ),
        ("an AMBER item title", _is("title", Level.AMBER, "published")),
        ("the text of an AMBER paper's PDF", _is("paperpdf", Level.AMBER, "published")),
        ("an AMBER paper's superseded version", _is("paperpdf", Level.AMBER, "superseded")),
        ("an AMBER approved action", _is("action", Level.AMBER, "approved")),
        ("an AMBER approved declaration", _is("declaration", Level.AMBER, "approved")),
        ("an AMBER assessment's assessor", _is("assessor", Level.AMBER)),
        (
            "their note on an AMBER paper, in the paper with their notes",
            _is("notetext", Level.AMBER, "published", author="amber", at=r"with-my-notes\.pdf$"),
        ),
        (
            "the text they highlighted, among their notes",
            _is("notequote", Level.AMBER, "published", author="amber", at=r"/notes/$"),
        ),
    ],
    "attendee": [
        ("a RED question", _is("question", Level.RED, "published")),
        ("a RED answer", _is("answer", Level.RED, "published")),
        ("a RED question on an AMBER item", _is("question", Level.RED, "raised")),
        ("a RED item title", _is("title", Level.RED, "published")),
        ("their note on a RED paper", _is("notetext", Level.RED, "published", author="attendee")),
        ("RED circulated minutes", _is("minutes", Level.RED, "circulated")),
        ("the text of a RED paper's PDF", _is("paperpdf", Level.RED, "published")),
        ("a RED paper in the papers pack", _is("paperpdf", Level.RED, at=r"/pack\.pdf$")),
        ("RED minutes in the minutes PDF", _is("minutes", Level.RED, at=r"/minutes\.pdf$")),
        ("a RED declaration in the minutes PDF", _is("declaration", Level.RED, at=r"\.pdf$")),
        ("a RED party named on a decision", _is("party", Level.RED)),
        ("a RED action's update", _is("actionupdate", Level.RED)),
    ],
    "recused": [
        ("a RED question", _is("question", Level.RED, "published", recused=False)),
        ("a RED item title", _is("title", Level.RED, "published", recused=False)),
        ("RED circulated minutes", _is("minutes", Level.RED, "circulated", recused=False)),
        ("a RED paper", _is("paperpdf", Level.RED, "published", recused=False)),
    ],
    "chair": [
        ("a RED question of meeting 92", _is("question", Level.RED, "published", meeting=92)),
        ("a RED item title of meeting 92", _is("title", Level.RED, "published", meeting=92)),
        ("RED circulated minutes of meeting 93", _is("minutes", Level.RED, meeting=93)),
        ("a headline awaiting the chair", _is("headline", Level.RED, meeting=90)),
    ],
    UNVERIFIED: [
        ("an AMBER question", _is("question", Level.AMBER, "published")),
        ("an AMBER item title", _is("title", Level.AMBER, "published")),
        ("the text of an AMBER paper's PDF", _is("paperpdf", Level.AMBER, "published")),
    ],
    CHAIR_UNVERIFIED: [
        ("an AMBER item title", _is("title", Level.AMBER, "published")),
        ("AMBER approved minutes", _is("minutes", Level.AMBER, "approved")),
    ],
    ATTENDEE_PASSWORD_ONLY: [
        ("an AMBER answer", _is("answer", Level.AMBER, "published")),
        ("an AMBER item title", _is("title", Level.AMBER, "published")),
        ("the text of an AMBER paper's PDF", _is("paperpdf", Level.AMBER, "published")),
    ],
    "secretariat": [
        ("a draft item's question", _is("question", Level.RED, "draft")),
        ("a question on a withdrawn paper", _is("question", Level.AMBER, "onwithdrawn")),
        ("a question of a draft meeting", _is("question", Level.RED, "published", meeting=95)),
        ("a question on the minute-taking page", _is("question", at=r"/minutes/$")),
        (
            "their note on a withdrawn RED paper",
            _is("notetext", Level.RED, "withdrawn", author="secretariat"),
        ),
        ("a draft item's title", _is("title", Level.RED, "draft")),
        ("a draft paper's PDF", _is("paperpdf", Level.RED, "draft")),
        ("draft minutes", _is("minutes", Level.RED, "draft")),
        ("a draft declaration", _is("declaration", Level.RED, "draft")),
        ("a recusal's reason", _is("recusalreason", Level.RED)),
        ("a draft meeting's location", _is("location", state="draft")),
        ("a RED title of a draft meeting", _is("title", Level.RED, "published", meeting=95)),
        ("a paper of a draft meeting", _is("paperpdf", Level.WHITE, "published", meeting=95)),
        ("minutes of a draft meeting", _is("minutes", Level.RED, "approved", meeting=95)),
    ],
}


# -- crawling -------------------------------------------------------------------------------


def _client(world: World, persona: str) -> Client:
    client = Client(raise_request_exception=False)
    if persona != "anonymous":
        # Signed in by password alone: no session here has passed a second factor.
        client.force_login(world.users[ACCOUNTS.get(persona, persona)])
    return client


def crawl(world: World, persona: str, *, replay=()) -> CrawlResult:
    """`persona`'s crawl from the start pages, then `replay` and the direct URLs."""
    # A personal calendar feed's address is its owner's secret: whoever holds it sees the
    # owner's feed, by design. Nobody replays another persona's.
    own = world.tokens.get(persona)
    replay = [url for url in replay if not any(t in url for t in world.tokens.values() if t != own)]
    # The personas other than the secretariat that the admin lets in: their pages for each
    # object (forms with every field, inlines) are crawled too, not only their lists.
    administers = persona in (UNVERIFIED, OTHER_SECRETARIAT)
    with override_settings(OTP_REQUIRED=True) if persona in PASSWORD_ONLY else nullcontext():
        crawler = Crawler(_client(world, persona), persona, admin_objects=4 if administers else 0)
        crawler.run(*START_PAGES)
        crawler.run(*replay, *direct_urls(world, persona))
    return crawler.result


def _routes(patterns, namespace=""):
    """(name, converter names) of every named route outside the admin."""
    for entry in patterns:
        names = set(getattr(entry.pattern, "converters", {}))
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            space = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            for name, params in _routes(entry.url_patterns, space):
                yield name, params | names
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", names


def _bindings(world: World, persona: str) -> dict[frozenset, list[dict]]:
    """Values for each set of route parameters, from the world's records."""
    meetings = list(world.meetings.values())
    items = [
        # Per meeting, its RED counted items (one recused where there is one) and a draft.
        item
        for item in AgendaItem.objects.filter(meeting__in=meetings).order_by("number")
        if (item.level == Level.RED and item.headline_mode == "counted")
        or (item.published_at is None and item.level == Level.RED)
    ]
    versions = list(
        PaperVersion.objects.select_related("paper__item__meeting__committee").order_by("pk")
    )
    # Every paper by id; by version number, those that have been replaced (and one that not).
    replaced = {v.paper_id for v in versions if v.number > 1} | {versions[0].paper_id}
    papers = [v for v in versions if v.paper_id in replaced]
    where = lambda meeting: {"committee": meeting.committee.code, "number": meeting.number}  # noqa: E731
    recusals = [(item, recusal) for item in items for recusal in item.recusals.all()]
    return {
        frozenset(): [{}],
        frozenset({"committee", "number"}): [where(m) for m in meetings],
        frozenset({"committee", "number", "item_id"}): [
            {**where(item.meeting), "item_id": item.pk} for item in items
        ],
        frozenset({"committee", "number", "paper_id"}): [
            {**where(v.paper.item.meeting), "paper_id": v.paper_id} for v in papers
        ],
        frozenset({"committee", "number", "user_id"}): [
            {**where(m), "user_id": user.pk} for m in meetings for user in m.attendees.all()
        ],
        frozenset({"committee", "number", "item_id", "user_id"}): [
            {**where(item.meeting), "item_id": item.pk, "user_id": recusal.user_id}
            for item, recusal in recusals
        ],
        frozenset({"committee", "number", "version"}): [
            {**where(v.meeting), "version": v.number} for v in HeadlinesVersion.objects.all()
        ],
        frozenset({"paper_id"}): [{"paper_id": pk} for pk in {v.paper_id for v in versions}],
        frozenset({"committee", "number", "pack_id"}): [
            {**where(pack.meeting), "pack_id": pack.pk} for pack in _packs()
        ],
        frozenset({"paper_id", "version_number"}): [
            {"paper_id": v.paper_id, "version_number": v.number} for v in papers
        ],
        frozenset({"request_id"}): [
            {"request_id": pk} for pk in HeadlinesRequest.objects.values_list("pk", flat=True)
        ],
        frozenset({"party_id"}): [
            {"party_id": pk} for pk in Organisation.objects.values_list("pk", flat=True)
        ],
        frozenset({"party_id", "assessment_id"}): [
            {"party_id": a.party_id, "assessment_id": a.pk} for a in Assessment.objects.all()
        ],
        frozenset({"reference"}): [
            {"reference": reference}
            for reference in Action.objects.values_list("reference", flat=True)
        ],
        frozenset({"token"}): [{"token": world.tokens.get(persona, "no-such-token")}],
        # The review pages of a few restricted records of each kind.
        frozenset({"slug", "pk"}): [
            {"slug": kind.slug, "pk": pk}
            for kind in REVIEWED_KINDS
            for pk in kind.model.objects.filter(level__gte=Level.AMBER)
            .order_by("pk")
            .values_list("pk", flat=True)[:2]
        ],
        # The answer page of every RED question (of a RED item, or raised above its item).
        frozenset({"question_id"}): [
            {"question_id": pk}
            for pk in Question.objects.filter(level=Level.RED).values_list("pk", flat=True)
        ],
        frozenset({"code"}): [{"code": code} for code in ("SSC", "TABASC")],
        frozenset({"note_id"}): [
            {"note_id": pk} for pk in PaperNote.objects.order_by("pk").values_list("pk", flat=True)
        ],
        frozenset({"code", "membership_id"}): [
            {"code": m.committee.code, "membership_id": m.pk}
            for m in Membership.objects.select_related("committee")
        ],
    }


def _packs():
    try:
        from packs.models import Pack
    except ImportError:
        return []
    return list(Pack.objects.select_related("meeting__committee"))


def direct_urls(world: World, persona: str) -> list[str]:
    """Every route of the portal, filled in from the world; the admin's lists; searches."""
    urls = ["/headlines/search/?q=CNRY", "/headlines/search/?q=RED", "/register/?q=CNRY"]
    bindings = _bindings(world, persona)
    for name, params in _routes(get_resolver().url_patterns):
        urls += [reverse(name, kwargs=kwargs) for kwargs in bindings.get(frozenset(params), [])]
        if frozenset(params) not in bindings:
            world.unbound.add(name)
    urls.append(reverse("admin:index"))
    for model in admin.site._registry:
        meta = model._meta
        urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
        urls.append(reverse("admin:app_list", args=[meta.app_label]))
    return urls


def leaks(world: World, result: CrawlResult) -> list[str]:
    """Each canary `result` found above its persona's right, with where it showed."""
    found = []
    for number, urls in sorted(result.found.items()):
        cell = world.cells.get(number)
        if cell is None:
            found.append(f"CNRY{number:04d} (not a canary of this world) at {sorted(urls)[:3]}")
        elif not may_see(result.persona, cell):
            found.append(f"CNRY{number:04d} ({cell.describe()}) at {sorted(urls)[:3]}")
    return found


def _report(persona: str, found: list[str]) -> str:
    """The leaks, counted by the kind of page that showed them, then one per line."""
    pages = Counter(
        re.sub(r"\d+", "N", url) for leak in found for url in re.findall(r"'([^']+)'", leak)
    )
    lines = [f"{persona} reached {len(found)} canaries above its right, on these pages"]
    lines[0] += " (counting up to 3 pages per canary):"
    lines += [f"  {count:4d} × {page}" for page, count in pages.most_common()]
    lines += ["The canaries (first 60):"] + [f"  {leak}" for leak in found[:60]]
    return "\n".join(lines)


# -- fixtures -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world, built once for the module in a transaction rolled back at its end.

    The secretariat's crawl is made here too: every persona replays the URLs it reached.
    """
    from sscportal.celery import app

    app.conf.task_always_eager = True
    media = tmp_path_factory.mktemp("leak-crawler-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        world = _build_world()
        before = _fingerprint()
        world.crawls["secretariat"] = crawl(world, "secretariat")
        assert _fingerprint() == before, "a GET changed what the world publishes"
        yield world
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def media_root(world):
    """Replaces conftest's per-test folder: the world's files live in one folder."""
    from django.conf import settings

    return settings.MEDIA_ROOT


def _fingerprint():
    """What decides visibility: statuses, publications, attendance, recusals, requests."""
    return (
        list(Meeting.objects.values_list("pk", "status", "minutes_status").order_by("pk")),
        list(AgendaItem.objects.values_list("pk", "published_at", "level").order_by("pk")),
        list(
            PaperVersion.objects.values_list(
                "pk", "paper__published_at", "paper__withdrawn_at", "paper__level"
            ).order_by("pk")
        ),
        list(HeadlinesRequest.objects.values_list("pk", "status").order_by("pk")),
        HeadlinesVersion.objects.count(),
        list(Attendance.objects.values_list("meeting", "user", "role").order_by("pk")),
        list(Recusal.objects.values_list("item", "user").order_by("pk")),
        list(Question.objects.values_list("pk", "level", "taken_at").order_by("pk")),
        Answer.objects.count(),
        list(PresenterContact.objects.values_list("item", "user").order_by("pk")),
    )


# -- the tests ------------------------------------------------------------------------------


def _crawl_of(world: World, persona: str) -> CrawlResult:
    """`persona`'s crawl, made once for both tests below."""
    if persona not in world.crawls:
        replay = world.crawls["secretariat"].urls
        world.crawls[persona] = crawl(world, persona, replay=replay)
    return world.crawls[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_persona_reaches_a_canary_above_its_right(world, persona, db):
    result = _crawl_of(world, persona)
    found = leaks(world, result)
    assert not found, _report(persona, found)
    assert result.server_errors == []
    assert result.unread == []
    assert not result.truncated, f"{persona}'s crawl hit its bound of pages"


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_reaches_what_it_should_see(world, persona, db):
    result = _crawl_of(world, persona)
    seen = [(world.cells[n], urls) for n, urls in result.found.items() if n in world.cells]
    missing = [what for what, test in MUST_SEE[persona] if not any(test(*s) for s in seen)]
    assert missing == []


def test_the_secretariat_reaches_every_canary(world, db):
    """Every canary is somewhere the crawler goes: each is a real test of the others.

    Others' private notes aside: the next test has each author reach theirs."""
    result = world.crawls["secretariat"]
    unreached = [
        f"CNRY{number:04d} {cell.describe()}"
        for number, cell in world.cells.items()
        if number not in result.found
        and (cell.kind not in NOTE_KINDS or cell.author == "secretariat")
    ]
    assert unreached == []


@pytest.mark.parametrize("author", NOTE_AUTHORS)
def test_each_author_reaches_every_note_of_theirs_on_a_paper_they_may_see(world, author, db):
    result = _crawl_of(world, author)
    notes = [(n, cell) for n, cell in world.cells.items() if cell.author == author]
    unreached = [
        f"CNRY{number:04d} {cell.describe()}"
        for number, cell in notes
        if may_see(author, cell) and number not in result.found
    ]
    assert notes and unreached == []


def test_searching_the_headlines_confirms_only_what_the_public_may_see(world, db):
    """A search says whether a word is in the published Headlines: the canary searched for is
    echoed back, so the crawler cannot judge it by canaries; it is judged by the count. The
    whole canary is searched for: PostgreSQL's full-text search finds words, not their parts."""
    client = Client()
    hits, wrong = [], []
    for number, cell in world.cells.items():
        if cell.meeting != 89:  # the one meeting with published Headlines
            continue
        html = client.get(f"/headlines/search/?q={world.texts[number]}").content.decode()
        count = int(re.search(r"(\d+) results? for", html).group(1))
        if count:
            hits.append(number)
            if not may_see("anonymous", cell):
                wrong.append(f"CNRY{number:04d} ({cell.describe()})")
    assert wrong == []
    assert any(world.cells[number].kind == "headline" for number in hits)


# The approval forms: what the chair approves (docs/DESIGN.md, "Workflows").
APPROVALS = {"minutes_approve", "headlines_decide"}


def test_a_chair_without_the_second_factor_who_posts_every_approval_form_changes_nothing(world, db):
    """The verified chair's crawl notes each approval form it is shown; the same account,
    signed in by password alone, posts each (a blank field given a word) and must change
    nothing, and read nothing above its right in the answers."""
    forms = [
        form
        for form in _crawl_of(world, "chair").post_forms
        if resolve(form.action).url_name in APPROVALS
    ]
    shown = {resolve(form.action).url_name for form in forms}
    decisions = {value for form in forms for name, value in form.fields if name == "decision"}
    assert shown == APPROVALS and decisions == {"approve", "return"}
    before = _fingerprint()
    with override_settings(OTP_REQUIRED=True):
        crawler = Crawler(_client(world, CHAIR_UNVERIFIED), CHAIR_UNVERIFIED)
        for form in sorted(forms, key=lambda form: form.action):
            data = {name: value or "Posted by the crawler" for name, value in form.fields}
            crawler.post(form.action, data)
    assert _fingerprint() == before
    assert set(crawler.result.statuses.values()) == {404}
    assert leaks(world, crawler.result) == []


def test_every_route_is_fetched_directly(world, db):
    """A new route whose parameters `_bindings` cannot fill is reached only if linked:
    teach `_bindings` its parameters (the password reset's come only by e-mail)."""
    assert world.unbound <= {"password_reset_confirm"}


def test_the_world_has_one_canary_per_cell_and_every_kind_at_every_level(world, db):
    keys = [cell.key for cell in world.cells.values()]
    assert len(keys) == len(set(keys))
    kinds = ITEM_KINDS | PAPER_KINDS | RECORD_KINDS | PARTY_KINDS | REGISTER_KINDS | NOTE_KINDS
    for kind in kinds:
        assert {c.level for c in world.cells.values() if c.kind == kind} == set(Level), kind
    for kind in QUESTION_KINDS:
        levels = {c.level for c in world.cells.values() if c.kind == kind}
        assert levels == {Level.GREEN, Level.AMBER, Level.RED}, kind


@override_settings(OTP_REQUIRED=True)
def test_a_password_only_session_of_an_enrolled_account_cannot_enrol_an_authenticator(world, db):
    client = _client(world, ATTENDEE_PASSWORD_ONLY)
    attendee = world.users["attendee"]
    devices = list(TOTPDevice.objects.filter(user=attendee))
    assert "/accounts/two-factor/setup/" not in client.get("/").content.decode()
    assert client.get("/accounts/two-factor/setup/").status_code == 403
    assert client.post("/accounts/two-factor/setup/", {"code": "123456"}).status_code == 403
    assert list(TOTPDevice.objects.filter(user=attendee)) == devices
    red_title = next(
        number
        for number, cell in world.cells.items()
        if (cell.kind, cell.level, cell.state) == ("title", Level.RED, "published")
        and cell.spec.attended
        and not cell.recused
    )
    meeting = world.meetings[world.cells[red_title].meeting]
    page = client.get(f"/meetings/SSC/{meeting.number}/").content.decode()
    assert f"CNRY{red_title:04d}" not in page


# The forms of the presenter's side, the chair and the secretariat on questions.
QUESTION_FORMS = {"question_answer", "question_taken", "question_level", "presenter_contacts"}


def test_a_member_who_posts_the_forms_on_questions_of_others_changes_nothing(world, db):
    """The secretariat's crawl notes the forms that answer questions, mark them taken at the
    meeting, raise their levels and name presenter contacts; a GREEN member, who sees some
    of those questions, posts a few of each and must change nothing and be answered 404."""
    forms = sorted(
        (
            form
            for form in world.crawls["secretariat"].post_forms
            if resolve(form.action).url_name in QUESTION_FORMS
        ),
        key=lambda form: form.action,
    )
    assert {resolve(form.action).url_name for form in forms} == QUESTION_FORMS
    posted = Counter()
    before = _fingerprint()
    crawler = Crawler(_client(world, "green"), "green")
    for form in forms:
        name = resolve(form.action).url_name
        if posted[name] < 3:
            posted[name] += 1
            data = {name: value or "Posted by the crawler" for name, value in form.fields}
            crawler.post(form.action, data)
    assert _fingerprint() == before
    assert set(crawler.result.statuses.values()) == {404}
    assert leaks(world, crawler.result) == []


# -- a leaky view, registered only in the test below ------------------------------------------


def _leaky_items(request):
    """A new list that forgot the classification layer: every item's title, for anyone."""
    titles = "".join(f"<li>{item.title}</li>" for item in AgendaItem.objects.all())
    return HttpResponse(f"<!doctype html><ul>{titles}</ul>")


def _home_with_a_link_to_the_leaky_list(request):
    response = home(request)
    response.render()
    response.content = response.content.replace(
        b"</main>", b'<a href="/everything/">All agenda items</a></main>'
    )
    return response


# The test below points ROOT_URLCONF at this module: the portal, plus the leaky list.
urlpatterns = [
    path("", _home_with_a_link_to_the_leaky_list),
    path("everything/", _leaky_items),
    path("", include("sscportal.urls")),
]


@pytest.mark.parametrize("persona", ["anonymous", "amber"])
def test_a_view_that_forgets_the_classification_layer_makes_the_crawler_fail(
    world, persona, db, settings
):
    settings.ROOT_URLCONF = __name__
    crawler = Crawler(_client(world, persona), persona)
    result = crawler.run(*START_PAGES)
    found = leaks(world, result)
    assert found, "the crawler missed a view listing every agenda item's title"
    assert all("/everything/" in leak for leak in found)
    assert any("title / RED" in leak for leak in found)
