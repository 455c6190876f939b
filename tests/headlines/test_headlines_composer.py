"""The Headlines composer's rules, one by one, without HTTP or PDF."""

import datetime

import pytest

from headlines.composer import (
    HeadlinesRecord,
    RecordItem,
    SummaryPhrases,
    compose_headlines,
    count_in_words,
    summary_bullets,
)

VUSA = SummaryPhrases(
    "{count} Compliance Status for a VUSA", "{count} Compliance Statuses for VUSAs"
)
LETTER = SummaryPhrases("Approved {count} Director's Letter", "Approved {count} Director's Letters")
SSA = SummaryPhrases(
    "Noted {count} Security Self-Assessment (SSA)", "Noted {count} Security Self-Assessments (SSAs)"
)
PLAN = SummaryPhrases(
    "Noted a Remediation Plan update for a User Security Assessment",
    "Noted Remediation Plan updates for User Security Assessments",
)


def record(items=(), counted=()):
    return HeadlinesRecord(
        committee_code="SSC",
        committee_name="Security Sub-Committee",
        preamble="Preamble.",
        website_url="https://example.org/ssc",
        reference="89_1311",
        next_meeting=datetime.date(2019, 11, 27),
        items=list(items),
        counted_decisions=list(counted),
    )


def item(number, *, section="agenda", level=0, mode="full", title="Title", headline="Text."):
    return RecordItem(number, section, title, headline, level, mode)


@pytest.mark.parametrize(("count", "words"), [(1, "one"), (2, "two"), (9, "nine"), (10, "10")])
def test_counts_are_words_to_nine_then_digits(count, words):
    assert count_in_words(count) == words


def test_a_count_of_one_takes_the_singular_phrase_capitalised():
    assert summary_bullets([(VUSA, 1)]) == ["One Compliance Status for a VUSA."]


def test_a_count_of_two_takes_the_plural_phrase():
    assert summary_bullets([(VUSA, 2)]) == ["Two Compliance Statuses for VUSAs."]


def test_a_count_of_ten_is_written_in_digits():
    assert summary_bullets([(LETTER, 10)]) == ["Approved 10 Director's Letters."]


def test_a_phrase_without_a_count_reads_the_same_for_any_plural():
    assert summary_bullets([(PLAN, 3)]) == [
        "Noted Remediation Plan updates for User Security Assessments."
    ]


def test_two_bullets_are_joined_by_and():
    assert summary_bullets([(VUSA, 2), (LETTER, 1)]) == [
        "Two Compliance Statuses for VUSAs; and",
        "Approved one Director's Letter.",
    ]


def test_four_bullets_end_with_semicolons_then_and_then_a_full_stop():
    assert summary_bullets([(VUSA, 2), (LETTER, 1), (SSA, 2), (PLAN, 2)]) == [
        "Two Compliance Statuses for VUSAs;",
        "Approved one Director's Letter;",
        "Noted two Security Self-Assessments (SSAs); and",
        "Noted Remediation Plan updates for User Security Assessments.",
    ]


def test_the_red_summary_is_present_when_there_is_counted_business():
    document = compose_headlines(record(counted=[(VUSA, 2)]))
    assert document.red_summary == ["Two Compliance Statuses for VUSAs."]
    assert document.discussed_intro == "The SSC also discussed the following items:"


def test_without_counted_business_there_is_no_red_summary_and_no_also():
    document = compose_headlines(record(items=[item(1)]))
    assert document.red_summary == []
    assert document.discussed_intro == "The SSC discussed the following items:"


def test_white_items_carry_no_level_tag():
    document = compose_headlines(record(items=[item(1, level=0)]))
    assert document.agenda_items[0].level_tag == ""


def test_other_items_carry_their_level_tag():
    document = compose_headlines(record(items=[item(1, level=2), item(2, level=3)]))
    assert [entry.level_tag for entry in document.agenda_items] == ["AMBER", "RED"]


def test_counted_and_omitted_items_are_absent_and_their_numbers_skipped():
    items = [item(9, mode="counted"), item(10), item(11, mode="omitted"), item(12)]
    document = compose_headlines(record(items=items))
    assert [entry.number for entry in document.agenda_items] == [10, 12]


def test_items_are_listed_in_their_sections_in_number_order():
    items = [
        item(3, section="agenda"),
        item(2, section="matters_arising"),
        item(1, section="matters_arising"),
    ]
    document = compose_headlines(record(items=items))
    assert [entry.number for entry in document.matters_arising] == [1, 2]
    assert [entry.number for entry in document.agenda_items] == [3]


def test_the_title_names_the_committee_and_meeting_reference():
    document = compose_headlines(record())
    assert document.title == "Headlines of the Security Sub-Committee (SSC) 89_1311"


def test_the_next_meeting_is_written_out_with_its_weekday():
    assert compose_headlines(record()).next_meeting == "Wednesday 27 November 2019"


def test_a_document_survives_its_json_form():
    document = compose_headlines(record(items=[item(1, level=2)], counted=[(SSA, 2)]))
    assert type(document).from_dict(document.as_dict()) == document


def test_a_matters_arising_entry_does_not_keep_the_title_it_never_shows():
    document = compose_headlines(record([item(1, section="matters_arising", title="Secret")]))

    assert document.matters_arising[0].title == ""


def test_an_agenda_entry_keeps_its_title_for_the_agenda_items_section():
    document = compose_headlines(record([item(2, title="Shown")]))

    assert document.agenda_items[0].title == "Shown"
