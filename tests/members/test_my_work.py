"""My work: each person's dashboard lists what is theirs to do next, only on records they may
see, each entry linking to where it is done; the navigation counts what is to do."""

import datetime
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from classification.levels import Level, MeetingStatus, MinutesStatus
from committees.models import Committee
from headlines import services as headlines_services
from headlines.models import HeadlinesRequest
from meetings import services as meeting_services
from meetings.schedule import papers_deadline
from members.work import SHOWN, meeting_work_count
from questions import services as question_services
from tests.factories import (
    ActionFactory,
    AgendaItemFactory,
    AttendanceFactory,
    CommitteeFactory,
    MeetingFactory,
    PaperFactory,
    RecusalFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ENTRY = re.compile(r'<li(?: class="late")?><a href="([^"]+)">([^<]+)</a>')


def _day(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def _dashboard(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("members:dashboard"))
    assert response.status_code == 200
    return response.content.decode()


def _entries(page: str, list_id: str) -> list[tuple[str, str]]:
    """The (link, words) of each entry of the dashboard's list `list_id`."""
    start = page.find(f'id="{list_id}"')
    if start == -1:
        return []
    found = ENTRY.findall(page[start : page.index("</ul>", start)])
    return [(html.unescape(link), html.unescape(words)) for link, words in found]


def _todo(client, user) -> list[tuple[str, str]]:
    return _entries(_dashboard(client, user), "work-todo")


def _waiting(client, user) -> list[tuple[str, str]]:
    return _entries(_dashboard(client, user), "work-waiting")


def _words(entries) -> list[str]:
    return [words for _, words in entries]


def _nav_count(client, user) -> int:
    """The count beside "My work" in the navigation, on a page that is not the dashboard."""
    client.force_login(user)
    page = client.get(reverse("members:action_log")).content.decode()
    found = re.search(r'<span class="count">(\d+)</span>', page)
    return int(found.group(1)) if found else 0


def _named(meeting) -> str:
    return f"SSC {meeting.reference}"


# The secretariat


def test_a_coming_draft_meeting_asks_the_secretariat_to_publish_its_agenda_by_the_deadline(
    client, secretariat
):
    meeting = MeetingFactory(number=90, date=_day(30), status=MeetingStatus.DRAFT)
    page = _dashboard(client, secretariat)
    builder = reverse("meetings:agenda_builder", args=["SSC", 90])
    assert (builder, f"Publish the agenda and papers of {_named(meeting)}") in _entries(
        page, "work-todo"
    )
    assert f"papers due by {papers_deadline(meeting):%A %-d %B %Y}" in page


def test_a_paper_added_to_a_published_agenda_asks_for_it_to_be_published(client, secretariat):
    meeting = MeetingFactory(number=90, date=_day(30))
    PaperFactory(item=AgendaItemFactory(meeting=meeting), published_at=None)
    assert f"Publish the agenda and papers of {_named(meeting)}" in _words(
        _todo(client, secretariat)
    )


def test_an_agenda_with_everything_published_asks_nothing_more(client, secretariat):
    meeting = MeetingFactory(number=90, date=_day(30))
    PaperFactory(item=AgendaItemFactory(meeting=meeting))
    assert _todo(client, secretariat) == []


def test_an_agenda_item_without_a_paper_after_the_deadline_is_listed_as_late(client, secretariat):
    meeting = MeetingFactory(number=90, date=_day(1))
    AgendaItemFactory(meeting=meeting, section="agenda")
    AgendaItemFactory(meeting=meeting, section="matters_arising")  # seldom has a paper
    page = _dashboard(client, secretariat)
    assert f"1 item of {_named(meeting)} without a paper" in _words(_entries(page, "work-todo"))
    assert f"papers were due on {papers_deadline(meeting):%A %-d %B %Y}" in page
    assert '<li class="late">' in page


def test_a_meeting_begun_asks_to_be_recorded_as_held(client, secretariat):
    begun = MeetingFactory(number=90, date=_day(-1))
    MeetingFactory(number=91, date=_day(1))
    assert _words(_todo(client, secretariat)) == [f"Record {_named(begun)} as held"]


def test_the_minutes_of_a_held_meeting_ask_to_be_circulated(client, secretariat):
    meeting = MeetingFactory(number=90, date=_day(-7), status=MeetingStatus.HELD)
    minutes = reverse("meetings:minutes_edit", args=["SSC", 90])
    assert (minutes, f"Circulate the minutes of {_named(meeting)}") in _todo(client, secretariat)


def test_minutes_returned_by_the_chair_ask_to_be_changed_and_circulated_again(
    client, secretariat, chair
):
    meeting = MeetingFactory(number=90, date=_day(-7), status=MeetingStatus.HELD)
    AttendanceFactory(meeting=meeting, user=chair, role="chair")
    meeting_services.minutes_circulate(meeting=meeting, by=secretariat)
    meeting_services.minutes_return(meeting=meeting, by=chair, comment="Item 1 is wrong.")
    assert f"Change the minutes of {_named(meeting)} and circulate them again" in _words(
        _todo(client, secretariat)
    )


def test_circulated_minutes_await_the_chair_and_are_not_counted_as_the_secretariats(
    client, secretariat
):
    meeting = MeetingFactory(
        number=90,
        date=_day(-7),
        status=MeetingStatus.HELD,
        minutes_status=MinutesStatus.CIRCULATED,
    )
    assert f"The minutes of {_named(meeting)} await the chair's approval" in _words(
        _waiting(client, secretariat)
    )
    assert _nav_count(client, secretariat) == _headlines_to_submit(client, secretariat) == 1


def _headlines_to_submit(client, user) -> int:
    return sum("Submit the Headlines" in words for words in _words(_todo(client, user)))


def test_the_secretariat_of_another_committee_is_given_none_of_this_committees_work(client):
    MeetingFactory(number=90, date=_day(30), status=MeetingStatus.DRAFT)
    other = Committee.objects.create(code="TABASC", name="Technical Architecture")
    tabasc = UserFactory(username="tabasc-sec", secretariat_of=other)
    assert _todo(client, tabasc) == []
    assert _nav_count(client, tabasc) == 0


# The Headlines, for the secretariat and the chair


@pytest.fixture
def held(chair):
    meeting = MeetingFactory(number=89, date=_day(-7), status=MeetingStatus.HELD)
    AttendanceFactory(meeting=meeting, user=chair, role="chair")
    AgendaItemFactory(meeting=meeting, headline="The SSC discussed a public matter.")
    return meeting


def test_a_held_meeting_asks_the_secretariat_to_submit_its_headlines(client, secretariat, held):
    compose = reverse("headlines:headlines_compose", args=["SSC", 89])
    assert (compose, f"Submit the Headlines of {_named(held)} to the chair") in _todo(
        client, secretariat
    )


def test_headlines_returned_by_the_chair_are_the_secretariats_to_resubmit(
    client, secretariat, chair, held
):
    request = headlines_services.headlines_submit(meeting=held, by=secretariat)
    headlines_services.headlines_return(request=request, by=chair, comment="Too long.")
    assert f"The chair returned the Headlines of {_named(held)}" in _words(
        _todo(client, secretariat)
    )


def test_headlines_whose_render_failed_are_the_secretariats_to_retry(client, secretariat, held):
    request = headlines_services.headlines_submit(meeting=held, by=secretariat)
    HeadlinesRequest.objects.filter(pk=request.pk).update(status=HeadlinesRequest.Status.FAILED)
    assert f"The Headlines PDF of {_named(held)} was not published" in _words(
        _todo(client, secretariat)
    )


def test_submitted_headlines_await_the_chair_and_withdrawn_ones_ask_to_be_submitted_again(
    client, secretariat, held
):
    request = headlines_services.headlines_submit(meeting=held, by=secretariat)
    assert _words(_waiting(client, secretariat)) == [
        f"The Headlines of {_named(held)} await the chair's approval"
    ]
    assert _headlines_to_submit(client, secretariat) == 0
    headlines_services.headlines_withdraw(request=request, by=secretariat)
    assert _headlines_to_submit(client, secretariat) == 1


def test_the_chair_is_asked_to_approve_submitted_headlines(client, secretariat, chair, held):
    request = headlines_services.headlines_submit(meeting=held, by=secretariat)
    review = reverse("headlines:headlines_review", args=[request.pk])
    assert _todo(client, chair) == [(review, f"Approve the Headlines of {_named(held)}")]
    assert _nav_count(client, chair) == 1


def test_the_chair_is_asked_to_approve_circulated_minutes(client, secretariat, chair, held):
    meeting_services.minutes_circulate(meeting=held, by=secretariat)
    approval = reverse("meetings:minutes_approve", args=["SSC", 89])
    assert (approval, f"Approve the minutes of {_named(held)}") in _todo(client, chair)


def test_a_member_who_does_not_chair_is_not_asked_to_approve(client, secretariat, member, held):
    AttendanceFactory(meeting=held, user=member)
    meeting_services.minutes_circulate(meeting=held, by=secretariat)
    headlines_services.headlines_submit(meeting=held, by=secretariat)
    assert not [words for words in _words(_todo(client, member)) if "Approve" in words]


def test_a_chair_signed_in_by_password_alone_is_given_nothing_to_approve(
    client, second_factor_required, secretariat, chair, held
):
    meeting_services.minutes_circulate(meeting=held, by=secretariat)
    headlines_services.headlines_submit(meeting=held, by=secretariat)
    assert _todo(client, chair) == []
    assert _nav_count(client, chair) == 0


# A member


@pytest.fixture
def coming(member):
    meeting = MeetingFactory(number=90, date=_day(10))
    AttendanceFactory(meeting=meeting, user=member)
    return meeting


def test_an_unread_paper_of_a_coming_meeting_stays_listed_until_it_is_opened(
    client, member, coming
):
    paper = PaperFactory(item=AgendaItemFactory(meeting=coming, level=Level.AMBER), title="Plan")
    assert "Read “Plan”" in _words(_todo(client, member))
    assert "Read “Plan”" in _words(_todo(client, member))  # seen, still unread
    client.get(reverse("meetings:paper_download", args=[paper.pk]) + "?inline=1")
    assert "Read “Plan”" not in _words(_todo(client, member))


def test_a_paper_the_member_may_not_see_is_not_listed(client, member):
    meeting = MeetingFactory(number=90, date=_day(10))  # not attended: no RED
    PaperFactory(item=AgendaItemFactory(meeting=meeting, level=Level.RED), title="Secret")
    assert _todo(client, member) == []


def test_a_registered_account_is_not_given_the_communitys_papers_to_read(client, registered):
    meeting = MeetingFactory(number=90, date=_day(10))
    PaperFactory(item=AgendaItemFactory(meeting=meeting, level=Level.GREEN), title="Public")
    assert _todo(client, registered) == []


def test_a_paper_of_a_past_meeting_is_no_longer_listed(client, member):
    meeting = MeetingFactory(number=88, date=_day(-1), status=MeetingStatus.HELD)
    AttendanceFactory(meeting=meeting, user=member)
    PaperFactory(item=AgendaItemFactory(meeting=meeting), title="Old")
    assert "Read “Old”" not in _words(_todo(client, member))


def test_an_own_action_due_within_three_days_is_listed_and_an_overdue_one_is_late(client, member):
    meeting = MeetingFactory(number=88, date=_day(-20), minutes_status=MinutesStatus.APPROVED)
    item = AgendaItemFactory(meeting=meeting, level=Level.AMBER)
    ActionFactory(item=item, reference="SSC88/01", owner_user=member, due=_day(3))
    ActionFactory(item=item, reference="SSC88/02", owner_user=member, due=_day(-1))
    ActionFactory(item=item, reference="SSC88/03", owner_user=member, due=_day(4))
    ActionFactory(item=item, reference="SSC88/04", owner_user=member, due=_day(-1), status="done")
    page = _dashboard(client, member)
    assert _words(_entries(page, "work-todo")) == ["Action SSC88/02", "Action SSC88/01"]
    assert '<li class="late"><a href="/actions/SSC88/02/">' in page


def test_the_next_meeting_is_shown_with_its_papers_deadline(client, member, coming):
    page = _dashboard(client, member)
    assert f'Your next meeting: <a href="/meetings/SSC/90/">{_named(coming)}</a>' in page
    assert f'papers due by <time datetime="{papers_deadline(coming):%Y-%m-%d}">' in page


def test_a_member_with_nothing_to_do_is_told_so(client, member):
    assert "Nothing is waiting for you." in _dashboard(client, member)
    assert _nav_count(client, member) == 0


# Questions before the meeting


@pytest.fixture
def asked(member, coming, django_capture_on_commit_callbacks):
    """An AMBER item of the coming meeting, with a question the member asked on it."""
    item = AgendaItemFactory(meeting=coming, number=1, level=Level.AMBER)
    with django_capture_on_commit_callbacks(execute=True):
        return question_services.question_ask(item=item, text="What does it cost?", by=member)


def _to_answer(question) -> tuple[str, str]:
    meeting = question.item.meeting
    return (
        reverse("questions:question_answer", args=[question.pk]),
        f"Answer a question on item {question.item.number} of {_named(meeting)}",
    )


def _answer(question, by):
    return question_services.answer_add(question=question, text="About a pound.", by=by)


def _contact(question, user, secretariat):
    question_services.presenter_contact_name(item=question.item, user=user, by=secretariat)
    return user


def test_a_question_awaiting_an_answer_is_the_presenter_contacts_to_answer(
    client, secretariat, asked
):
    presenter = _contact(
        asked, UserFactory(username="presenter", clearance=Level.AMBER), secretariat
    )
    assert _todo(client, presenter) == [_to_answer(asked)]
    assert _nav_count(client, presenter) == 1


def test_a_question_awaiting_an_answer_is_the_committees_secretariats_to_answer(
    client, secretariat, asked
):
    assert _to_answer(asked) in _todo(client, secretariat)


def test_the_secretariat_of_another_committee_is_not_asked_to_answer(client, asked):
    other = CommitteeFactory(code="TABASC", name="Technical Architecture")
    tabasc = UserFactory(username="tabasc-sec", secretariat_of=other)
    assert _todo(client, tabasc) == []
    assert _nav_count(client, tabasc) == 0


def test_a_member_of_another_committee_named_as_presenter_contact_is_not_asked_to_answer(
    client, secretariat, asked
):
    other = CommitteeFactory(code="TABASC", name="Technical Architecture")
    presenter = _contact(asked, UserFactory(username="tabasc", member_of=other), secretariat)
    assert _todo(client, presenter) == []
    assert _nav_count(client, presenter) == 0


def test_a_presenter_contact_recused_from_the_item_is_not_asked_to_answer(
    client, secretariat, asked
):
    presenter = _contact(
        asked, UserFactory(username="presenter", clearance=Level.AMBER), secretariat
    )
    RecusalFactory(item=asked.item, user=presenter)
    assert _todo(client, presenter) == []
    assert _nav_count(client, presenter) == 0


def test_an_asker_recused_from_the_item_since_is_no_longer_shown_their_question(
    client, member, asked
):
    RecusalFactory(item=asked.item, user=member)
    page = _dashboard(client, member)
    assert _entries(page, "work-todo") == _entries(page, "work-waiting") == []


def test_the_asker_follows_their_question_awaiting_an_answer_without_it_being_counted(
    client, member, asked
):
    link = reverse("questions:meeting_questions", args=["SSC", 90]) + f"#question-{asked.pk}"
    assert _waiting(client, member) == [
        (link, f"Your question on item 1 of {_named(asked.item.meeting)} awaits an answer")
    ]
    assert _todo(client, member) == []
    assert _nav_count(client, member) == 0


def test_an_answered_question_leaves_the_presenters_work(client, secretariat, asked):
    presenter = _contact(
        asked, UserFactory(username="presenter", clearance=Level.AMBER), secretariat
    )
    _answer(asked, presenter)
    assert _todo(client, presenter) == []
    assert _nav_count(client, presenter) == 0
    assert _to_answer(asked) not in _todo(client, secretariat)


def test_an_answered_question_is_listed_to_its_asker_as_answered_until_the_meeting_is_held(
    client, secretariat, member, asked
):
    _answer(asked, secretariat)
    answered = f"Your question on item 1 of {_named(asked.item.meeting)} was answered"
    assert _words(_waiting(client, member)) == [answered]
    type(asked.item.meeting).objects.filter(pk=asked.item.meeting_id).update(
        status=MeetingStatus.HELD
    )
    assert _waiting(client, member) == []


def test_an_answer_given_since_the_askers_last_visit_is_marked_new(
    client, secretariat, member, asked
):
    _dashboard(client, member)  # a visit before the answer
    _answer(asked, secretariat)
    assert "new since your last visit" in _dashboard(client, member)
    assert "new since your last visit" not in _dashboard(client, member)


def test_a_question_taken_at_the_meeting_is_no_longer_to_answer(client, secretariat, member, asked):
    question_services.question_taken_mark(question=asked, taken=True, by=secretariat)
    assert _to_answer(asked) not in _todo(client, secretariat)
    assert _waiting(client, member) == []


def test_the_secretariats_own_question_is_left_to_the_rest_of_the_presenters_side(
    client, secretariat, coming
):
    item = AgendaItemFactory(meeting=coming, number=1, level=Level.AMBER)
    question = question_services.question_ask(item=item, text="Why?", by=secretariat)
    assert _to_answer(question) not in _todo(client, secretariat)
    assert f"Your question on item 1 of {_named(coming)} awaits an answer" in _words(
        _waiting(client, secretariat)
    )


# Every person


@pytest.fixture
def busy(secretariat, chair, member, held, coming, asked):
    """Work for everyone: a draft, a meeting begun, minutes and Headlines to approve, papers,
    a question to answer."""
    MeetingFactory(number=91, date=_day(20), status=MeetingStatus.DRAFT)
    MeetingFactory(number=92, date=_day(-1))
    meeting_services.minutes_circulate(meeting=held, by=secretariat)
    headlines_services.headlines_submit(meeting=held, by=secretariat)
    PaperFactory(item=AgendaItemFactory(meeting=coming, level=Level.AMBER), title="Plan")
    item = AgendaItemFactory(meeting=held, level=Level.AMBER)
    ActionFactory(item=item, reference="SSC89/01", owner_user=member, due=_day(1))
    return {"sec": secretariat, "chair": chair, "member": member}


@pytest.mark.parametrize("persona", ["sec", "chair", "member"])
def test_every_entry_links_to_a_page_its_reader_can_open(client, busy, persona):
    entries = _todo(client, busy[persona]) + _waiting(client, busy[persona])
    assert entries
    for link, words in entries:
        assert client.get(link).status_code == 200, words


@pytest.mark.parametrize("persona", ["sec", "chair", "member"])
def test_the_navigation_counts_exactly_the_entries_to_do(client, busy, persona):
    assert _nav_count(client, busy[persona]) == len(_todo(client, busy[persona]))


def test_a_visitor_is_shown_no_work(client):
    assert "My work" not in client.get(reverse("meetings:home")).content.decode()


# The count is compiled once per reader and process, and run afresh on each page


def test_the_navigation_count_follows_each_write_on_the_next_page(client, member, coming):
    assert _nav_count(client, member) == 0
    item = AgendaItemFactory(meeting=coming, level=Level.AMBER)
    paper = PaperFactory(item=item, title="Plan")
    assert _nav_count(client, member) == 1
    client.get(reverse("meetings:paper_download", args=[paper.pk]) + "?inline=1")
    assert _nav_count(client, member) == 0
    PaperFactory(item=item, title="Annex")
    assert _nav_count(client, member) == 1
    RecusalFactory(item=item, user=member)
    assert _nav_count(client, member) == 0


def test_unread_papers_beyond_those_listed_are_not_counted(client, member, coming):
    for number in range(SHOWN + 3):
        PaperFactory(item=AgendaItemFactory(meeting=coming, level=Level.AMBER), title=f"P{number}")
    assert meeting_work_count(member) == SHOWN
    assert _nav_count(client, member) == len(_todo(client, member)) == SHOWN


def test_the_count_is_of_the_moment_it_runs_not_of_when_it_was_compiled(member, secretariat):
    meeting = MeetingFactory(number=88, date=_day(-20), minutes_status=MinutesStatus.APPROVED)
    ActionFactory(
        item=AgendaItemFactory(meeting=meeting, level=Level.AMBER), owner_user=member, due=_day(5)
    )
    now = timezone.now()
    assert meeting_work_count(member, now=now) == 0
    assert meeting_work_count(member, now=now + datetime.timedelta(days=2)) == 1


def test_a_meeting_is_to_record_as_held_from_the_minute_it_begins(secretariat):
    today = timezone.localtime()
    MeetingFactory(
        number=93,
        date=today.date(),
        start_time=datetime.time(14, 0),
        status=MeetingStatus.AGENDA_PUBLISHED,
    )
    morning = today.replace(hour=13, minute=59)
    assert meeting_work_count(secretariat, now=morning) == 0
    assert meeting_work_count(secretariat, now=morning + datetime.timedelta(minutes=1)) == 1
