"""Bad input: the secretariat's headline edits, and the public Headlines' filters."""

import pytest
from django import forms
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from classification.levels import Level
from meetings.models import AgendaItem
from tests.factories import AgendaItemFactory, MeetingFactory
from tests.system.bad_input.helpers import (
    SCRIPT,
    SPECIAL_TEXT,
    assert_escaped,
    budget,
    char_refused,
    database_rows,
    form_data,
    integer_refused,
    maybe,
    messages_of,
    outcome,
    rolled_back,
    sent,
    stored_text,
    texts,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def headlines_meeting(db):
    """A held meeting with a listed and a counted item; meeting 93 has an item of its own."""
    meeting = MeetingFactory(number=92, status="held")
    AgendaItemFactory(meeting=meeting, number=1, level=Level.WHITE, headline="Before.")
    AgendaItemFactory(meeting=meeting, number=2, level=Level.RED, headline_mode="counted")
    AgendaItemFactory(meeting=MeetingFactory(number=93, status="held"), number=1)
    return meeting


HEADLINE_FIELDS = form_data(
    valid={
        "item": st.just("own"),
        "headline": texts(200),
        "headline_mode": st.sampled_from(AgendaItem.HeadlineMode.values),
        "expected_version": st.just("1"),
    },
    junk={
        "item": maybe(
            st.one_of(
                st.sampled_from(["other meeting", "", "0", "-1", "999999", "1.0", "9" * 40, "²"]),
                texts(6),
            )
        ),
        "headline": st.sampled_from(SPECIAL_TEXT),
        "headline_mode": maybe(texts(10)),
        "expected_version": maybe(
            st.one_of(st.sampled_from(["2", "0", "-1", " 1 ", "9" * 30, "1.0"]), texts(6))
        ),
    },
)


@budget(40)
@given(data=HEADLINE_FIELDS)
@example(
    data={
        "item": "own",
        "headline": f"{SCRIPT} and *emphasis*",
        "headline_mode": "full",
        "expected_version": "1",
    }
)
@example(data={"item": "own", "headline": "", "headline_mode": "full", "expected_version": "1.0"})
def test_editing_a_headline_stores_it_exactly_or_refuses_naming_the_field(
    secretariat_client, headlines_meeting, data
):
    meeting = headlines_meeting
    item = meeting.items.get(number=1)
    other = AgendaItem.objects.get(meeting__number=93)
    item_id = {"own": str(item.pk), "other meeting": str(other.pk)}.get(data["item"], data["item"])
    prefix = f"item-{item.pk}"
    fields = sent(
        {
            "item": item_id,
            f"{prefix}-headline": data["headline"],
            f"{prefix}-headline_mode": data["headline_mode"],
            f"{prefix}-expected_version": data["expected_version"],
        }
    )
    refused = set()
    if char_refused(data["headline"], required=False):
        refused.add("headline")
    if data["headline_mode"] not in AgendaItem.HeadlineMode.values:
        refused.add("headline_mode")
    expected_version = data["expected_version"]
    if integer_refused(expected_version, min_value=1) or not (expected_version or "").strip():
        refused.add("expected_version")
    outcome(refused or data["item"] != "own")
    url = reverse("headlines:headlines_compose", args=[meeting.committee.code, meeting.number])
    with rolled_back():
        secretariat_client.cookies.pop("messages", None)
        before = database_rows()
        response = secretariat_client.post(url, fields)
        if data["item"] != "own":
            assert response.status_code == 404
            assert database_rows() == before
            return
        message = messages_of(response)
        if refused:
            assert response.status_code == 200
            assert message.startswith(f"Item {item.number}: "), message
            for name in refused:
                assert name in message, f"{name} is not named in {message!r}"
            assert database_rows() == before
            return
        assert response.status_code == 302
        # The form reads the version as Django's IntegerField does (" 1 " and "1.0" are 1).
        if forms.IntegerField().clean(expected_version) != item.version:
            assert "changed by someone else" in message, message
            assert database_rows() == before
            return
        item.refresh_from_db()
        assert (item.headline, item.headline_mode) == (
            stored_text(data["headline"]),
            data["headline_mode"],
        )
        page = secretariat_client.get(url)
        assert page.status_code == 200
        assert_escaped(page, item.headline)


# The minimal failing examples that hypothesis found, one test each, so that each names its
# defect (see the report of issue 6).


def test_a_headline_edit_for_item_superscript_two_is_a_404_not_a_500(
    secretariat_client, headlines_meeting
):
    url = reverse("headlines:headlines_compose", args=["SSC", headlines_meeting.number])
    assert secretariat_client.post(url, {"item": "²"}).status_code == 404


def test_the_headlines_of_year_superscript_two_are_a_page_not_a_500(client, db):
    assert client.get(reverse("headlines:headlines_index"), {"year": "²"}).status_code == 200
