"""Bad input: questions asked on the meeting page, and their answers: stored exactly, or
refused whole with a message naming the field."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from classification.levels import Level
from meetings.demo import text_pdf
from meetings.models import PaperVersion
from questions.models import ANSWER_MAX, QUESTION_MAX, Answer, Question
from tests.factories import AgendaItemFactory, MeetingFactory, PaperFactory
from tests.system.bad_input.helpers import (
    HTMX,
    LEVEL_JUNK,
    SCRIPT,
    assert_escaped,
    budget,
    char_refused,
    database_rows,
    form_data,
    integer_refused,
    maybe,
    outcome,
    page_text,
    rolled_back,
    sent,
    stored_text,
    texts,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def upcoming(db):
    """An upcoming meeting: AMBER item 1 with a published paper of three pages."""
    meeting = MeetingFactory(number=92, status="agenda_published")
    item = AgendaItemFactory(meeting=meeting, number=1, level=Level.AMBER)
    paper = PaperFactory(item=item, with_file=False)
    content = text_pdf(["One", "Two", "Three"])
    version = PaperVersion(paper=paper, number=1, size=len(content))
    version.file.save("upload.pdf", ContentFile(content), save=True)
    return meeting


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


def _on_values(meeting):
    item = meeting.items.get()
    return [f"item-{item.pk}", f"paper-{item.papers.get().pk}"]


QUESTION_FIELDS = form_data(
    valid={
        "on": st.sampled_from([0, 1]),  # the item, or its paper (indexes into _on_values)
        "page": st.sampled_from(["", "1", "3"]),
        "level": st.sampled_from(["", "2", "3"]),
        "text": st.text(min_size=1, max_size=80).filter(lambda text: text.strip()),
    },
    junk={
        "on": maybe(st.one_of(texts(12), st.sampled_from(["item-", "paper-x", "item-1.0"]))),
        "page": maybe(st.one_of(texts(5), st.sampled_from(["0", "4", "-1", "99999999999"]))),
        "level": maybe(st.one_of(st.sampled_from(["0", "1"]), LEVEL_JUNK)),
        "text": maybe(st.one_of(texts(), st.just("q" * (QUESTION_MAX + 1)))),
    },
)


@budget(60)
@given(data=QUESTION_FIELDS)
@example(data={"on": 1, "page": "4", "level": "", "text": "Past the last page?"})
@example(data={"on": 0, "page": "1", "level": "", "text": "A page of no paper?"})
@example(data={"on": 0, "page": "", "level": "1", "text": "Below the item?"})
@example(data={"on": 0, "page": "", "level": "", "text": "q" * (QUESTION_MAX + 1)})
@example(data={"on": 0, "page": "", "level": "", "text": SCRIPT})
def test_asking_stores_a_question_exactly_or_refuses_it_naming_the_field(
    member_client, upcoming, data
):
    on_values = _on_values(upcoming)
    on = on_values[data["on"]] if isinstance(data["on"], int) else data["on"]
    on_paper = isinstance(data["on"], int) and data["on"] == 1
    page, level, text = data["page"], data["level"], data["text"]
    given_page = page not in (None, "") and not integer_refused(page, min_value=1)
    # What the form refuses, field by field.
    refused = set()
    if on not in on_values:
        refused.add("Item or paper")
    if integer_refused(page, min_value=1) or (given_page and on in on_values and not on_paper):
        refused.add("Page")
    if level not in (None, "", "1", "2", "3"):
        refused.add("Classification")
    if char_refused(text, required=True, max_length=QUESTION_MAX):
        refused.add("Question")
    # Then the service, on a form it took: the page against the paper, then the level.
    if not refused and given_page and int(page) > 3:
        refused.add("Page")
    elif not refused and level == "1":
        refused.add("Classification")  # below the item's AMBER
    outcome(refused)
    url = reverse("questions:meeting_questions", args=["SSC", upcoming.number])
    fields = sent({"on": on, "page": page, "level": level, "text": text})
    with rolled_back():
        before = database_rows()
        response = member_client.post(url, fields, headers=HTMX)
        shown = page_text(response)
        if response.status_code == 404:
            # An id naming no item or paper the member sees: it does not exist for them.
            assert on not in on_values and on.partition("-")[0] in ("item", "paper")
            assert database_rows() == before
            return
        assert response.status_code == 200
        if refused:
            assert "Your question was not asked" in shown
            for label in refused:
                assert f"{label}: " in shown, f"{label} is not named"
            assert database_rows() == before
            return
        assert "Your question was not asked" not in shown, shown
        question = Question.objects.get()
        assert question.text == stored_text(text)
        assert question.page == (int(page) if page else None)
        assert question.level == (int(level) if level else Level.AMBER)
        assert_escaped(response, text)


ANSWER_TEXT = maybe(st.one_of(texts(), st.just("a" * ANSWER_MAX), st.just("a" * (ANSWER_MAX + 1))))


@budget(40)
@given(text=ANSWER_TEXT)
@example(text="a" * (ANSWER_MAX + 1))
@example(text=SCRIPT)
def test_answering_stores_an_answer_exactly_or_refuses_it_naming_the_field(
    client, upcoming, secretariat, member, text
):
    question = Question.objects.create(
        item=upcoming.items.get(),
        text="A question?",
        level=Level.AMBER,
        restriction_reason="AMBER in the tests",
        review_on=upcoming.items.get().review_on,
        asked_by=member,
    )
    client.force_login(secretariat)
    refused = char_refused(text, required=True, max_length=ANSWER_MAX)
    outcome(refused)
    url = reverse("questions:question_answer", args=[question.pk])
    with rolled_back():
        before = database_rows()
        response = client.post(url, sent({"text": text}), headers=HTMX)
        assert response.status_code == 200
        if refused:
            assert "Your answer was not sent" in page_text(response)
            assert database_rows() == before
            return
        assert Answer.objects.get().text == stored_text(text)
        assert_escaped(response, text)
