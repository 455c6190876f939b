"""The chair sees every open question at its item, on the meeting page; the chair and the
secretariat mark them "taken at the meeting" (the secretariat also on the minute-taking page)."""

import pytest
from django.test import override_settings
from django.urls import reverse

from questions.models import Question
from tests.factories import AgendaItemFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def question(item, attendee, ask):
    return ask(item, attendee, text="Open question?")


def _url(question) -> str:
    return reverse("questions:question_taken", args=[question.pk])


def _meeting_page(meeting) -> str:
    return f"/meetings/SSC/{meeting.number}/"


def test_the_chair_sees_the_open_questions_by_item_on_the_meeting_page(
    client, meeting, item, question, chair, attendee, ask
):
    second = AgendaItemFactory(meeting=meeting, number=2, title="Second item")
    ask(second, attendee, text="On the second item?")
    client.force_login(chair)
    page = client.get(_meeting_page(meeting)).content.decode()
    section = page[page.index('id="questions"') :]
    assert "2 open questions" in section
    assert section.index("Item 1.") < section.index("Open question?") < section.index("Item 2.")
    assert section.index("Item 2.") < section.index("On the second item?")
    assert section.count("Taken at the meeting</button>") == 2


def test_the_chair_marks_a_question_taken_at_the_meeting_from_the_meeting_page(
    client, meeting, question, chair
):
    client.force_login(chair)
    response = client.post(_url(question), {"taken": "1", "next": _meeting_page(meeting)})
    assert response.status_code == 302
    assert response["Location"] == _meeting_page(meeting)
    question.refresh_from_db()
    assert question.taken_by == chair
    assert question.taken_at is not None
    page = client.get(_meeting_page(meeting)).content.decode()
    assert "0 open questions" in page
    assert "Open again</button>" in page


def test_a_question_taken_by_mistake_is_opened_again(client, question, chair):
    client.force_login(chair)
    client.post(_url(question), {"taken": "1"})
    client.post(_url(question), {"taken": "0"})
    question.refresh_from_db()
    assert (question.taken_at, question.taken_by) == (None, None)


def test_marking_with_htmx_answers_the_question_alone(client, question, chair):
    client.force_login(chair)
    response = client.post(_url(question), {"taken": "1"}, headers=HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith(f'<li id="question-{question.pk}" class="question taken"')


def test_the_secretariat_marks_questions_on_the_minute_taking_page(
    client, meeting, question, secretariat
):
    client.force_login(secretariat)
    minutes = reverse("meetings:minutes_edit", args=["SSC", meeting.number])
    page = client.get(minutes).content.decode()
    assert "Open question?" in page
    assert "Taken at the meeting</button>" in page
    response = client.post(_url(question), {"taken": "1", "next": minutes})
    assert response["Location"] == minutes
    assert Question.objects.get().taken_by == secretariat


def test_a_member_may_not_mark_a_question_taken(client, meeting, question, attendee):
    client.force_login(attendee)
    assert (
        "Taken at the meeting</button>" not in client.get(_meeting_page(meeting)).content.decode()
    )
    assert client.post(_url(question), {"taken": "1"}).status_code == 404
    assert Question.objects.get().taken_at is None


@override_settings(OTP_REQUIRED=True)
def test_the_chair_of_a_password_only_session_may_not_mark_a_question_taken(
    client, question, chair
):
    client.force_login(chair)
    assert client.post(_url(question), {"taken": "1"}).status_code == 404
    assert Question.objects.get().taken_at is None


def test_the_chair_is_not_sent_elsewhere_by_the_next_field(client, meeting, question, chair):
    client.force_login(chair)
    response = client.post(_url(question), {"taken": "1", "next": "https://evil.example/"})
    assert response["Location"].startswith("/meetings/SSC/89/questions/#question-")
