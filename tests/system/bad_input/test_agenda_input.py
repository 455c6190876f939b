"""Bad input: the agenda builder's item form and its order."""

import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from meetings.models import AgendaItem
from tests.system.bad_input.helpers import (
    HTMX,
    LEVEL_JUNK,
    LEVEL_VALUES,
    RESTRICTION_JUNK,
    RESTRICTION_VALID,
    SCRIPT,
    SPECIAL_TEXT,
    agenda_url,
    assert_escaped,
    budget,
    char_refused,
    database_rows,
    error_text,
    form_data,
    integer_refused,
    maybe,
    outcome,
    restriction_refusals,
    rolled_back,
    sent,
    stored_text,
    texts,
)

pytestmark = pytest.mark.django_db


ITEM_FIELDS = form_data(
    valid={
        "section": st.sampled_from(AgendaItem.Section.values),
        "title": st.text(min_size=1, max_size=80),
        "presenter": st.text(max_size=30),
        "purpose": st.sampled_from(AgendaItem.Purpose.values),
        "level": st.sampled_from(LEVEL_VALUES),
        "headline_mode": st.sampled_from(AgendaItem.HeadlineMode.values),
        "headline": texts(200),
        "expected_version": st.none(),
        **RESTRICTION_VALID,
    },
    junk={
        "section": maybe(texts(20)),
        "title": maybe(texts()),
        "presenter": texts(),
        "purpose": maybe(texts(20)),
        "level": maybe(LEVEL_JUNK),
        "headline_mode": maybe(texts(20)),
        "headline": st.sampled_from(SPECIAL_TEXT),
        "expected_version": st.one_of(texts(10), st.integers().map(str)),
        **RESTRICTION_JUNK,
    },
)


def agenda_item_refusals(data) -> set[str]:
    """The labels of the fields of the agenda item form that must refuse `data`."""
    refused = set()
    if char_refused(data["title"], required=True, max_length=300):
        refused.add("Title")
    if char_refused(data["presenter"], required=False, max_length=120):
        refused.add("Presenter")
    if char_refused(data["headline"], required=False):
        refused.add("Headline")
    for label, name, choices in [
        ("Section", "section", AgendaItem.Section.values),
        ("Purpose", "purpose", AgendaItem.Purpose.values),
        ("Headline mode", "headline_mode", AgendaItem.HeadlineMode.values),
        ("Classification", "level", LEVEL_VALUES),
    ]:
        # No headline mode chosen is a choice too: the item's level picks it.
        unchosen = name == "headline_mode" and data[name] in (None, "")
        if data[name] not in choices and not unchosen:
            refused.add(label)
    if integer_refused(data["expected_version"]):
        refused.add("Expected version")
    return refused | restriction_refusals(data, reason="Restriction reason", review="Review date")


@budget(60)
@given(data=ITEM_FIELDS)
@example(
    data={
        "section": "agenda",
        "title": f"{SCRIPT} **Shared** Resources",
        "presenter": "SECAS & <b>DCC</b>",
        "purpose": "discussion",
        "level": "1",
        "headline_mode": "full",
        "headline": f"{SCRIPT}\n\n- The SSC **discussed** it.",
        "expected_version": None,
        "restriction_reason": None,
        "review_on": None,
    }
)
def test_adding_an_agenda_item_stores_good_input_and_refuses_bad_naming_the_field(
    secretariat_client, draft_agenda, data
):
    meeting = draft_agenda
    refused = agenda_item_refusals(data)
    outcome(refused)
    with rolled_back():
        before = database_rows()
        response = secretariat_client.post(
            agenda_url("agenda_item_add", meeting), sent(data), headers=HTMX
        )
        assert response.status_code == 200
        if refused:
            message = error_text(response)
            for label in refused:
                assert f"{label}: " in message, f"{label} is not named in {message!r}"
            assert database_rows() == before
            return
        assert not error_text(response), error_text(response)
        item = meeting.items.order_by("-pk").first()
        assert item.title == stored_text(data["title"])
        assert item.presenter == stored_text(data["presenter"])
        assert item.headline == stored_text(data["headline"])
        assert (item.section, item.purpose, item.headline_mode, item.level) == (
            data["section"],
            data["purpose"],
            data["headline_mode"] or AgendaItem.headline_mode_for(int(data["level"])),
            int(data["level"]),
        )
        numbered = list(meeting.items.order_by("number").values_list("number", "section"))
        assert [number for number, _ in numbered] == list(range(1, len(numbered) + 1))
        sections = [section for _, section in numbered]
        assert sections == sorted(sections, key=lambda section: section != "matters_arising")
        assert_escaped(response, item.title)
        builder = secretariat_client.get(agenda_url("agenda_builder", meeting))
        assert builder.status_code == 200
        assert_escaped(builder, item.title)
        preview = secretariat_client.post(
            agenda_url("agenda_preview", meeting), {"headline": item.headline}, headers=HTMX
        )
        assert preview.status_code == 200
        assert_escaped(preview, item.headline)


DIGITS = {
    "ascii": "0123456789",
    "arabic-indic": "٠١٢٣٤٥٦٧٨٩",
    "fullwidth": "０１２３４５６７８９",
    "superscript": "⁰¹²³⁴⁵⁶⁷⁸⁹",
}


def reorder_expected(order: str, sections: dict) -> list[int] | None:
    """The order of item ids that `order` asks for, or None if it must be refused."""
    if "\x00" in order:
        return None
    parts = [part.strip() for part in order.split(",") if part.strip()]
    # Ids are ASCII digits (up to 12): other scripts' digits are refused, not read.
    if not parts or not all(re.fullmatch("[0-9]{1,12}", part) for part in parts):
        return None
    ids = [int(part) for part in parts]
    if sorted(ids) != sorted(sections) or len(set(ids)) != len(ids):
        return None
    ranks = [sections[pk] != "matters_arising" for pk in ids]
    return ids if ranks == sorted(ranks) else None


@st.composite
def orders(draw, sections: dict):
    """What the reorder field may receive: the ids in some order, mangled or not, or junk."""
    arising = [pk for pk, section in sections.items() if section == "matters_arising"]
    agenda = [pk for pk in sections if pk not in arising]
    chosen = draw(
        st.one_of(
            st.tuples(st.permutations(arising), st.permutations(agenda)).map(
                lambda both: [*both[0], *both[1]]
            ),
            st.permutations(list(sections)),
            st.lists(st.sampled_from([*sections, 0, -1, 10**6, 2**63]), max_size=6),
        )
    )
    digits = DIGITS[draw(st.sampled_from(["ascii", "ascii", "ascii", *DIGITS]))]
    parts = ["".join(digits[int(c)] if c.isdigit() else c for c in str(pk)) for pk in chosen]
    separator = draw(st.sampled_from([",", ", ", " , ", ",,", ";", " "]))
    return draw(
        st.one_of(
            st.just(separator.join(parts)),
            texts(30),
            st.sampled_from(["²", "¹,²", "9" * 5000, "1.0", "0x1", "+1", "1_0", "-1"]),
        )
    )


@budget(60)
@given(data=st.data())
def test_reordering_the_agenda_takes_only_a_whole_valid_order(
    secretariat_client, draft_agenda, data
):
    meeting = draft_agenda
    sections = dict(meeting.items.values_list("pk", "section"))
    order = data.draw(orders(sections), label="order")
    expected = reorder_expected(order, sections)
    outcome(expected is None)
    with rolled_back():
        before = database_rows()
        response = secretariat_client.post(
            agenda_url("agenda_reorder", meeting), {"order": order}, headers=HTMX
        )
        assert response.status_code == 200
        if expected is None:
            assert error_text(response), "a refused order gets no message"
            assert database_rows() == before
        else:
            assert not error_text(response), error_text(response)
            assert list(meeting.items.order_by("number").values_list("pk", flat=True)) == expected


# The minimal failing examples that hypothesis found, one test each, so that each names its
# defect (see the report of issue 6).


def test_an_order_of_superscript_digits_is_refused_not_a_500(secretariat_client, draft_agenda):
    response = secretariat_client.post(
        agenda_url("agenda_reorder", draft_agenda), {"order": "²"}, headers=HTMX
    )
    assert response.status_code == 200
    assert error_text(response).startswith("Order: ")


def test_an_order_with_a_five_thousand_digit_id_is_refused_not_a_500(
    secretariat_client, draft_agenda
):
    response = secretariat_client.post(
        agenda_url("agenda_reorder", draft_agenda), {"order": "9" * 5000}, headers=HTMX
    )
    assert response.status_code == 200
    assert error_text(response)
