"""The meeting exchange format /2 carries each item's declarations of interest (docs/DESIGN.md,
"Meeting exchange format"): exported in the order the minutes show them, imported with the
checks the minute-taking page makes, and ignored in a file of format /1 as they always were.

A declaration the chair decided by recusing the declarant recuses them from the item, as
recording one in the portal does (`interests.services.declaration_record`), whether or not
the file's `recused` list names them.
"""

import copy
import datetime
from pathlib import Path

import pytest
from django.utils import timezone

from classification.levels import Level, MeetingStatus
from classification.restrictions import UNRECORDED_REASON, default_review_on
from interests.models import DECLARATION_MAX, Declaration
from interests.services import RECUSED_ON_DECLARATION, declaration_record
from meetings.exchange import FORMAT_1, MeetingFileError, export_meeting, import_meeting
from meetings.models import AgendaItem, Meeting, Recusal
from meetings.services import attendance_record
from tests.factories import AgendaItemFactory, CommitteeFactory, MeetingFactory, UserFactory

pytestmark = pytest.mark.django_db

IN_A_MONTH = timezone.localdate() + datetime.timedelta(days=30)
COUNTED = [Meeting, AgendaItem, Declaration, Recusal]


def counts() -> dict:
    return {model.__name__: model.objects.count() for model in COUNTED}


def refusal(document: dict, base_dir: Path) -> str:
    """The message of the refused import of `document`, after checking nothing was written."""
    before = counts()
    with pytest.raises(MeetingFileError) as error:
        import_meeting(copy.deepcopy(document), base_dir=base_dir)
    assert counts() == before
    return str(error.value)


@pytest.fixture
def people(db):
    return {name: UserFactory(username=name) for name in ("chair", "member", "visitor")}


@pytest.fixture
def meeting(people):
    """A held meeting whose AMBER item holds two declarations (one noted, one recusing the
    declarant) and whose RED item holds one at RED with its own restriction."""
    meeting = MeetingFactory(
        committee=CommitteeFactory(code="SSC"), number=96, status=MeetingStatus.HELD
    )
    for username in ("chair", "member"):
        attendance_record(meeting=meeting, user=people[username], role=username, by=None)
    amber = AgendaItemFactory(meeting=meeting, number=1, level=Level.AMBER)
    red = AgendaItemFactory(meeting=meeting, number=2, level=Level.RED)
    for item, username, text, decision in [
        (amber, "member", "I advise one of the parties.", "noted"),
        (amber, "chair", "My employer is the party.", "recused"),
    ]:
        declaration_record(
            meeting=meeting,
            item=item,
            declarant=people[username],
            text=text,
            chair_decision=decision,
            by=None,
        )
    declaration_record(
        meeting=meeting,
        item=red,
        declarant=people["member"],
        text="A shareholding in the assessed party.",
        chair_decision="noted",
        by=None,
        restriction_reason="Names a shareholding",
        review_on=IN_A_MONTH,
    )
    return meeting


def export_and_delete(meeting: Meeting) -> dict:
    """The export of `meeting`, which is then deleted (its accounts stay)."""
    document = export_meeting(meeting)
    meeting.delete()
    return copy.deepcopy(document)


@pytest.fixture
def document(meeting) -> dict:
    """The export of the fixture's meeting, once the meeting is gone: a file to import."""
    return export_and_delete(meeting)


# Export


def test_an_export_writes_each_items_declarations_in_the_order_they_were_recorded(meeting):
    items = export_meeting(meeting)["items"]
    assert items[0]["declarations"] == [
        {
            "declarant": "member",
            "text": "I advise one of the parties.",
            "chair_decision": "noted",
            "classification": "AMBER",
            "restriction_reason": "AMBER in the tests",
            "review_on": items[0]["review_on"],
        },
        {
            "declarant": "chair",
            "text": "My employer is the party.",
            "chair_decision": "recused",
            "classification": "AMBER",
            "restriction_reason": "AMBER in the tests",
            "review_on": items[0]["review_on"],
        },
    ]
    assert items[1]["declarations"][0]["restriction_reason"] == "Names a shareholding"
    assert items[1]["declarations"][0]["review_on"] == IN_A_MONTH.isoformat()


def test_an_export_carries_neither_when_nor_by_whom_a_declaration_was_recorded(meeting):
    declarations = export_meeting(meeting)["items"][0]["declarations"]
    assert not {"recorded_at", "recorded_by"} & {key for d in declarations for key in d}


def test_an_item_without_declarations_exports_an_empty_list(meeting):
    item = AgendaItemFactory(meeting=meeting, number=3)
    assert export_meeting(meeting)["items"][2]["number"] == item.number
    assert export_meeting(meeting)["items"][2]["declarations"] == []


# Round trip


def test_a_meeting_with_declarations_reimports_to_the_same_export(meeting, tmp_path):
    first = export_and_delete(meeting)
    assert [len(item["declarations"]) for item in first["items"]] == [2, 1]

    again = import_meeting(copy.deepcopy(first), base_dir=tmp_path)

    assert export_meeting(again) == first


def test_an_imported_declaration_is_recorded_by_the_portal_at_the_import(document, tmp_path):
    before = timezone.now()
    meeting = import_meeting(document, base_dir=tmp_path)
    recorded = Declaration.objects.filter(item__meeting=meeting)
    assert {declaration.recorded_by for declaration in recorded} == {None}
    assert all(declaration.recorded_at >= before for declaration in recorded)


def test_declarations_keep_the_files_order_within_an_item(document, tmp_path):
    document["items"][0]["declarations"].reverse()
    meeting = import_meeting(document, base_dir=tmp_path)
    declarants = meeting.items.get(number=1).declarations.values_list(
        "declarant__username", flat=True
    )
    assert list(declarants) == ["chair", "member"]


def test_a_recused_declaration_recuses_the_declarant_the_recused_list_leaves_out(
    document, tmp_path
):
    document["items"][0]["recused"] = []
    meeting = import_meeting(document, base_dir=tmp_path)
    recusal = Recusal.objects.get(item__meeting=meeting)
    assert (recusal.item.number, recusal.user.username) == (1, "chair")
    assert recusal.reason == RECUSED_ON_DECLARATION


def test_a_recused_declaration_of_a_declarant_the_file_recuses_makes_one_recusal(
    document, tmp_path
):
    assert document["items"][0]["recused"] == ["chair"]
    meeting = import_meeting(document, base_dir=tmp_path)
    assert list(Recusal.objects.filter(item__meeting=meeting).values_list("user__username")) == [
        ("chair",)
    ]


def test_a_declaration_without_a_classification_is_at_its_items_level(document, tmp_path):
    for key in ("classification", "restriction_reason", "review_on"):
        del document["items"][1]["declarations"][0][key]
    meeting = import_meeting(document, base_dir=tmp_path)
    item = meeting.items.get(number=2)
    declaration = item.declarations.get()
    assert (declaration.level, declaration.restriction_reason, declaration.review_on) == (
        Level.RED,
        item.restriction_reason,
        item.review_on,
    )


def test_a_restricted_declaration_without_a_reason_gets_its_items_or_the_default(
    document, tmp_path
):
    item = document["items"][0]
    for key in ("restriction_reason", "review_on"):
        del item[key]
        del item["declarations"][0][key]
    item["declarations"][0]["classification"] = "RED"
    meeting = import_meeting(document, base_dir=tmp_path)
    declaration = meeting.items.get(number=1).declarations.get(declarant__username="member")
    assert (declaration.level, declaration.restriction_reason, declaration.review_on) == (
        Level.RED,
        UNRECORDED_REASON,
        default_review_on(),
    )


def test_a_declarations_text_is_kept_without_surrounding_space(document, tmp_path):
    document["items"][0]["declarations"][0]["text"] = "  I advise a party.\n"
    meeting = import_meeting(document, base_dir=tmp_path)
    assert meeting.items.get(number=1).declarations.first().text == "I advise a party."


# Format /1


def test_a_file_of_format_1_ignores_declarations_as_it_always_did(document, tmp_path):
    document["format"] = FORMAT_1
    document["items"][0]["recused"] = []
    document["items"][0]["declarations"][0]["declarant"] = "nobody at all"
    meeting = import_meeting(document, base_dir=tmp_path)
    assert not Declaration.objects.filter(item__meeting=meeting).exists()
    assert not Recusal.objects.filter(item__meeting=meeting).exists()


# Refusals: each names the place in the file, and nothing is written


def test_an_unknown_declarant_is_refused_naming_the_place(document, tmp_path):
    document["items"][1]["declarations"][0]["declarant"] = "ghost"
    message = refusal(document, tmp_path)
    assert message.startswith(
        "items[1] (item 2) declarations[0].declarant: unknown username 'ghost'"
    )


def test_a_declarant_who_does_not_attend_is_refused_naming_the_place(document, tmp_path):
    document["items"][0]["declarations"][1]["declarant"] = "visitor"
    message = refusal(document, tmp_path)
    assert message.startswith(
        "items[0] (item 1) declarations[1].declarant: Test visitor does not attend this meeting"
    )


def test_a_recused_declarant_who_does_not_attend_is_refused_at_the_declaration(document, tmp_path):
    document["items"][0]["recused"] = []
    document["items"][0]["declarations"][1]["declarant"] = "visitor"
    message = refusal(document, tmp_path)
    assert message.startswith("items[0] (item 1) declarations[1].declarant: Test visitor does not")


@pytest.mark.parametrize("text", ["", "   \n"])
def test_a_declaration_without_text_is_refused_naming_the_place(document, tmp_path, text):
    document["items"][0]["declarations"][0]["text"] = text
    message = refusal(document, tmp_path)
    assert message == "items[0] (item 1) declarations[0].text: Say what was declared."


def test_a_missing_text_is_refused_naming_the_place(document, tmp_path):
    del document["items"][0]["declarations"][0]["text"]
    message = refusal(document, tmp_path)
    assert message == "items[0] (item 1) declarations[0].text: is missing"


def test_a_declaration_over_its_longest_text_is_refused_naming_the_place(document, tmp_path):
    document["items"][0]["declarations"][0]["text"] = "x" * (DECLARATION_MAX + 1)
    message = refusal(document, tmp_path)
    assert message.startswith(
        f"items[0] (item 1) declarations[0].text: Ensure this value has at most {DECLARATION_MAX}"
    )


def test_a_declaration_of_the_longest_text_imports(document, tmp_path):
    document["items"][0]["declarations"][0]["text"] = "x" * DECLARATION_MAX
    meeting = import_meeting(document, base_dir=tmp_path)
    assert meeting.items.get(number=1).declarations.filter(text="x" * DECLARATION_MAX).exists()


@pytest.mark.parametrize("decision", ["abstained", "Recused", ""])
def test_an_unknown_chair_decision_is_refused_naming_the_place(document, tmp_path, decision):
    document["items"][0]["declarations"][0]["chair_decision"] = decision
    message = refusal(document, tmp_path)
    assert message == (
        "items[0] (item 1) declarations[0].chair_decision: "
        f"unknown value {decision!r} (expected recused, noted)"
    )


def test_a_missing_chair_decision_is_refused_naming_the_place(document, tmp_path):
    del document["items"][0]["declarations"][0]["chair_decision"]
    message = refusal(document, tmp_path)
    assert message == "items[0] (item 1) declarations[0].chair_decision: is missing"


def test_a_declaration_below_its_items_level_is_refused_naming_the_place(document, tmp_path):
    document["items"][1]["declarations"][0]["classification"] = "AMBER"
    message = refusal(document, tmp_path)
    assert message.startswith(
        "items[1] (item 2) declarations[0].classification: AMBER is below its agenda item's "
        "level RED"
    )


def test_an_unknown_declaration_classification_is_refused_naming_the_place(document, tmp_path):
    document["items"][1]["declarations"][0]["classification"] = "PURPLE"
    message = refusal(document, tmp_path)
    assert message.startswith(
        "items[1] (item 2) declarations[0].classification: unknown classification 'PURPLE'"
    )


def test_a_declarations_review_date_in_the_past_is_refused_naming_the_place(document, tmp_path):
    document["items"][1]["declarations"][0]["review_on"] = "2020-01-01"
    message = refusal(document, tmp_path)
    assert message.startswith(
        "items[1] (item 2) declarations[0].review_on: The review date 1 January 2020 is in the past"
    )


def test_declarations_that_are_not_a_list_are_refused_naming_the_place(document, tmp_path):
    document["items"][0]["declarations"] = {"declarant": "member"}
    message = refusal(document, tmp_path)
    assert message.startswith("items[0] (item 1).declarations: should be a list")


def test_a_declaration_that_is_not_an_object_is_refused_naming_the_place(document, tmp_path):
    document["items"][0]["declarations"][0] = "member"
    message = refusal(document, tmp_path)
    assert message.startswith("items[0] (item 1) declarations[0]: should be a JSON object")


def test_a_refused_declaration_in_the_last_item_undoes_the_whole_meeting(document, tmp_path):
    document["items"][1]["declarations"][0]["chair_decision"] = "abstained"
    refusal(document, tmp_path)
    assert not Meeting.objects.exists() and not Declaration.objects.exists()
