"""The busy pages make as many queries for 300 records as for 10: no N+1 can creep in.

The same scenarios as `bench/query_counts.py`, which reports the counts on the bench data
(`make bench`); here they are asserted. Volume is made with bulk_create from factory-built
rows, so that the 300-record case stays quick.
"""

import datetime

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from classification.levels import Level
from headlines.models import HeadlinesVersion
from meetings.models import (
    Action,
    AgendaItem,
    Decision,
    Paper,
    PaperVersion,
    Recusal,
)
from tests.factories import (
    AgendaItemFactory,
    AssessedPartyFactory,
    AttendanceFactory,
    CommitteeFactory,
    MeetingFactory,
    PaperFactory,
    decision_kind,
)

pytestmark = pytest.mark.django_db

FEW, MANY = 10, 300
LEVELS = [Level.WHITE, Level.GREEN, Level.AMBER, Level.RED]


def _held_meeting(member, size: int, number: int):
    """A held meeting with `size` items (WHITE to RED), a paper on each, a decision on each RED
    item and an action on each item owned by `member`, who attends and is recused from two."""
    meeting = MeetingFactory(number=number, status="held", minutes_status="approved")
    AttendanceFactory(meeting=meeting, user=member)
    items = AgendaItem.objects.bulk_create(
        AgendaItemFactory.build(
            meeting=meeting,
            number=n + 1,
            level=LEVELS[n % 4],
            section="matters_arising" if n < 2 else "agenda",
            minutes="The committee **noted** the update.",
        )
        for n in range(size)
    )
    papers = Paper.objects.bulk_create(
        PaperFactory.build(item=item, level=item.level, with_file=False) for item in items
    )
    PaperVersion.objects.bulk_create(
        PaperVersion(paper=paper, number=1, file=f"papers/{paper.pk}/v1.pdf", size=1000)
        for paper in papers
    )
    kind, party = decision_kind("ssa"), AssessedPartyFactory()
    Decision.objects.bulk_create(
        Decision(item=item, kind=kind, party=party, outcome="Noted", level=Level.RED)
        for item in items
        if item.level == Level.RED
    )
    Action.objects.bulk_create(
        Action(
            item=item,
            reference=f"SSC{number}/{item.number:03d}",
            description=f"Follow up item {item.number}.",
            owner_user=member,
            due=timezone.localdate() + datetime.timedelta(days=14),
            level=max(item.level, Level.AMBER),
        )
        for item in items
    )
    Recusal.objects.bulk_create(Recusal(item=item, user=member) for item in items[2:4])
    return meeting


def _upcoming_meetings(member, size: int, first_number: int) -> None:
    today = timezone.localdate()
    for n in range(size):
        meeting = MeetingFactory(
            number=first_number + n, date=today + datetime.timedelta(days=n + 1)
        )
        AttendanceFactory(meeting=meeting, user=member)


def _published_headlines(size: int, first_number: int) -> None:
    committee = CommitteeFactory(code="QC", name="Query-count Committee")  # get or create
    meetings = [
        MeetingFactory(committee=committee, number=first_number + n, status="headlines_published")
        for n in range(size)
    ]
    HeadlinesVersion.objects.bulk_create(
        HeadlinesVersion(
            meeting=meeting,
            number=1,
            document={},
            document_sha256=f"{meeting.pk:064d}",
            text="Headlines",
            pdf=f"headlines/QC/{meeting.number}.pdf",
            sha256=f"{meeting.pk:064d}",
            size=1000,
        )
        for meeting in meetings
    )


def _get(client, path) -> None:
    """GET `path` once, to warm Django's caches before the queries are counted."""
    assert client.get(path).status_code == 200


def test_the_meeting_page_makes_as_many_queries_for_300_items_as_for_10(
    client, member, django_assert_num_queries
):
    client.force_login(member)
    few = _held_meeting(member, FEW, number=1)
    _get(client, f"/meetings/SSC/{few.number}/")
    # Counted as built, not as served from the meeting pages' cache.
    caches["meeting_pages"].clear()
    with CaptureQueriesContext(connection) as ten:
        html = client.get(f"/meetings/SSC/{few.number}/").content.decode()
    assert html.count('<li class="item') == FEW

    many = _held_meeting(member, MANY, number=2)
    with django_assert_num_queries(len(ten)):
        html = client.get(f"/meetings/SSC/{many.number}/").content.decode()
    assert html.count('<li class="item') == MANY
    assert html.count("<em>Recused</em>") == 2


def test_the_headlines_index_makes_as_many_queries_for_300_meetings_as_for_10(
    client, django_assert_num_queries
):
    _published_headlines(FEW, first_number=1)
    _get(client, "/headlines/?committee=QC")
    caches["default"].clear()
    with CaptureQueriesContext(connection) as ten:
        client.get("/headlines/?committee=QC")

    _published_headlines(MANY - FEW, first_number=1000)
    with django_assert_num_queries(len(ten)):
        html = client.get("/headlines/?committee=QC").content.decode()
    assert html.count('href="/headlines/QC/') == MANY


def test_the_dashboard_makes_as_many_queries_for_300_records_as_for_10(
    client, member, django_assert_num_queries
):
    client.force_login(member)
    _held_meeting(member, FEW, number=1)
    _upcoming_meetings(member, FEW, first_number=100)
    _get(client, "/dashboard/")
    with CaptureQueriesContext(connection) as ten:
        client.get("/dashboard/")

    _held_meeting(member, MANY, number=2)
    _upcoming_meetings(member, MANY - FEW, first_number=1000)
    with django_assert_num_queries(len(ten)):
        html = client.get("/dashboard/").content.decode()
    # Every open action of the member's, but those of the two items it is recused from.
    assert html.count("/actions/SSC2/") == MANY - 2


def test_the_action_log_makes_as_many_queries_for_300_actions_as_for_10(
    client, member, django_assert_num_queries
):
    client.force_login(member)
    _held_meeting(member, FEW, number=1)
    _get(client, "/actions/")
    with CaptureQueriesContext(connection) as ten:
        client.get("/actions/")

    _held_meeting(member, MANY, number=2)
    with django_assert_num_queries(len(ten)):
        assert client.get("/actions/").status_code == 200


def test_the_agenda_builder_makes_as_many_queries_for_50_items_as_for_5(
    client, secretariat, member, django_assert_num_queries
):
    client.force_login(secretariat)
    few = _held_meeting(member, 5, number=1)
    many = _held_meeting(member, 50, number=2)
    _get(client, f"/meetings/SSC/{few.number}/agenda/")
    with CaptureQueriesContext(connection) as five:
        client.get(f"/meetings/SSC/{few.number}/agenda/")

    with django_assert_num_queries(len(five)):
        html = client.get(f"/meetings/SSC/{many.number}/agenda/").content.decode()
    assert html.count("recused from this item") == 2
