"""The presenter's side answers: the committee's secretariat, or the item's presenter contact;
anyone else is answered 404 (classification/access.py: a page one may not use does not exist)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from classification.levels import Level
from questions import services
from questions.models import ANSWER_MAX, Answer
from tests.factories import AgendaItemFactory, UserFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def contact(item, secretariat):
    """An AMBER member named as item 1's presenter contact."""
    user = UserFactory(username="contact", clearance=Level.AMBER)
    services.presenter_contact_name(item=item, user=user, by=secretariat)
    return user


@pytest.fixture
def question(item, attendee, ask):
    return ask(item, attendee)


def _url(question) -> str:
    return reverse("questions:question_answer", args=[question.pk])


def test_the_presenter_contact_answers_a_question(client, question, contact):
    client.force_login(contact)
    assert "Send the answer" in client.get(_url(question)).content.decode()
    response = client.post(_url(question), {"text": " It costs little. "})
    assert response.status_code == 302
    answer = Answer.objects.get()
    assert (answer.question, answer.text, answer.by) == (question, "It costs little.", contact)
    assert answer.at is not None


def test_the_secretariat_answers_a_question(client, question, secretariat):
    client.force_login(secretariat)
    client.post(_url(question), {"text": "Answered by the secretariat."})
    assert Answer.objects.get().by == secretariat


def test_answering_with_htmx_answers_the_question_alone_with_its_answer(client, question, contact):
    client.force_login(contact)
    response = client.post(_url(question), {"text": "Swapped."}, headers=HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith(f'<li id="question-{question.pk}"')
    assert "Swapped." in html


def test_answers_form_a_thread_in_the_order_they_were_given(client, question, contact, meeting):
    client.force_login(contact)
    client.post(_url(question), {"text": "First answer."})
    client.post(_url(question), {"text": "A correction."})
    page = client.get(f"/meetings/SSC/{meeting.number}/").content.decode()
    assert page.index("First answer.") < page.index("A correction.")
    assert Answer.objects.count() == 2


def test_the_answering_form_is_shown_to_the_presenter_side_only(
    client, question, contact, attendee, meeting
):
    client.force_login(contact)
    assert "Send the answer" in client.get(f"/meetings/SSC/{meeting.number}/").content.decode()
    client.force_login(attendee)
    assert "Send the answer" not in client.get(f"/meetings/SSC/{meeting.number}/").content.decode()


def test_another_member_who_sees_the_question_may_not_answer_it(client, question, member):
    client.force_login(member)
    assert client.get(_url(question)).status_code == 404
    assert client.post(_url(question), {"text": "Not mine to answer."}).status_code == 404
    assert not Answer.objects.exists()
    with pytest.raises(PermissionDenied):
        services.answer_add(question=question, text="Nor here.", by=member)


def test_a_presenter_contact_who_may_not_see_a_red_question_may_not_answer_it(
    client, item, attendee, contact, ask
):
    question = ask(item, attendee, level=Level.RED)  # the contact does not attend
    client.force_login(contact)
    assert client.post(_url(question), {"text": "Unseen."}).status_code == 404
    assert not Answer.objects.exists()


def test_the_contact_of_another_item_may_not_answer(client, meeting, question, secretariat):
    other = AgendaItemFactory(meeting=meeting, number=2, level=Level.AMBER)
    elsewhere = UserFactory(username="elsewhere", clearance=Level.AMBER)
    services.presenter_contact_name(item=other, user=elsewhere, by=secretariat)
    client.force_login(elsewhere)
    assert client.post(_url(question), {"text": "Wrong item."}).status_code == 404
    assert not Answer.objects.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("  ", "Write your answer: it is empty."),
        ("y" * (ANSWER_MAX + 1), f"Keep your answer within {ANSWER_MAX:,} characters"),
    ],
    ids=["empty", "over-long"],
)
def test_an_empty_or_over_long_answer_is_refused_and_nothing_stored(
    client, question, contact, text, message
):
    client.force_login(contact)
    response = client.post(_url(question), {"text": text})
    assert response.status_code == 400
    assert "Your answer was not sent" in response.content.decode()
    assert message in response.content.decode()
    assert not Answer.objects.exists()


def test_the_answer_form_states_its_limit(client, question, contact):
    client.force_login(contact)
    assert f"At most {ANSWER_MAX:,} characters" in client.get(_url(question)).content.decode()


def test_the_presenter_side_lists_what_awaits_an_answer(client, item, question, contact, ask):
    answered = ask(item, contact, text="Answered already?")
    services.answer_add(question=answered, text="Yes.", by=None)
    client.force_login(contact)
    page = client.get(reverse("questions:awaiting_answers")).content.decode()
    assert question.text in page
    assert "Answered already?" not in page


def test_a_member_awaits_no_answers_of_their_own(client, question, member):
    client.force_login(member)
    page = client.get(reverse("questions:awaiting_answers")).content.decode()
    assert "None: no question awaits your answer." in page
