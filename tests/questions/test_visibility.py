"""Who sees a question and its answers: the item's audience at the question's level.

The policy below is written plainly from docs/DESIGN.md ("Questions before the meeting"),
apart from classification/visibility.py; each test compares one channel (queryset,
`can_view`, the pages) with it, for every persona and every kind of question.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.utils import timezone

from classification.levels import Level
from classification.visibility import can_view
from questions import services
from questions.models import Answer, Question
from tests.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    PaperFactory,
    RecusalFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PERSONAS = [
    "anonymous",
    "registered",
    "member",
    "attendee",
    "recused",
    "chair",
    "secretariat",
    "other_committee",
    "expired",
]
# The level each persona sees of the SSC's records outside the meetings it attends.
STANDING = {
    "anonymous": Level.WHITE,
    "registered": Level.GREEN,
    "member": Level.AMBER,
    "other_committee": Level.GREEN,
    "expired": Level.GREEN,
}
# (item's level, question's level): the item's own, and a RED question on an AMBER item.
KINDS = [
    (Level.GREEN, Level.GREEN),
    (Level.AMBER, Level.AMBER),
    (Level.AMBER, Level.RED),
    (Level.RED, Level.RED),
]


def policy(persona: str, item_level: Level, level: Level) -> bool:
    """Whether `persona` sees a question at `level` on an item at `item_level`."""
    if persona == "secretariat":
        return True
    if persona == "recused":
        return False  # recused from every item of this world
    if persona in ("attendee", "chair"):
        return True  # named participants see the meeting's business up to RED
    return max(item_level, level) <= STANDING[persona]


@pytest.fixture
def world(meeting, chair, secretariat, member, registered, attendee, other_committee, expired):
    """One question (with an answer) per kind, each carrying its canary; the recused member
    is recused from every item."""
    users = {
        "anonymous": AnonymousUser(),
        "registered": registered,
        "member": member,
        "attendee": attendee,
        "recused": UserFactory(username="recused", clearance=Level.AMBER),
        "chair": chair,
        "secretariat": secretariat,
        "other_committee": other_committee,
        "expired": expired,
    }
    AttendanceFactory(meeting=meeting, user=users["recused"])
    questions = {}
    for number, (item_level, level) in enumerate(KINDS, start=1):
        item = AgendaItemFactory(meeting=meeting, number=number, level=item_level)
        RecusalFactory(item=item, user=users["recused"])
        text = f"CNRY-question-{number}"
        question = services.question_ask(item=item, text=text, level=level, by=chair)
        services.answer_add(question=question, text=f"CNRY-answer-{number}", by=secretariat)
        questions[(item_level, level)] = question
    return users, questions


CELLS = [(persona, kind) for persona in PERSONAS for kind in KINDS]
IDS = [f"{persona}-{item.label}-item-{level.label}-question" for persona, (item, level) in CELLS]


@pytest.mark.parametrize(("persona", "kind"), CELLS, ids=IDS)
def test_the_questions_queryset_follows_the_policy(world, persona, kind):
    users, questions = world
    question = questions[kind]
    seen = Question.objects.visible_to(users[persona]).filter(pk=question.pk).exists()
    assert seen == policy(persona, *kind)


@pytest.mark.parametrize(("persona", "kind"), CELLS, ids=IDS)
def test_can_view_of_a_question_and_its_answer_follows_the_policy(world, persona, kind):
    users, questions = world
    question = questions[kind]
    assert can_view(users[persona], question) == policy(persona, *kind)
    assert can_view(users[persona], question.answers.get()) == policy(persona, *kind)


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_meeting_page_and_the_questions_page_show_what_the_policy_allows(
    world, meeting, persona
):
    users, questions = world
    client = Client()
    if persona != "anonymous":
        client.force_login(users[persona])
    pages = "".join(
        client.get(url).content.decode()
        for url in (
            f"/meetings/SSC/{meeting.number}/",
            f"/meetings/SSC/{meeting.number}/questions/",
        )
    )
    for number, kind in enumerate(KINDS, start=1):
        shown = f"CNRY-question-{number}" in pages
        answered = f"CNRY-answer-{number}" in pages
        assert shown == answered == policy(persona, *kind), kind


def test_a_question_shows_its_askers_name(client, world, meeting, member, chair):
    client.force_login(member)
    page = client.get(f"/meetings/SSC/{meeting.number}/").content.decode()
    assert "CNRY-question-2" in page
    assert str(chair) in page


def test_a_visitor_is_not_shown_the_questions_page(client, world, meeting):
    assert client.get(f"/meetings/SSC/{meeting.number}/questions/").status_code == 404


def test_a_member_recused_after_asking_no_longer_sees_their_question(meeting, member, item, ask):
    question = ask(item, member)
    RecusalFactory(item=item, user=member)
    assert not can_view(member, question)


def test_a_question_on_a_withdrawn_paper_is_the_secretariats_alone(
    meeting, member, secretariat, paper, ask
):
    question = ask(paper.item, member, paper=paper, page=2)
    paper.withdrawn_at = timezone.now()
    paper.save()
    assert not can_view(member, question)
    assert not Answer.objects.visible_to(member).filter(question=question).exists()
    assert can_view(secretariat, question)


def test_a_question_on_a_paper_raised_above_it_follows_the_paper(meeting, member, item, ask):
    paper = PaperFactory(item=item, level=Level.AMBER)
    question = ask(item, member, paper=paper)
    paper.level = Level.RED
    paper.save()
    assert not can_view(member, question)


def test_an_answer_is_seen_only_with_its_question(world, member):
    users, questions = world
    answers = Answer.objects.visible_to(member)
    assert set(answers.values_list("question", flat=True)) == {
        question.pk for kind, question in questions.items() if policy("member", *kind)
    }
