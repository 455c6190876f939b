"""Searching the published Headlines: results with snippets, the matched words marked.

PostgreSQL searches in full text (`fulltext_search`, `ts_headline`); other databases every
word of the query (`words_search`, a snippet cut in Python). The page uses the one its
database has; `words_search` is tested on any database, `fulltext_search` on PostgreSQL.
"""

import datetime

import pytest
from django.db import connection

from headlines import services
from headlines.models import HeadlinesVersion
from headlines.search import (
    START,
    STOP,
    fulltext_search,
    marked_html,
    plain_snippet,
    query_words,
    words_search,
)
from tests.factories import AgendaItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('x')</script>"


@pytest.fixture
def published(held_meeting, secretariat):
    return services.headlines_publish_now(meeting=held_meeting, by=secretariat)


@pytest.fixture
def scripted(held_meeting, secretariat):
    """Published Headlines whose listed headline holds a script and an ampersand."""
    held_meeting.items.filter(number=3).update(headline=f"{SCRIPT} Noted Kestrel & Falcon.")
    return services.headlines_publish_now(meeting=held_meeting, by=secretariat)


def _published():
    return HeadlinesVersion.objects.select_related("meeting__committee").order_by("-pk")


def test_the_search_text_is_plain_text_with_its_blocks_apart(scripted):
    assert "Noted Kestrel & Falcon." in scripted.text
    assert "&amp;" not in scripted.text
    assert "Assessment (SSA). The SSC also discussed" in scripted.text
    assert "Resources. (AMBER) Agenda Items 3. SMETS1:" in scripted.text


def test_a_search_result_shows_a_snippet_with_the_matched_words_marked(client, published):
    html = client.get("/headlines/search/?q=Shared+Resources").content.decode()
    assert "1 result for" in html
    assert "discussed <mark>Shared</mark> <mark>Resources</mark>" in html


def test_a_script_in_a_headline_is_shown_as_text_in_its_snippet(client, scripted):
    html = client.get("/headlines/search/?q=Kestrel+Falcon").content.decode()
    assert "<script>alert" not in html
    assert "alert(&#x27;x&#x27;)" in html
    assert "<mark>Kestrel</mark> &amp; <mark>Falcon</mark>" in html


def test_a_query_holding_markup_is_shown_as_text(client, scripted):
    html = client.get("/headlines/search/?q=<b>Falcon</b>").content.decode()
    assert "<b>Falcon" not in html
    assert "“&lt;b&gt;Falcon&lt;/b&gt;”" in html


def test_an_unknown_word_finds_nothing(client, published):
    assert "0 results for" in client.get("/headlines/search/?q=Zanzibar").content.decode()


def test_the_results_are_read_in_one_query(client, published, django_assert_num_queries):
    # The versions with their meetings and committees; a signed-out visitor has no session.
    with django_assert_num_queries(1):
        client.get("/headlines/search/?q=Shared")


# The search of other databases: every word, in any case, and a snippet cut in Python.


def test_words_search_needs_every_word(published):
    assert [r.version for r in words_search(_published(), "shared resources")] == [published]
    assert words_search(_published(), "shared zanzibar") == []


def test_words_search_marks_each_word_in_any_case(published):
    (result,) = words_search(_published(), "SHARED resources")
    assert "<mark>Shared</mark> <mark>Resources</mark>" in result.snippet


def test_words_search_escapes_the_documents_text(scripted):
    (result,) = words_search(_published(), "falcon")
    assert "&lt;script&gt;" in result.snippet
    assert "Kestrel &amp; <mark>Falcon</mark>" in result.snippet


def test_the_query_words_drop_syntax_single_letters_and_repeats():
    assert query_words('"Shared Resources" -a or shared') == ["shared", "resources", "or"]


def test_a_plain_snippet_is_the_text_around_the_first_match_cut_at_spaces():
    text = " ".join(f"word{n}" for n in range(100)) + " Target " + "tail " * 100
    snippet = plain_snippet(text, ["target"])
    assert snippet.startswith("… ")
    assert snippet.endswith(" …")
    assert "word99 <mark>Target</mark> tail" in snippet
    assert "word0 " not in snippet
    assert len(snippet) < 300


def test_a_plain_snippet_of_a_short_text_is_the_whole_text():
    assert plain_snippet("Noted the SSA.", ["ssa"]) == "Noted the <mark>SSA</mark>."


def test_a_marker_character_in_a_documents_text_marks_nothing():
    snippet = plain_snippet(f"{START}Noted{STOP} the SSA.", ["ssa"])
    assert snippet == "Noted the <mark>SSA</mark>."


def test_marked_text_is_escaped_around_and_inside_its_marks():
    marked = f"<b>{START}x<i>{STOP}&"
    assert marked_html(marked) == "&lt;b&gt;<mark>x&lt;i&gt;</mark>&amp;"


# PostgreSQL's full-text search (CI runs it).


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("full-text search is PostgreSQL's (DATABASE_URL)")


@pytest.mark.postgres
@pytest.mark.usefixtures("postgresql")
def test_fulltext_search_finds_another_form_of_a_word(published):
    (result,) = fulltext_search(_published(), "resource")
    assert "<mark>Resources</mark>" in result.snippet


@pytest.mark.postgres
@pytest.mark.usefixtures("postgresql")
def test_fulltext_search_takes_a_phrase_in_quotes(published):
    assert len(fulltext_search(_published(), '"shared resources"')) == 1
    assert fulltext_search(_published(), '"resources shared"') == []


@pytest.mark.postgres
@pytest.mark.usefixtures("postgresql")
def test_fulltext_search_escapes_the_documents_text(scripted):
    (result,) = fulltext_search(_published(), "falcon")
    assert "<script>" not in result.snippet
    assert "<mark>Falcon</mark>" in result.snippet
    assert "&amp;" in result.snippet


@pytest.mark.postgres
@pytest.mark.usefixtures("postgresql")
def test_the_page_searches_in_full_text_on_postgresql(client, published):
    html = client.get("/headlines/search/?q=resource").content.decode()
    assert "<mark>Resources</mark>" in html


def test_the_newest_meeting_is_listed_first(client, published, secretariat):
    newer = MeetingFactory(
        number=90, status="held", date=published.meeting.date + datetime.timedelta(days=14)
    )
    AgendaItemFactory(meeting=newer, number=1, headline="Shared Resources again.")
    services.headlines_publish_now(meeting=newer, by=secretariat)
    html = client.get("/headlines/search/?q=Shared").content.decode()
    assert html.index("SSC 90_") < html.index("SSC 89_")
