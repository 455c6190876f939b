"""Every page a user can reach makes a pinned number of queries, as many for few rows as for many.

Each page is requested at a small and a larger size of what it lists (items, meetings,
papers, parties, versions, updates, readers, events); both must make exactly the number of
queries pinned for it in QUERIES, so no N+1 can creep in and any change to a page's queries
is a change to this table. Each page is requested by the reader it is for (a member, the
secretariat for its tools, the chair for the approval, a visitor for the public pages) and
counted as built: once to warm Django's own caches, then again once the portal's caches are
emptied (the meeting page's and the Headlines index's caches have tests of their own).

The busy pages are the scenarios of `bench/query_counts.py`, which reports the counts on the
bench data (`make bench`). Volume is made with bulk_create from factory-built rows, so that
the larger sizes stay quick. Downloads (papers, PDFs, packs), fragments of one record
(htmx forms and progress) and the sign-in and second-factor pages list no rows and are left
out.
"""

import datetime
import re

import pytest
from django.core.cache import caches
from django.urls import resolve, reverse
from django.utils import timezone

from assessments.models import Assessment
from audit.models import AuditEvent
from classification.levels import Level
from headlines import services as headlines_services
from headlines.models import HeadlinesVersion
from interests.models import Declaration
from meetings.models import (
    Action,
    ActionUpdate,
    AgendaItem,
    Attendance,
    Decision,
    Meeting,
    Paper,
    PaperVersion,
    Recusal,
)
from members.services import calendar_token_reset
from notifications.models import Delivery, Kind, Notification, NotificationPreference
from questions.models import Answer, PresenterContact, Question
from reader.models import PaperNote
from reviews.models import LevelChange
from tests.factories import (
    AgendaItemFactory,
    AssessmentFactory,
    AttendanceFactory,
    CommitteeFactory,
    DeclarationFactory,
    MeetingFactory,
    OrganisationFactory,
    PaperFactory,
    UserFactory,
    decision_kind,
    restriction,
)

pytestmark = pytest.mark.django_db

# The queries of each page, by URL name, whatever the number of rows it shows. A signed-in
# page reads the user's memberships and secretariat assignments once (the navigation), and
# counts the user's work in three (the meeting record's, the Headlines' and the questions',
# beside "My work"; the dashboard lists the questions in two more: to answer, and to follow);
# a secretariat's page asks once more whether the user is a committee's secretariat at all,
# and then whether of this meeting's committee. The meeting page asks whether its reader sees
# any question before reading them (these meetings have questions).
QUERIES = {
    "meetings:home": 9,
    "meetings:meeting_detail": 21,
    "meetings:manage_meetings": 9,
    "meetings:meeting_create": 11,
    "meetings:agenda_builder": 26,
    "meetings:minutes_edit": 21,
    "meetings:minutes_approve": 14,
    "meetings:paper_readers": 12,
    "headlines:headlines_index": 2,
    "headlines:headlines_detail": 2,
    "headlines:headlines_search": 1,
    "headlines:headlines_feed": 1,
    "headlines:headlines_compose": 14,
    "headlines:headlines_review": 9,
    "members:dashboard": 21,
    "members:action_log": 10,
    "members:action_detail": 9,
    "members:calendar_settings": 7,
    "members:calendar_feed": 2,
    "members:calendar_public": 1,
    "assessments:assessment_register": 8,
    "assessments:party_detail": 9,
    "assessments:party_edit": 8,
    "assessments:assessment_edit": 9,
    "interests:declarations": 11,
    "packs:pack_page": 10,
    "notifications:preferences": 7,
    "audit:audit_export": 4,
    "reviews:review_queue": 14,
    "reviews:record_review": 10,
    "questions:meeting_questions": 11,
    "questions:question_answer": 12,
    "questions:awaiting_answers": 8,
    "questions:presenter_contacts": 12,
    "reader:paper_notes": 4,
    "reader:my_notes": 7,
}
# While a meeting's questions may still be asked (before it is held), its questions page reads
# the items and papers the reader may ask on, for the asking form (the meeting page fetches
# the form when it is opened).
ASKING_FORM = 2

# Pages that show the secretariat more than its members: the conflicts of interest.
SECRETARIAT_QUERIES = {"meetings:meeting_detail": 25}

# Rows listed: few and many. Pages that put a form beside every item are counted at fewer.
SIZES = [10, 300]
FORM_SIZES = [5, 50]
LEVELS = [Level.WHITE, Level.GREEN, Level.AMBER, Level.RED]


def pinned(client, url, django_assert_num_queries, pins=QUERIES, *, more: int = 0) -> str:
    """The page at `url`, which must make the queries pinned for it in `pins` (and `more`);
    its text."""
    assert client.get(url).status_code == 200  # warms Django's caches (content types, ...)
    for cache in caches.all():
        cache.clear()
    with django_assert_num_queries(pins[resolve(url.split("?")[0]).view_name] + more):
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _held_meeting(member, size: int, number: int = 1, minutes_status="approved"):
    """A held meeting with `size` items (WHITE to RED), a paper on each, a decision on each RED
    item and an action on each item owned by `member`, who attends and is recused from two.

    `member` works for the party of the decisions, whose assessment is considered at item 1,
    and declared an interest at every item: the member is flagged at item 1 and every RED item.
    """
    meeting = MeetingFactory(number=number, status="held", minutes_status=minutes_status)
    AttendanceFactory(meeting=meeting, user=member)
    items = AgendaItem.objects.bulk_create(
        AgendaItemFactory.build(
            meeting=meeting,
            number=n + 1,
            level=LEVELS[n % 4],
            section="matters_arising" if n < 2 else "agenda",
            headline_mode=AgendaItem.headline_mode_for(LEVELS[n % 4]),
            headline=f"The SSC discussed item {n + 1}.",
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
    kind, party = decision_kind("ssa"), OrganisationFactory()
    member.organisation = party
    member.save(update_fields=["organisation"])
    AssessmentFactory(party=party, item=items[0], committee=meeting.committee)
    Declaration.objects.bulk_create(
        DeclarationFactory.build(item=item, declarant=member, text=f"Works for {party}.")
        for item in items
    )
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
    _questions(items, papers, member)
    return meeting


def _questions(items, papers, asker) -> None:
    """A question on each item and one on a page of its paper, each answered, and a presenter
    contact for every other item."""
    questions = Question.objects.bulk_create(
        Question(
            item=item,
            paper=paper if on_paper else None,
            page=1 if on_paper else None,
            paper_version=1 if on_paper else None,
            text=f"Question {item.number}{'p' if on_paper else ''}?",
            level=max(item.level, Level.GREEN),
            **restriction(max(item.level, Level.GREEN)),
            asked_by=asker,
            taken_at=timezone.now() if item.number % 3 == 0 else None,
        )
        for item, paper in zip(items, papers, strict=True)
        for on_paper in (False, True)
    )
    Answer.objects.bulk_create(
        Answer(question=question, text=f"Answer to {question.text}", by=asker)
        for question in questions
    )
    PresenterContact.objects.bulk_create(
        PresenterContact(item=item, user=asker) for item in items[::2]
    )


def _meetings(size: int, *, attendee=None, days_from_today=1) -> list[Meeting]:
    """`size` published meetings of the SSC, a day apart from `days_from_today` on."""
    committee, today = CommitteeFactory(), timezone.localdate()
    meetings = Meeting.objects.bulk_create(
        MeetingFactory.build(
            committee=committee,
            number=1000 + n,
            date=today + datetime.timedelta(days=days_from_today + n),
        )
        for n in range(size)
    )
    if attendee is not None:
        Attendance.objects.bulk_create(Attendance(meeting=m, user=attendee) for m in meetings)
    return meetings


def _published_headlines(size: int) -> None:
    """`size` meetings of a committee of their own, each with its Headlines published."""
    committee = CommitteeFactory(code="QC", name="Query-count Committee")  # get or create
    meetings = [
        MeetingFactory(committee=committee, number=1 + n, status="headlines_published")
        for n in range(size)
    ]
    HeadlinesVersion.objects.bulk_create(
        HeadlinesVersion(
            meeting=meeting,
            number=1,
            # The feed summarises each entry from its document.
            document=headlines_services.headlines_compose(meeting=meeting).as_dict(),
            document_sha256=f"{meeting.pk:064d}",
            text="Headlines of the Query-count Committee",
            pdf=f"headlines/QC/{meeting.number}.pdf",
            sha256=f"{meeting.pk:064d}",
            size=1000,
        )
        for meeting in meetings
    )


# Meetings, agendas and minutes


@pytest.mark.parametrize("size", SIZES)
def test_the_calendar_makes_as_many_queries_for_many_meetings_as_for_few(
    client, member, size, django_assert_num_queries
):
    client.force_login(member)
    past = size // 2
    _meetings(size, days_from_today=-past)
    html = pinned(client, reverse("meetings:home"), django_assert_num_queries)
    # The upcoming meetings, and the first page of the past ones.
    assert html.count('href="/meetings/SSC/') == size - past + min(past, 50)


@pytest.mark.parametrize("size", SIZES)
def test_the_meeting_page_makes_as_many_queries_for_many_items_as_for_few(
    client, member, size, django_assert_num_queries
):
    client.force_login(member)
    meeting = _held_meeting(member, size)
    url = reverse("meetings:meeting_detail", args=["SSC", meeting.number])
    html = pinned(client, url, django_assert_num_queries)
    assert html.count('<li class="item') == size
    assert html.count("<em>Recused</em>") == 2
    assert html.count(" declared: ") == size - 2
    assert "Conflicts of interest" not in html
    # Two questions, each answered, on each item the member is not recused from.
    assert html.count('<li id="question-') == html.count("Answer to Question") == 2 * (size - 2)


@pytest.mark.parametrize("size", SIZES)
def test_the_meeting_page_makes_as_many_queries_for_many_questions_as_for_few_while_asking(
    client, member, size, django_assert_num_queries
):
    client.force_login(member)
    meeting = _held_meeting(member, size)
    Meeting.objects.filter(pk=meeting.pk).update(status="agenda_published")
    url = reverse("meetings:meeting_detail", args=["SSC", meeting.number])
    html = pinned(client, url, django_assert_num_queries)
    assert html.count('<li id="question-') == 2 * (size - 2)
    assert reverse("questions:ask_form", args=["SSC", meeting.number]) in html


@pytest.mark.parametrize("size", SIZES)
def test_the_secretariats_meeting_page_makes_as_many_queries_for_many_conflicts_as_for_few(
    client, secretariat, member, size, django_assert_num_queries
):
    client.force_login(secretariat)
    meeting = _held_meeting(member, size)
    url = reverse("meetings:meeting_detail", args=["SSC", meeting.number])
    html = pinned(client, url, django_assert_num_queries, pins=SECRETARIAT_QUERIES)
    # Item 1 (the assessment) and every RED item but the one the member is recused from.
    assert html.count("<strong>Conflict</strong>") == size // 4
    assert html.count("<strong>Recused</strong>") == 1


@pytest.mark.parametrize("size", SIZES)
def test_the_list_of_meetings_to_manage_makes_as_many_queries_for_many_meetings_as_for_few(
    client, secretariat, size, django_assert_num_queries
):
    client.force_login(secretariat)
    meetings = _meetings(size)
    AgendaItem.objects.bulk_create(
        AgendaItemFactory.build(meeting=meeting, number=1) for meeting in meetings
    )
    html = pinned(client, reverse("meetings:manage_meetings"), django_assert_num_queries)
    assert html.count("/agenda/") >= size


@pytest.mark.parametrize("size", SIZES)
def test_the_new_meeting_form_makes_as_many_queries_for_many_meetings_as_for_few(
    client, secretariat, size, django_assert_num_queries
):
    client.force_login(secretariat)
    _meetings(size)
    pinned(client, reverse("meetings:meeting_create"), django_assert_num_queries)


@pytest.mark.parametrize("size", FORM_SIZES)
def test_the_agenda_builder_makes_as_many_queries_for_many_items_as_for_few(
    client, secretariat, member, size, django_assert_num_queries
):
    client.force_login(secretariat)
    meeting = _held_meeting(member, size)
    url = reverse("meetings:agenda_builder", args=["SSC", meeting.number])
    html = pinned(client, url, django_assert_num_queries)
    assert html.count("recused from this item") == 2
    assert html.count("<strong>Conflict</strong>") == size // 4
    assert html.count("<strong>Recused</strong>") == 1


@pytest.mark.parametrize("size", FORM_SIZES)
def test_the_minutes_editor_makes_as_many_queries_for_many_items_as_for_few(
    client, secretariat, member, size, django_assert_num_queries
):
    client.force_login(secretariat)
    meeting = _held_meeting(member, size, minutes_status="draft")
    url = reverse("meetings:minutes_edit", args=["SSC", meeting.number])
    html = pinned(client, url, django_assert_num_queries)
    assert html.count("Follow up item") == size
    assert html.count('<li id="question-') == 2 * size
    assert html.count("Works for ") == size


@pytest.mark.parametrize("size", FORM_SIZES)
def test_the_declarations_page_makes_as_many_queries_for_many_declarations_as_for_few(
    client, secretariat, member, size, django_assert_num_queries
):
    client.force_login(secretariat)
    meeting = _held_meeting(member, size, minutes_status="draft")
    url = reverse("interests:declarations", args=["SSC", meeting.number])
    html = pinned(client, url, django_assert_num_queries)
    assert html.count("Works for ") == size


@pytest.mark.parametrize("size", SIZES)
def test_the_chairs_approval_page_makes_as_many_queries_for_many_items_as_for_few(
    client, chair, member, size, django_assert_num_queries
):
    client.force_login(chair)
    meeting = _held_meeting(member, size, minutes_status="circulated")
    AttendanceFactory(meeting=meeting, user=chair, role="chair")
    url = reverse("meetings:minutes_approve", args=["SSC", meeting.number])
    html = pinned(client, url, django_assert_num_queries)
    assert html.count("Follow up item") == size
    assert html.count("Works for ") == size


@pytest.mark.parametrize("size", SIZES)
def test_a_papers_readers_page_makes_as_many_queries_for_many_readers_as_for_few(
    client, secretariat, size, django_assert_num_queries
):
    client.force_login(secretariat)
    paper = PaperFactory(item=AgendaItemFactory(level=Level.AMBER), with_file=False)
    PaperVersion.objects.bulk_create(
        PaperVersion(paper=paper, number=n + 1, file=f"papers/{paper.pk}/v{n + 1}.pdf", size=1)
        for n in range(size)
    )
    readers = [UserFactory(clearance=Level.AMBER) for _ in range(size)]
    AuditEvent.objects.bulk_create(
        AuditEvent(
            at=timezone.now(),
            kind=AuditEvent.Kind.PAPER_OPENED,
            user=reader,
            username=reader.username,
            object_type="meetings.Paper",
            object_id=str(paper.pk),
            version=1,
            hash=f"{n:064d}",
        )
        for n, reader in enumerate(readers)
    )
    url = reverse("meetings:paper_readers", args=[paper.pk])
    html = pinned(client, url, django_assert_num_queries)
    assert f"{size} of {size} readers" in html


# Headlines


@pytest.mark.parametrize("size", SIZES)
def test_the_headlines_index_makes_as_many_queries_for_many_meetings_as_for_few(
    client, size, django_assert_num_queries
):
    _published_headlines(size)
    url = reverse("headlines:headlines_index") + "?committee=QC"
    html = pinned(client, url, django_assert_num_queries)
    # Each meeting's Headlines page, and its latest PDF.
    assert html.count('href="/headlines/QC/') == 2 * size


@pytest.mark.parametrize("size", SIZES)
def test_a_meetings_headlines_page_makes_as_many_queries_for_many_items_and_versions_as_for_few(
    client, member, secretariat, size, django_assert_num_queries
):
    meeting = _held_meeting(member, size)
    published = headlines_services.headlines_compose(meeting=meeting)
    HeadlinesVersion.objects.bulk_create(
        HeadlinesVersion(
            meeting=meeting,
            number=n + 1,
            document=published.as_dict(),
            document_sha256=f"{n:064d}",
            text="Headlines",
            pdf=f"headlines/SSC/{meeting.number}-{n + 1}.pdf",
            sha256=f"{n:064d}",
            size=1000,
        )
        for n in range(size)
    )
    url = reverse("headlines:headlines_detail", args=["SSC", meeting.number])
    html = pinned(client, url, django_assert_num_queries)
    assert f"v{size}.pdf" in html


@pytest.mark.parametrize("size", SIZES)
def test_the_headlines_search_makes_as_many_queries_for_many_results_as_for_few(
    client, size, django_assert_num_queries
):
    _published_headlines(size)
    url = reverse("headlines:headlines_search") + "?q=Query-count"
    html = pinned(client, url, django_assert_num_queries)
    assert html.count('href="/headlines/QC/') == min(size, 50)


@pytest.mark.parametrize("size", SIZES)
def test_the_headlines_feed_makes_as_many_queries_for_many_publications_as_for_few(
    client, size, django_assert_num_queries
):
    _published_headlines(size)
    feed = pinned(client, reverse("headlines:headlines_feed"), django_assert_num_queries)
    assert feed.count("<entry>") == min(size, 30)


@pytest.mark.parametrize("size", FORM_SIZES)
def test_the_headlines_compose_page_makes_as_many_queries_for_many_items_as_for_few(
    client, secretariat, member, size, django_assert_num_queries
):
    client.force_login(secretariat)
    meeting = _held_meeting(member, size)
    url = reverse("headlines:headlines_compose", args=["SSC", meeting.number])
    html = pinned(client, url, django_assert_num_queries)
    assert html.count("The SSC discussed item") >= size


@pytest.mark.parametrize("size", SIZES)
def test_the_headlines_review_page_makes_as_many_queries_for_many_items_as_for_few(
    client, secretariat, chair, member, size, django_assert_num_queries
):
    meeting = _held_meeting(member, size)
    AttendanceFactory(meeting=meeting, user=chair, role="chair")
    request = headlines_services.headlines_submit(meeting=meeting, by=secretariat)
    client.force_login(chair)
    url = reverse("headlines:headlines_review", args=[request.pk])
    html = pinned(client, url, django_assert_num_queries)
    assert html.count("The SSC discussed item") >= size // 2


# A member's own pages


@pytest.mark.parametrize("size", SIZES)
def test_the_dashboard_makes_as_many_queries_for_many_records_as_for_few(
    client, member, size, django_assert_num_queries
):
    client.force_login(member)
    _held_meeting(member, size)
    _meetings(size, attendee=member)
    html = pinned(client, reverse("members:dashboard"), django_assert_num_queries)
    # Every open action of the member's, but those of the two items it is recused from.
    assert html.count("/actions/SSC1/") == size - 2


@pytest.mark.parametrize("size", SIZES)
def test_a_members_work_makes_as_many_queries_for_many_papers_and_actions_as_for_few(
    client, member, size, django_assert_num_queries
):
    client.force_login(member)
    meeting = _meetings(1, attendee=member, days_from_today=10)[0]
    items = AgendaItem.objects.bulk_create(
        AgendaItemFactory.build(meeting=meeting, number=n + 1, level=Level.AMBER)
        for n in range(size)
    )
    Paper.objects.bulk_create(
        PaperFactory.build(item=item, level=item.level, with_file=False) for item in items
    )
    held = _held_meeting(member, size, number=2)
    Action.objects.filter(item__meeting=held).update(due=timezone.localdate())
    html = pinned(client, reverse("members:dashboard"), django_assert_num_queries)
    assert html.count("Read “Paper") == min(size, 50)
    assert html.count('<li><a href="/actions/SSC2/') == size - 2


@pytest.mark.parametrize("size", SIZES)
def test_the_secretariats_work_makes_as_many_queries_for_many_meetings_as_for_few(
    client, secretariat, chair, size, django_assert_num_queries
):
    client.force_login(secretariat)
    to_publish = _meetings(size, days_from_today=30)
    Meeting.objects.filter(pk__in=[m.pk for m in to_publish]).update(status="draft")
    held = Meeting.objects.bulk_create(
        MeetingFactory.build(
            committee=CommitteeFactory(),
            number=5000 + n,
            date=datetime.date(2020, 1, 1),
            status="held",
        )
        for n in range(size)
    )
    AgendaItem.objects.bulk_create(
        AgendaItemFactory.build(meeting=meeting, number=1, section="agenda") for meeting in held
    )
    html = pinned(client, reverse("members:dashboard"), django_assert_num_queries)
    assert html.count("Publish the agenda and papers of") == size
    assert html.count("Circulate the minutes of") == size
    assert html.count("Submit the Headlines of") == size


@pytest.mark.parametrize("size", SIZES)
def test_the_chairs_work_makes_as_many_queries_for_many_meetings_as_for_few(
    client, secretariat, chair, size, django_assert_num_queries
):
    client.force_login(chair)
    held = Meeting.objects.bulk_create(
        MeetingFactory.build(
            committee=CommitteeFactory(),
            number=5000 + n,
            date=datetime.date(2020, 1, 1),
            status="held",
            minutes_status="circulated",
        )
        for n in range(size)
    )
    Attendance.objects.bulk_create(Attendance(meeting=m, user=chair, role="chair") for m in held)
    for meeting in held[:10]:
        headlines_services.headlines_submit(meeting=meeting, by=secretariat)
    html = pinned(client, reverse("members:dashboard"), django_assert_num_queries)
    assert html.count("Approve the minutes of") == size
    assert html.count("Approve the Headlines of") == 10


@pytest.mark.parametrize("size", SIZES)
def test_the_action_log_makes_as_many_queries_for_many_actions_as_for_few(
    client, member, size, django_assert_num_queries
):
    client.force_login(member)
    _held_meeting(member, size)
    html = pinned(client, reverse("members:action_log"), django_assert_num_queries)
    assert html.count("/actions/SSC1/") == min(size - 2, 50)


@pytest.mark.parametrize("size", SIZES)
def test_an_actions_page_makes_as_many_queries_for_a_long_history_as_for_a_short_one(
    client, member, secretariat, size, django_assert_num_queries
):
    client.force_login(member)
    _held_meeting(member, 1)
    action = Action.objects.get()
    ActionUpdate.objects.bulk_create(
        ActionUpdate(action=action, text=f"Update {n}.", by=[member, secretariat][n % 2])
        for n in range(size)
    )
    url = reverse("members:action_detail", args=[action.reference])
    html = pinned(client, url, django_assert_num_queries)
    assert html.count("Update ") >= size


@pytest.mark.parametrize("size", SIZES)
def test_the_calendar_settings_make_as_many_queries_for_many_meetings_as_for_few(
    client, member, size, django_assert_num_queries
):
    client.force_login(member)
    _meetings(size, attendee=member)
    calendar_token_reset(user=member)
    pinned(client, reverse("members:calendar_settings"), django_assert_num_queries)


@pytest.mark.parametrize("size", SIZES)
def test_a_personal_calendar_feed_makes_as_many_queries_for_many_meetings_as_for_few(
    client, member, size, django_assert_num_queries
):
    _meetings(size, attendee=member)
    url = reverse("members:calendar_feed", args=[calendar_token_reset(user=member)])
    feed = pinned(client, url, django_assert_num_queries)
    assert feed.count("BEGIN:VEVENT") == size


@pytest.mark.parametrize("size", SIZES)
def test_the_public_calendar_makes_as_many_queries_for_many_meetings_as_for_few(
    client, size, django_assert_num_queries
):
    _meetings(size)
    feed = pinned(client, reverse("members:calendar_public"), django_assert_num_queries)
    assert feed.count("BEGIN:VEVENT") == size


# The assessment register


def _register(size: int):
    """`size` AMBER parties, each with an assessment and a decision at an approved meeting;
    the first party has `size` of each."""
    meeting = MeetingFactory(number=1, status="held", minutes_status="approved")
    items = AgendaItem.objects.bulk_create(
        AgendaItemFactory.build(meeting=meeting, number=n + 1, level=Level.AMBER)
        for n in range(size)
    )
    parties = [OrganisationFactory(level=Level.AMBER) for _ in range(size)]
    kind = decision_kind("ssa")
    owners = [parties[0]] * size + parties[1:]
    Decision.objects.bulk_create(
        Decision(item=items[n % size], kind=kind, party=party, outcome="Noted", level=Level.AMBER)
        for n, party in enumerate(owners)
    )
    Assessment.objects.bulk_create(
        Assessment(party=party, kind=Assessment.Kind.SSA, level=Level.AMBER) for party in owners
    )
    return parties[0], Assessment.objects.filter(party=parties[0]).first()


@pytest.mark.parametrize("size", SIZES)
def test_the_register_makes_as_many_queries_for_many_parties_as_for_few(
    client, member, size, django_assert_num_queries
):
    client.force_login(member)
    _register(size)
    url = reverse("assessments:assessment_register")
    html = pinned(client, url, django_assert_num_queries)
    assert html.count("/register/") >= size


@pytest.mark.parametrize("size", SIZES)
def test_a_partys_page_makes_as_many_queries_for_many_assessments_and_decisions_as_for_few(
    client, member, size, django_assert_num_queries
):
    client.force_login(member)
    party, _ = _register(size)
    url = reverse("assessments:party_detail", args=[party.pk])
    html = pinned(client, url, django_assert_num_queries)
    assert html.count("SSC 1_") >= size


@pytest.mark.parametrize("size", SIZES)
def test_a_partys_form_makes_as_many_queries_for_many_parties_as_for_few(
    client, secretariat, size, django_assert_num_queries
):
    client.force_login(secretariat)
    party, _ = _register(size)
    pinned(client, reverse("assessments:party_edit", args=[party.pk]), django_assert_num_queries)


@pytest.mark.parametrize("size", SIZES)
def test_an_assessments_form_makes_as_many_queries_for_many_assessments_as_for_few(
    client, secretariat, size, django_assert_num_queries
):
    client.force_login(secretariat)
    party, assessment = _register(size)
    url = reverse("assessments:assessment_edit", args=[party.pk, assessment.pk])
    pinned(client, url, django_assert_num_queries)


# Packs, notifications and the audit log


@pytest.mark.parametrize("size", SIZES)
def test_the_pack_page_makes_as_many_queries_for_many_papers_as_for_few(
    client, member, size, django_assert_num_queries
):
    client.force_login(member)
    meeting = _held_meeting(member, size)
    url = reverse("packs:pack_page", args=["SSC", meeting.number])
    html = pinned(client, url, django_assert_num_queries)
    assert html.count("<li") >= size // 2


@pytest.mark.parametrize("size", SIZES)
def test_the_notification_choices_make_as_many_queries_for_many_choices_as_for_few(
    client, member, size, django_assert_num_queries
):
    client.force_login(member)
    # A choice stored for one kind, or for every kind; and `size` notifications sent.
    chosen = Kind.values[:1] if size == min(SIZES) else Kind.values
    NotificationPreference.objects.bulk_create(
        NotificationPreference(user=member, kind=kind, delivery=Delivery.DIGEST) for kind in chosen
    )
    Notification.objects.bulk_create(
        Notification(
            recipient=member,
            kind=Kind.values[n % len(Kind.values)],
            event_key=f"event-{n}",
            subject=f"Event {n}",
            link="https://portal.example.org/",
            delivery=Delivery.IMMEDIATELY,
        )
        for n in range(size)
    )
    html = pinned(client, reverse("notifications:preferences"), django_assert_num_queries)
    assert len(re.findall(r'value="digest"[^>]* checked', html)) == len(chosen)


@pytest.mark.parametrize("size", SIZES)
def test_the_audit_export_makes_as_many_queries_for_many_events_as_for_few(
    client, secretariat, size, django_assert_num_queries
):
    client.force_login(secretariat)
    AuditEvent.objects.bulk_create(
        AuditEvent(
            at=timezone.now(), kind=AuditEvent.Kind.SIGNED_IN, username="member", hash=f"{n:064d}"
        )
        for n in range(size)
    )
    csv = pinned(client, reverse("audit:audit_export"), django_assert_num_queries)
    assert csv.count(",auth.signed_in,member,") == size


# The review queue and a record's review page


def _due_for_review(size: int) -> list[AgendaItem]:
    """`size` AMBER items of one meeting, each due for review next week."""
    meeting = MeetingFactory(number=1)
    due = timezone.localdate() + datetime.timedelta(days=7)
    return AgendaItem.objects.bulk_create(
        AgendaItemFactory.build(meeting=meeting, number=n + 1, level=Level.AMBER, review_on=due)
        for n in range(size)
    )


@pytest.mark.parametrize("size", SIZES)
def test_the_review_queue_makes_as_many_queries_for_many_records_as_for_few(
    client, secretariat, size, django_assert_num_queries
):
    client.force_login(secretariat)
    items = _due_for_review(size)
    declarant = UserFactory(username="declarant")
    Declaration.objects.bulk_create(
        DeclarationFactory.build(item=item, declarant=declarant, review_on=item.review_on)
        for item in items
    )
    html = pinned(client, reverse("reviews:review_queue"), django_assert_num_queries)
    assert html.count("/reviews/item/") >= size
    assert html.count("/reviews/declaration/") >= size


@pytest.mark.parametrize("size", SIZES)
def test_a_records_review_page_makes_as_many_queries_for_many_level_changes_as_for_few(
    client, secretariat, size, django_assert_num_queries
):
    client.force_login(secretariat)
    item = _due_for_review(1)[0]
    LevelChange.objects.bulk_create(
        LevelChange(
            record=item,
            record_repr=f"Change {n}",
            committee=item.meeting.committee,
            from_level=Level.RED,
            to_level=Level.AMBER,
            reason=f"Reason {n}",
        )
        for n in range(size)
    )
    url = reverse("reviews:record_review", args=["item", item.pk])
    html = pinned(client, url, django_assert_num_queries)
    assert html.count("Reason ") >= size


# Questions before the meeting


@pytest.mark.parametrize("size", SIZES)
def test_a_meetings_questions_page_makes_as_many_queries_for_many_questions_as_for_few(
    client, member, size, django_assert_num_queries
):
    client.force_login(member)
    meeting = _held_meeting(member, size)
    url = reverse("questions:meeting_questions", args=["SSC", meeting.number])
    html = pinned(client, url, django_assert_num_queries)
    assert html.count('<li id="question-') == 2 * (size - 2)


@pytest.mark.parametrize("size", SIZES)
def test_a_meetings_questions_page_makes_as_many_queries_for_many_items_as_for_few_while_asking(
    client, member, size, django_assert_num_queries
):
    client.force_login(member)
    meeting = _held_meeting(member, size)
    Meeting.objects.filter(pk=meeting.pk).update(status="agenda_published")
    url = reverse("questions:meeting_questions", args=["SSC", meeting.number])
    html = pinned(client, url, django_assert_num_queries, more=ASKING_FORM)
    assert html.count('<option value="item-') == size - 2


@pytest.mark.parametrize("size", SIZES)
def test_a_questions_answer_page_makes_as_many_queries_for_many_answers_as_for_few(
    client, member, secretariat, size, django_assert_num_queries
):
    client.force_login(secretariat)
    _held_meeting(member, 1)
    question = Question.objects.first()
    Answer.objects.bulk_create(
        Answer(question=question, text=f"Further answer {n}.", by=[member, secretariat][n % 2])
        for n in range(size)
    )
    url = reverse("questions:question_answer", args=[question.pk])
    html = pinned(client, url, django_assert_num_queries)
    assert html.count("Further answer") == size


@pytest.mark.parametrize("size", SIZES)
def test_the_questions_awaiting_an_answer_make_as_many_queries_for_many_as_for_few(
    client, member, size, django_assert_num_queries
):
    client.force_login(member)
    _held_meeting(member, size)
    Answer.objects.all().delete()
    Question.objects.update(taken_at=None)
    url = reverse("questions:awaiting_answers")
    html = pinned(client, url, django_assert_num_queries)
    # The member is the presenter contact of every other item, recused from items 3 and 4.
    contact_of = [n for n in range(1, size + 1, 2) if n not in (3, 4)]
    assert html.count("/answer/") == 2 * len(contact_of)


def _asking(member, size: int) -> Meeting:
    """`_held_meeting` before it is held: its questions asked by `member`, those of even items
    unanswered (a third taken at the meeting, as ever)."""
    meeting = _held_meeting(member, size)
    Meeting.objects.filter(pk=meeting.pk).update(status="agenda_published")
    Answer.objects.filter(question__item__number__in=range(2, size + 1, 2)).delete()
    return meeting


@pytest.mark.parametrize("size", SIZES)
def test_the_questions_to_answer_in_my_work_make_as_many_queries_for_many_as_for_few(
    client, member, secretariat, size, django_assert_num_queries
):
    client.force_login(secretariat)
    _asking(member, size)
    html = pinned(client, reverse("members:dashboard"), django_assert_num_queries)
    unanswered = [n for n in range(2, size + 1, 2) if n % 3]
    assert html.count("Answer a question on item") == min(2 * len(unanswered), 50)


@pytest.mark.parametrize("size", SIZES)
def test_the_askers_questions_in_my_work_make_as_many_queries_for_many_as_for_few(
    client, member, size, django_assert_num_queries
):
    client.force_login(member)
    _asking(member, size)
    html = pinned(client, reverse("members:dashboard"), django_assert_num_queries)
    # Those not taken at the meeting, but of the items 3 and 4 the member is recused from.
    open_ = [n for n in range(1, size + 1) if n % 3 and n not in (3, 4)]
    assert html.count("Your question on item") == 2 * len(open_)


@pytest.mark.parametrize("size", FORM_SIZES)
def test_the_presenter_contacts_make_as_many_queries_for_many_items_as_for_few(
    client, secretariat, member, size, django_assert_num_queries
):
    client.force_login(secretariat)
    meeting = _held_meeting(member, size)
    url = reverse("questions:presenter_contacts", args=["SSC", meeting.number])
    html = pinned(client, url, django_assert_num_queries)
    assert html.count("<td>Test member</td>") == len(range(0, size, 2))


# The reader


@pytest.mark.parametrize("size", [10, 500])
def test_a_papers_notes_load_in_as_many_queries_for_many_notes_as_for_few(
    client, member, size, django_assert_num_queries
):
    client.force_login(member)
    paper = PaperFactory(item=AgendaItemFactory(level=Level.AMBER))
    version = paper.versions.get()
    PaperNote.objects.bulk_create(
        PaperNote(paper=paper, version=version, author=member, page=1, text=f"Note {n}")
        for n in range(size)
    )
    url = reverse("reader:paper_notes", args=[paper.pk])
    notes = pinned(client, url, django_assert_num_queries)
    assert notes.count('"text": "Note ') == size


@pytest.mark.parametrize("size", SIZES)
def test_my_notes_make_as_many_queries_for_many_notes_as_for_few(
    client, member, size, django_assert_num_queries
):
    client.force_login(member)
    meeting = _held_meeting(member, size)
    PaperNote.objects.bulk_create(
        PaperNote(
            paper=version.paper, version=version, author=member, page=1, text="A note of mine."
        )
        for version in PaperVersion.objects.filter(paper__item__meeting=meeting)
    )
    html = pinned(client, reverse("reader:my_notes"), django_assert_num_queries)
    # Every note but those on the papers of the two items the member is recused from.
    assert html.count("A note of mine.") == size - 2
