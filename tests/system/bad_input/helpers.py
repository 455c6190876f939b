"""What the bad-input tests share: their budgets, the rollback of each example, the snapshot
of the database a refusal must leave as it was, junk text and forms' fields, and readers of
the answers.

The properties of every test under tests/system/bad_input/ (issue 6): every malformed file or
field gets a clear error that names where it is, nothing else is ever raised (no 500), a
refusal leaves every table as it was, and good input is stored exactly (and shown escaped).
Each example runs in a transaction that is rolled back, so every example starts from the same
data; "unchanged" is checked on the row counts of every model (importer) or on every row of
every table (forms).
"""

import contextlib
import datetime
import html
import os
import re

import hypothesis
from django import forms
from django.apps import apps
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, Phase
from hypothesis import strategies as st

from classification.levels import Level

IN_CI = bool(os.environ.get("CI"))


def budget(examples: int, *, shrink: bool = True) -> hypothesis.settings:
    """Hypothesis settings for one property.

    In CI the examples are the same on every run, and a failure is reported as found, not
    shrunk (shrinking a view test can take minutes); elsewhere each run explores new input
    and shrinks what fails to a minimal example.
    """
    return hypothesis.settings(
        max_examples=examples,
        deadline=None,
        derandomize=IN_CI,
        phases=[phase for phase in Phase if phase != Phase.shrink or (shrink and not IN_CI)],
        database=None,  # failures are not replayed from a local store: they print a blob
        print_blob=True,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
        ],
    )


class _Undo(Exception):
    """Raised at the end of an example to roll its writes back."""


@contextlib.contextmanager
def rolled_back():
    """Run the block in a transaction that is then rolled back, whatever the block did."""
    try:
        with transaction.atomic():
            yield
            raise _Undo
    except _Undo:
        pass


def _models():
    return [
        model
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy and model._meta.label != "sessions.Session"
    ]


def row_counts() -> dict:
    """The number of rows of every model."""
    return {model._meta.label: model._base_manager.count() for model in _models()}


def database_rows() -> dict:
    """Every row of every table (sessions aside): a refusal must leave all of them as they were."""
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values_list())
        for model in _models()
    }


# The decision kinds the migrations write, each with the outcomes it takes.
DECISION_KINDS = {
    "fusa_assurance_status": ["Approved", "Approved, subject to conditions", "Deferred",
                              "Rejected"],
    "vusa_compliance_status": ["Compliant", "Compliant, subject to a Remediation Plan",
                               "Non-compliant"],
    "directors_letter": ["Approved", "Not approved"],
    "ssa": ["Noted"],
    "remediation_plan_update": ["Noted"],
}  # fmt: skip


HTMX = {"HX-Request": "true"}

# Text as people paste it: any Unicode a browser can send (so no lone surrogates), markup,
# template syntax, control characters, and lengths around the limits.
SPECIAL_TEXT = [
    "", " ", "\t\n ", "\x00", "a\x00b", "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">', "**bold** [link](javascript:alert(1))",
    "{{ request.user }} {% csrf_token %}", "Robert'); DROP TABLE meetings_meeting;--",
    "%s %(x)s {0}", "\u202eevil", "\x1b[31mred\x1b[0m", "\x1c\x1d\x1e\x1f", "𝕊𝕊ℂ 🙂",
    "İstanbul ß ﬁ", "a\r\nb", "  leading and trailing  ", "x" * 30, "x" * 31, "x" * 120,
    "x" * 121, "x" * 200, "x" * 201, "x" * 300, "x" * 301, "y" * 20_000,
]  # fmt: skip


def texts(max_size: int = 60):
    return st.one_of(st.text(max_size=max_size), st.sampled_from(SPECIAL_TEXT))


def maybe(strategy):
    """A field's value, or None: the field is not sent."""
    return st.one_of(strategy, st.none())


@st.composite
def form_data(draw, valid: dict, junk: dict):
    """A form's fields, most of them valid: a few (or none) get junk, or are not sent."""
    bad = draw(st.sets(st.sampled_from(sorted(valid)), max_size=3), label="junk fields")
    return {name: draw(junk[name] if name in bad else valid[name], label=name) for name in valid}


def sent(data: dict) -> dict:
    return {name: value for name, value in data.items() if value is not None}


def char_refused(value, *, required: bool, max_length: int | None = None) -> bool:
    """Whether a Django CharField (stripping, as by default) refuses `value` (None: not sent)."""
    text = (value or "").strip()
    if not text:
        return required
    return "\x00" in text or (max_length is not None and len(text) > max_length)


def one_line_refused(value) -> bool:
    """Whether a reference, stripped as the form strips it, holds a control character."""
    return any(ord(char) < 32 or ord(char) == 127 for char in (value or "").strip())


def integer_refused(value, **bounds) -> bool:
    try:
        forms.IntegerField(required=False, **bounds).clean(value)
    except ValidationError:
        return True
    return False


def date_refused(value) -> bool:
    try:
        forms.DateField(required=False).clean(value)
    except ValidationError:
        return True
    return False


def stored_text(value) -> str:
    return (value or "").strip()


def outcome(refused) -> None:
    hypothesis.event("refused" if refused else "stored")


LEVEL_VALUES = [str(level) for level in Level.values]
TODAY = timezone.localdate()
# A restriction reason and a review date from today on, as the forms of restricted records take.
RESTRICTION_VALID = {
    "restriction_reason": st.text(min_size=1, max_size=60),
    "review_on": st.dates(TODAY, TODAY + datetime.timedelta(days=1000)).map(str),
}
RESTRICTION_JUNK = {
    "restriction_reason": maybe(texts()),
    "review_on": maybe(
        st.one_of(texts(12), st.dates(max_value=TODAY - datetime.timedelta(days=1)).map(str))
    ),
}


def restriction_refusals(data, *, reason: str, review: str) -> set[str]:
    """The fields (named `reason` and `review`) that refuse `data`'s restriction.

    A reason and a review date are required at AMBER and RED, and no review date is past;
    the level's requirement is checked only for a level the form takes.
    """
    refused = set()
    restricted = data["level"] in LEVEL_VALUES and int(data["level"]) >= Level.AMBER
    if char_refused(data["restriction_reason"], required=restricted):
        refused.add(reason)
    try:
        review_on = forms.DateField(required=False).clean(data["review_on"])
    except ValidationError:
        refused.add(review)
    else:
        if (review_on is None and restricted) or (review_on and review_on < TODAY):
            refused.add(review)
    return refused


LEVEL_JUNK = st.one_of(texts(5), st.sampled_from(["4", "-1", "01", " 1", "1.0", "RED", "²"]))


def notices(response) -> list[tuple[str, str]]:
    """The agenda builder's notices in an htmx answer: (kind, text)."""
    found = re.findall(r'<p class="notice (\w+)">(.*?)</p>', response.content.decode(), re.S)
    return [(kind, html.unescape(text)) for kind, text in found]


def error_text(response) -> str:
    return " ".join(text for kind, text in notices(response) if kind == "error")


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def messages_of(response) -> str:
    return " ".join(str(message) for message in get_messages(response.wsgi_request))


def assert_escaped(response, text: str) -> None:
    """Markup typed into a field is shown as text, never as markup."""
    if re.search(r"<[a-z]", text):
        assert text.strip() not in response.content.decode(), "typed markup reached the page"


SCRIPT = "<script>alert('x')</script>"


def agenda_url(name, meeting, *args):
    """The address of the agenda builder's page `name` for `meeting`."""
    return reverse(f"meetings:{name}", args=[meeting.committee.code, meeting.number, *args])
