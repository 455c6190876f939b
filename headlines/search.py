"""Search of the published Headlines, each result with a snippet of its text.

Only `HeadlinesVersion.text`, the plain text of a published document (WHITE by construction),
is read, and only versions a signed-out visitor may see: the results are the same for
everyone, and nothing else of the record can reach them.

On PostgreSQL the search is full-text, in English (websearch syntax: words, "a phrase",
-word, or), and `ts_headline` cuts the snippet. Elsewhere (the SQLite of `make run`) every
word of the query of two letters or more must appear, in any case, as a word or inside one,
and the snippet is cut here.

A snippet is escaped text with `<mark>` around the matched words, and nothing else: the
database marks the matches with two private-use characters, never with HTML, and every piece
between them is escaped here. No text of a document can become markup on the results page.
"""

import itertools
import re
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchVector
from django.db import connection
from django.db.models import QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .models import HeadlinesVersion

MAX_RESULTS = 50
# The Headlines are written in British English.
SEARCH_CONFIG = "english"
# What the database puts around each match: private-use characters, which no markup uses.
START, STOP = "\ue000", "\ue001"
# The plain snippet: this many characters of context around the first match.
CONTEXT_BEFORE, CONTEXT_AFTER = 80, 160
MAX_QUERY_WORDS = 16
# Matches weighed in choosing the plain snippet's window (a common word may match often).
MAX_MATCHES = 200


@dataclass(frozen=True)
class SearchResult:
    version: HeadlinesVersion
    snippet: SafeString


def search_published(query: str) -> list[SearchResult]:
    """The published Headlines matching `query`, newest meeting first, with their snippets."""
    if connection.vendor == "postgresql":
        return fulltext_search(_published(), query)
    return words_search(_published(), query)


def _published() -> QuerySet[HeadlinesVersion]:
    return (
        HeadlinesVersion.objects.visible_to(AnonymousUser())
        .select_related("meeting__committee")
        .order_by("-meeting__date", "-number")
    )


def fulltext_search(versions: QuerySet[HeadlinesVersion], query: str) -> list[SearchResult]:
    """PostgreSQL's full-text search of `versions`' text, snippets cut by `ts_headline`."""
    search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    found = (
        versions.annotate(words=SearchVector("text", config=SEARCH_CONFIG))
        .filter(words=search_query)
        .annotate(
            marked=SearchHeadline(
                "text",
                search_query,
                config=SEARCH_CONFIG,
                start_sel=START,
                stop_sel=STOP,
                max_fragments=2,
                max_words=30,
                min_words=12,
                fragment_delimiter=" … ",
            )
        )
    )
    return [SearchResult(version, marked_html(version.marked)) for version in found[:MAX_RESULTS]]


def marked_html(marked: str) -> SafeString:
    """`marked` (matches between START and STOP) as escaped HTML, each match in `<mark>`."""
    first, *rest = marked.split(START)
    parts = [_escaped(first)]
    for chunk in rest:
        match, _, after = chunk.partition(STOP)
        parts.append(f"<mark>{_escaped(match)}</mark>{_escaped(after)}")
    return mark_safe("".join(parts))  # noqa: S308 - every piece escaped, only <mark> added


def _escaped(text: str) -> str:
    # A marker inside a document's own text (it cannot be typed, but may be pasted) is dropped.
    return escape(text.replace(START, "").replace(STOP, ""))


def query_words(query: str) -> list[str]:
    """The words of `query` of two letters or more, once each, in order (punctuation and
    search syntax dropped): a single letter would match inside almost every word."""
    words = dict.fromkeys(word.lower() for word in re.findall(r"\w{2,}", query))
    return list(words)[:MAX_QUERY_WORDS]


def words_search(versions: QuerySet[HeadlinesVersion], query: str) -> list[SearchResult]:
    """The versions whose text holds every word of `query`, in any case, with plain snippets."""
    words = query_words(query)
    if not words:
        return []
    for word in words:
        versions = versions.filter(text__icontains=word)
    return [
        SearchResult(version, plain_snippet(version.text, words))
        for version in versions[:MAX_RESULTS]
    ]


def plain_snippet(text: str, words: list[str]) -> SafeString:
    """The part of `text` where most of `words` meet, escaped, each of `words` in `<mark>`.

    The window starts a little before the first match after which the most different words
    follow; it is cut at spaces, with "…" where text is left out before or after.
    """
    text = text.replace(START, "").replace(STOP, "")
    pattern = re.compile("|".join(re.escape(word) for word in sorted(words, key=len)[::-1]), re.I)
    matches = list(itertools.islice(pattern.finditer(text), MAX_MATCHES))
    if not matches:
        start, end = 0, CONTEXT_AFTER
    else:
        best = max(range(len(matches)), key=lambda index: _words_following(matches, index))
        start = matches[best].start() - CONTEXT_BEFORE
        end = matches[best].end() + CONTEXT_AFTER
    start, end = _word_boundary(text, start, back=True), _word_boundary(text, end, back=False)
    window = pattern.sub(lambda match: f"{START}{match.group()}{STOP}", text[start:end].strip())
    lead = "… " if start > 0 else ""
    tail = " …" if end < len(text) else ""
    return mark_safe(lead + marked_html(window) + tail)  # noqa: S308 - marked_html escaped it


def _words_following(matches: list[re.Match[str]], index: int) -> int:
    """How many different words match from `matches[index]` to the end of its window."""
    end = matches[index].end() + CONTEXT_AFTER
    return len({match.group().lower() for match in matches[index:] if match.end() <= end})


def _word_boundary(text: str, index: int, *, back: bool) -> int:
    """The nearest space at or beyond `index`, going back (or on), within the text."""
    if index <= 0:
        return 0
    if index >= len(text):
        return len(text)
    space = text.rfind(" ", 0, index) if back else text.find(" ", index)
    if space == -1:
        return 0 if back else len(text)
    return space
