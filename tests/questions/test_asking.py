"""Asking a question on an item or a page of its paper, from the meeting page or the
questions page; with htmx or without JavaScript; and every bad input refused whole."""

import pytest
from django.urls import reverse

from classification.levels import Level
from questions.models import QUESTION_MAX, Question
from tests.factories import AgendaItemFactory, MeetingFactory, PaperFactory, RecusalFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def _url(meeting) -> str:
    return reverse("questions:meeting_questions", args=[meeting.committee.code, meeting.number])


def _asking(client, meeting, data, **kwargs):
    return client.post(_url(meeting), {"level": "", "page": "", **data}, **kwargs)


def test_a_member_asks_on_an_item_from_the_meeting_page_without_javascript(
    client, meeting, item, member
):
    client.force_login(member)
    page = client.get(f"/meetings/SSC/{meeting.number}/").content.decode()
    assert f'href="{_url(meeting)}#ask"' in page
    response = _asking(client, meeting, {"on": f"item-{item.pk}", "text": " Why now? "})
    question = Question.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{_url(meeting)}#question-{question.pk}"
    assert (question.item, question.paper, question.text, question.asked_by) == (
        item,
        None,
        "Why now?",
        member,
    )


def test_a_question_asked_shows_on_the_meeting_page_at_once_and_leaves_it_with_a_recusal(
    client, meeting, item, attendee, ask
):
    # The page asks whether its reader sees any question in a statement compiled once per
    # reader (classification.precompiled): what it finds must be of the moment.
    client.force_login(attendee)
    page = f"/meetings/SSC/{meeting.number}/"
    assert '<li id="question-' not in client.get(page).content.decode()
    question = ask(item, attendee, text="Why now?")
    assert f'<li id="question-{question.pk}"' in client.get(page).content.decode()
    RecusalFactory(item=item, user=attendee)
    assert '<li id="question-' not in client.get(page).content.decode()


def test_the_meeting_page_fetches_the_asking_form_with_htmx_when_it_is_opened(
    client, meeting, paper, member
):
    client.force_login(member)
    ask_form = reverse("questions:ask_form", args=["SSC", meeting.number])
    page = client.get(f"/meetings/SSC/{meeting.number}/").content.decode()
    assert f'hx-get="{ask_form}"' in page
    assert "Kestrel paper" not in page.split('id="questions"')[1]
    fragment = client.get(ask_form, headers=HTMX).content.decode()
    assert "Ask the question" in fragment
    assert f'<option value="paper-{paper.pk}">Item 1, paper: Kestrel paper</option>' in fragment
    assert client.get(ask_form)["Location"] == f"{_url(meeting)}#ask"


def test_a_question_takes_its_items_level_unless_the_asker_chooses_higher(
    client, meeting, item, member
):
    client.force_login(member)
    _asking(client, meeting, {"on": f"item-{item.pk}", "text": "At the item's level?"})
    _asking(client, meeting, {"on": f"item-{item.pk}", "text": "Higher?", "level": "3"})
    assert list(Question.objects.order_by("pk").values_list("level", flat=True)) == [
        Level.AMBER,
        Level.RED,
    ]


def test_a_restricted_question_takes_its_items_restriction(meeting, item, member, ask):
    question = ask(item, member)
    assert (question.restriction_reason, question.review_on) == (
        item.restriction_reason,
        item.review_on,
    )


def test_a_question_on_a_white_item_is_green_since_it_names_its_asker(meeting, member, ask):
    item = AgendaItemFactory(meeting=meeting, number=2, level=Level.WHITE)
    assert ask(item, member).level == Level.GREEN


def test_a_member_asks_on_a_page_of_a_paper(client, meeting, paper, member):
    client.force_login(member)
    _asking(client, meeting, {"on": f"paper-{paper.pk}", "page": "2", "text": "Page two?"})
    question = Question.objects.get()
    assert (question.item, question.paper, question.page, question.paper_version) == (
        paper.item,
        paper,
        2,
        1,
    )
    page = client.get(_url(meeting)).content.decode()
    assert "?inline=1#page=2" in page
    assert "page 2 of version 1" in page


def test_asking_with_htmx_answers_the_questions_part_with_the_new_question(
    client, meeting, item, member
):
    client.force_login(member)
    response = _asking(
        client, meeting, {"on": f"item-{item.pk}", "text": "Swapped in?"}, headers=HTMX
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith("<div") or '<div id="questions"' in html
    assert "<html" not in html
    assert "Swapped in?" in html
    assert "Your question on item 1 is asked." in html


def test_the_form_states_the_limit_of_a_question(client, meeting, item, member):
    client.force_login(member)
    page = client.get(_url(meeting)).content.decode()
    assert f"At most {QUESTION_MAX:,} characters" in page
    assert f'maxlength="{QUESTION_MAX}"' in page


def test_questions_are_not_asked_once_the_meeting_is_held(client, meeting, item, member):
    meeting.status = "held"
    meeting.save()
    client.force_login(member)
    assert "Ask the question" not in client.get(_url(meeting)).content.decode()
    response = _asking(client, meeting, {"on": f"item-{item.pk}", "text": "Too late?"}, follow=True)
    assert "has been held: questions are asked before the meeting" in response.content.decode()
    assert not Question.objects.exists()


# Bad input: a clear message naming the field, nothing stored.

BAD = {
    "empty": ({"text": "   "}, "Question: Write your question: it is empty."),
    "over-long": (
        {"text": "x" * (QUESTION_MAX + 1)},
        f"Question: Keep your question within {QUESTION_MAX:,} characters (it has 2001).",
    ),
    "a page outside the paper": (
        {"on": "paper", "page": "3"},
        "Page: “Kestrel paper” has 2 pages: give a page from 1 to 2, or none.",
    ),
    "page zero": ({"on": "paper", "page": "0"}, "Page: Pages are numbered from 1."),
    "a page without a paper": (
        {"page": "1"},
        "Page: A page number needs a paper: choose the paper it is a page of.",
    ),
    "a level below the item's": (
        {"level": "1"},
        "Classification: GREEN is below its agenda item's level AMBER",
    ),
    "a level that is no level": ({"level": "7"}, "Classification: Select a valid choice."),
    "no item": ({"on": ""}, "Item or paper: Choose the item or paper your question is on."),
}


@pytest.mark.parametrize("htmx", [False, True], ids=["without-js", "htmx"])
@pytest.mark.parametrize("case", list(BAD))
def test_bad_input_is_refused_with_a_message_naming_the_field_and_nothing_stored(
    client, meeting, paper, member, case, htmx
):
    changes, message = BAD[case]
    data = {"on": f"item-{paper.item_id}", "text": "A fair question?", **changes}
    if data["on"] == "paper":
        data["on"] = f"paper-{paper.pk}"
    client.force_login(member)
    response = _asking(client, meeting, data, headers=HTMX if htmx else {})
    html = response.content.decode().replace("&#x27;", "'").replace("&quot;", '"')
    assert response.status_code == (200 if htmx else 400)
    assert "Your question was not asked" in html
    assert message in html
    assert not Question.objects.exists()


@pytest.mark.parametrize("on", ["item", "paper"])
def test_a_question_on_an_item_or_paper_one_may_not_see_answers_404(client, meeting, member, on):
    red = AgendaItemFactory(meeting=meeting, number=5, level=Level.RED)
    target = red if on == "item" else PaperFactory(item=red)
    client.force_login(member)
    response = _asking(client, meeting, {"on": f"{on}-{target.pk}", "text": "Hidden?"})
    assert response.status_code == 404
    assert not Question.objects.exists()


def test_a_question_on_an_item_one_is_recused_from_answers_404(client, meeting, item, recused):
    client.force_login(recused)
    response = _asking(client, meeting, {"on": f"item-{item.pk}", "text": "Recused?"})
    assert response.status_code == 404
    assert not Question.objects.exists()


def test_a_meeting_one_may_not_see_answers_404(client, member):
    draft = MeetingFactory(number=90, status="draft")
    client.force_login(member)
    assert _asking(client, draft, {"on": "item-1", "text": "Draft?"}).status_code == 404
