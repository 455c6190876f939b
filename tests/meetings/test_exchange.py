"""The meeting exchange format (docs/DESIGN.md, "Meeting exchange format"): import and export.

An import writes the whole meeting or nothing, and a refusal names the place in the file
where the problem stands. An export re-imports to the same meeting.
"""

import copy
import datetime
import json
from pathlib import Path

import pytest
from django.utils import timezone

from assessments.models import Organisation
from classification.levels import Level, MeetingStatus
from classification.restrictions import UNRECORDED_REASON, default_review_on
from meetings.demo import SEED_MEETING, text_pdf
from meetings.exchange import MeetingFileError, export_meeting, load_meeting_file
from meetings.models import (
    Action,
    AgendaItem,
    Attendance,
    Committee,
    Decision,
    Meeting,
    MeetingUserObjectPermission,
    Paper,
    PaperVersion,
    Recusal,
)
from tests.factories import PaperFactory, UserFactory

pytestmark = pytest.mark.django_db

COUNTED = [
    Meeting,
    AgendaItem,
    Paper,
    PaperVersion,
    Decision,
    Action,
    Organisation,
    Committee,
    Attendance,
    Recusal,
    MeetingUserObjectPermission,
]

SEED_LEVELS = {
    1: Level.AMBER,
    2: Level.WHITE,
    3: Level.WHITE,
    4: Level.AMBER,
    5: Level.GREEN,
    6: Level.RED,
    7: Level.RED,
    8: Level.RED,
    9: Level.RED,
    10: Level.RED,
    11: Level.RED,
    12: Level.AMBER,
    13: Level.RED,
    14: Level.AMBER,
}


@pytest.fixture
def seed_users(db):
    """The users the seed meeting names: its attendees (who see it by attending)."""
    return {name: UserFactory(username=name) for name in ("chair", "member", "secretariat")}


@pytest.fixture
def seed_document():
    return json.loads(SEED_MEETING.read_text(encoding="utf-8"))


@pytest.fixture
def seed_meeting(seed_users):
    return load_meeting_file(SEED_MEETING)


@pytest.fixture
def small_document(tmp_path, seed_users):
    """A two-item meeting with a paper, a recusal, decisions and actions; its PDF is on disk."""
    (tmp_path / "papers").mkdir()
    (tmp_path / "papers" / "risk.pdf").write_bytes(text_pdf(["Risk register", "Page two"]))
    return {
        "format": "sscportal.meeting/1",
        "committee": {"code": "SSC", "name": "Security Sub-Committee"},
        "number": 120,
        "date": "2021-03-10",
        "next_meeting": "2021-04-14",
        "status": "held",
        "attendees": [
            {"username": "chair", "role": "chair"},
            {"username": "member", "role": "member"},
        ],
        "items": [
            {
                "number": 1,
                "section": "matters_arising",
                "title": "Risk register",
                "presenter": "DCC",
                "purpose": "discussion",
                "classification": "AMBER",
                "headline_mode": "full",
                "headline": "The SSC **reviewed** the risk register.",
                "minutes": "Discussed at length.",
                "papers": [
                    {"title": "Risk register", "classification": "AMBER", "file": "papers/risk.pdf"}
                ],
                "actions": [
                    {
                        "reference": "SSC120/01",
                        "description": "Chair to write to the DCC.",
                        "owner": "chair",
                        "due": "2021-04-14",
                        "status": "open",
                        "classification": "AMBER",
                    }
                ],
            },
            {
                "number": 2,
                "section": "agenda",
                "title": "FUSA Assurance Status",
                "presenter": "User CIO",
                "purpose": "decision",
                "classification": "RED",
                "headline_mode": "counted",
                "recused": ["member"],
                "decisions": [
                    {
                        "kind": "fusa_assurance_status",
                        "party": "Round Trip Energy Ltd",
                        "outcome": "Deferred",
                        "classification": "RED",
                        "note": "Pending the remediation plan.",
                    }
                ],
                "actions": [
                    {
                        "reference": "SSC120/02",
                        "description": "SECAS to chase the report.",
                        "owner": "SECAS",
                        "status": "open",
                        "classification": "RED",
                    }
                ],
            },
        ],
    }


def write(tmp_path: Path, document, name="meeting.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def row_counts() -> dict:
    return {model.__name__: model.objects.count() for model in COUNTED}


def refusal(path: Path) -> str:
    """The message of the refused import of `path`, after checking nothing was written."""
    before = row_counts()
    with pytest.raises(MeetingFileError) as error:
        load_meeting_file(path)
    assert row_counts() == before
    return str(error.value)


def with_paper_bytes(document: dict, base_dir: Path) -> dict:
    """`document` with each paper's file path replaced by the file's content."""
    document = copy.deepcopy(document)
    for item in document["items"]:
        for paper in item["papers"]:
            paper["file"] = (base_dir / paper["file"]).read_bytes()
    return document


def delete_meeting(meeting: Meeting) -> None:
    """Delete `meeting` and the assessed parties its decisions created."""
    parties = list(Organisation.objects.filter(decisions__item__meeting=meeting).distinct())
    meeting.delete()
    for party in parties:
        party.delete()


# The seed meeting


def test_the_seed_meeting_imports_with_its_fourteen_items(seed_meeting):
    assert seed_meeting.items.count() == 14
    assert list(seed_meeting.items.values_list("number", flat=True)) == list(range(1, 15))


def test_the_seed_meeting_is_held_on_13_november_2019_with_the_next_on_27_november(seed_meeting):
    assert str(seed_meeting) == "SSC 89_1311"
    assert seed_meeting.status == MeetingStatus.HELD
    assert seed_meeting.next_meeting == datetime.date(2019, 11, 27)


def test_the_seed_meeting_items_have_the_levels_of_the_file(seed_meeting):
    assert dict(seed_meeting.items.values_list("number", "level")) == SEED_LEVELS


def test_the_seed_meeting_items_one_to_five_are_matters_arising_the_rest_agenda(seed_meeting):
    sections = dict(seed_meeting.items.values_list("number", "section"))
    assert {sections[n] for n in range(1, 6)} == {AgendaItem.Section.MATTERS_ARISING}
    assert {sections[n] for n in range(6, 15)} == {AgendaItem.Section.AGENDA}


def test_the_seed_meeting_decisions_are_counted_by_kind(seed_meeting):
    decisions = Decision.objects.filter(item__meeting=seed_meeting)
    counts = {}
    for code in decisions.values_list("kind__code", flat=True):
        counts[code] = counts.get(code, 0) + 1
    assert counts == {
        "vusa_compliance_status": 2,
        "directors_letter": 1,
        "ssa": 2,
        "remediation_plan_update": 2,
    }
    assert set(decisions.values_list("level", flat=True)) == {Level.RED}


def test_the_seed_meeting_decision_parties_are_red_assessed_parties(seed_meeting):
    assert dict(Organisation.objects.values_list("name", "level")) == {
        "Demo Gas Ltd": Level.RED,
        "Example Supply Ltd": Level.RED,
        "Sample Networks plc": Level.RED,
        "Test Energy Ltd": Level.RED,
    }


def test_the_seed_action_ssc89_01_is_owned_by_the_organisation_secas(seed_meeting):
    action = Action.objects.get(reference="SSC89/01")
    assert action.owner_user is None
    assert action.owner_organisation == "SECAS"
    assert action.item.number == 1
    assert action.due == datetime.date(2019, 12, 11)
    assert action.level == Level.AMBER


def test_an_action_owner_that_is_a_username_becomes_the_owning_user(small_document, tmp_path):
    load_meeting_file(write(tmp_path, small_document))
    action = Action.objects.get(reference="SSC120/01")
    assert action.owner_user.username == "chair"
    assert action.owner_organisation == ""


def test_the_seed_meeting_attendees_are_granted_its_red_business(seed_meeting, seed_users):
    for user in seed_users.values():
        assert user.has_perm("meetings.attend_meeting", seed_meeting), user.username


def test_a_user_who_did_not_attend_the_seed_meeting_has_no_red_grant(seed_meeting):
    outsider = UserFactory(username="outsider", clearance=Level.AMBER)
    assert not outsider.has_perm("meetings.attend_meeting", seed_meeting)


def test_the_seed_meeting_attendees_keep_their_roles(seed_meeting):
    assert dict(seed_meeting.attendances.values_list("user__username", "role")) == {
        "chair": Attendance.Role.CHAIR,
        "member": Attendance.Role.MEMBER,
        "secretariat": Attendance.Role.SECRETARIAT,
    }


def test_the_items_of_a_held_meeting_are_imported_published(seed_meeting):
    assert not seed_meeting.items.filter(published_at__isnull=True).exists()


def test_the_items_of_a_draft_meeting_are_imported_as_drafts(seed_users, seed_document, tmp_path):
    seed_document["status"] = "draft"
    meeting = load_meeting_file(write(tmp_path, seed_document))
    assert not meeting.items.filter(published_at__isnull=False).exists()


def test_a_recused_user_is_recorded_against_the_item(small_document, tmp_path):
    meeting = load_meeting_file(write(tmp_path, small_document))
    assert list(meeting.items.get(number=2).recusals.values_list("user__username", flat=True)) == [
        "member"
    ]


def test_an_imported_paper_holds_the_file_as_its_first_version(small_document, tmp_path):
    load_meeting_file(write(tmp_path, small_document))
    version = Paper.objects.get(title="Risk register").current_version
    assert version.number == 1
    assert version.original_name == "risk.pdf"
    with version.file.open("rb") as stored:
        assert stored.read() == (tmp_path / "papers" / "risk.pdf").read_bytes()


# Round trip


def test_an_exported_meeting_with_papers_reimports_to_the_same_export(small_document, tmp_path):
    meeting = load_meeting_file(write(tmp_path, small_document))
    first_dir, second_dir = tmp_path / "first", tmp_path / "second"
    first = export_meeting(meeting, papers_dir=first_dir / "papers", base_dir=first_dir)
    write(first_dir, first, "export.json")
    delete_meeting(meeting)

    again = load_meeting_file(first_dir / "export.json")
    second = export_meeting(again, papers_dir=second_dir / "papers", base_dir=second_dir)

    assert with_paper_bytes(second, second_dir) == with_paper_bytes(first, first_dir)


def test_an_export_names_each_paper_file_relative_to_the_json_file(small_document, tmp_path):
    meeting = load_meeting_file(write(tmp_path, small_document))
    out = tmp_path / "out"
    document = export_meeting(meeting, papers_dir=out / "export-papers", base_dir=out)
    assert document["items"][0]["papers"] == [
        {
            "title": "Risk register",
            "classification": "AMBER",
            "restriction_reason": UNRECORDED_REASON,
            "review_on": default_review_on().isoformat(),
            "file": "export-papers/item-1-paper-1.pdf",
            "published": True,
            "withdrawn": False,
        }
    ]
    assert (out / "export-papers" / "item-1-paper-1.pdf").read_bytes() == (
        tmp_path / "papers" / "risk.pdf"
    ).read_bytes()


def test_the_seed_meeting_reimports_to_the_same_export(seed_meeting, tmp_path):
    first = export_meeting(seed_meeting)
    delete_meeting(seed_meeting)
    again = load_meeting_file(write(tmp_path, first))
    assert export_meeting(again) == first


def test_an_export_records_the_actions_owners_and_the_recusals(small_document, tmp_path):
    meeting = load_meeting_file(write(tmp_path, small_document))
    document = export_meeting(meeting, papers_dir=tmp_path / "out", base_dir=tmp_path)
    first, second = document["items"]
    assert [action["owner"] for action in first["actions"] + second["actions"]] == [
        "chair",
        "SECAS",
    ]
    assert second["recused"] == ["member"]


def test_a_draft_item_of_a_published_agenda_stays_a_draft_through_a_round_trip(
    small_document, tmp_path
):
    meeting = load_meeting_file(write(tmp_path, small_document))
    meeting.items.filter(number=2).update(published_at=None)
    document = export_meeting(meeting, papers_dir=tmp_path / "out", base_dir=tmp_path)
    delete_meeting(meeting)

    again = load_meeting_file(write(tmp_path, document, "export.json"))

    assert again.items.get(number=2).published_at is None
    assert again.items.get(number=1).published_at is not None


def test_a_withdrawn_paper_stays_withdrawn_through_a_round_trip(small_document, tmp_path):
    meeting = load_meeting_file(write(tmp_path, small_document))
    meeting.items.get(number=1).papers.update(withdrawn_at=timezone.now())
    document = export_meeting(meeting, papers_dir=tmp_path / "out", base_dir=tmp_path)
    delete_meeting(meeting)

    again = load_meeting_file(write(tmp_path, document, "export.json"))

    assert Paper.objects.get(item__meeting=again).withdrawn_at is not None


def test_an_unpublished_paper_stays_unpublished_through_a_round_trip(small_document, tmp_path):
    meeting = load_meeting_file(write(tmp_path, small_document))
    meeting.items.get(number=1).papers.update(published_at=None)
    document = export_meeting(meeting, papers_dir=tmp_path / "out", base_dir=tmp_path)
    delete_meeting(meeting)

    again = load_meeting_file(write(tmp_path, document, "export.json"))

    assert Paper.objects.get(item__meeting=again).published_at is None


def test_a_meeting_with_papers_is_not_exported_without_a_papers_folder(small_document, tmp_path):
    meeting = load_meeting_file(write(tmp_path, small_document))
    with pytest.raises(MeetingFileError, match=r"item 1 has papers: export to a file \(-o\)"):
        export_meeting(meeting)


def test_a_paper_without_a_file_is_exported_as_an_error_naming_it(seed_meeting, tmp_path):
    PaperFactory(item=seed_meeting.items.get(number=2), title="Lost paper", with_file=False)
    with pytest.raises(MeetingFileError, match="item 2 paper 'Lost paper' has no file"):
        export_meeting(seed_meeting, papers_dir=tmp_path / "papers", base_dir=tmp_path)


# Refusals: each names the place and the problem, and writes nothing


def test_unknown_attendees_are_named_and_nothing_is_imported(seed_users, seed_document, tmp_path):
    seed_document["attendees"] += [{"username": "zoe"}, {"username": "adam", "role": "observer"}]
    message = refusal(write(tmp_path, seed_document))
    assert "unknown username(s): adam, zoe" in message


def test_unknown_recused_users_are_named_and_nothing_is_imported(
    seed_users, seed_document, tmp_path
):
    seed_document["items"][5]["recused"] = ["member", "ghost"]
    message = refusal(write(tmp_path, seed_document))
    assert "unknown username(s): ghost" in message


def test_a_user_recused_twice_from_an_item_is_named_and_nothing_is_imported(
    seed_users, seed_document, tmp_path
):
    seed_document["items"][5]["recused"] = ["member", "member"]
    message = refusal(write(tmp_path, seed_document))
    assert message.startswith("items[5] (item 6).recused: member is recused twice")


def test_an_unknown_classification_names_the_item_and_nothing_is_imported(
    seed_users, seed_document, tmp_path
):
    seed_document["items"][0]["classification"] = "PURPLE"
    message = refusal(write(tmp_path, seed_document))
    assert message.startswith("items[0] (item 1).classification: unknown classification 'PURPLE'")


def test_a_paper_below_its_items_level_is_named_and_nothing_is_imported(small_document, tmp_path):
    small_document["items"][0]["papers"][0]["classification"] = "GREEN"
    message = refusal(write(tmp_path, small_document))
    assert message.startswith("items[0] (item 1) papers[0].classification: GREEN is below")


def test_a_duplicate_meeting_number_is_refused_and_nothing_is_imported(seed_meeting, tmp_path):
    document = json.loads(SEED_MEETING.read_text(encoding="utf-8"))
    document["date"] = "2019-11-20"
    message = refusal(write(tmp_path, document))
    assert message == "number: meeting SSC 89 already exists"


def test_a_paper_file_that_is_not_a_pdf_is_named_and_nothing_is_imported(small_document, tmp_path):
    (tmp_path / "papers" / "risk.pdf").write_text("Just some text, renamed to .pdf\n")
    message = refusal(write(tmp_path, small_document))
    assert message.startswith("items[0] (item 1) papers[0].file: The file is not a PDF")


def test_a_missing_paper_file_is_named_and_nothing_is_imported(small_document, tmp_path):
    small_document["items"][0]["papers"][0]["file"] = "papers/nowhere.pdf"
    message = refusal(write(tmp_path, small_document))
    assert message == (
        "items[0] (item 1) papers[0].file: cannot read papers/nowhere.pdf: "
        "No such file or directory"
    )


def test_a_bad_date_is_named_and_nothing_is_imported(seed_users, seed_document, tmp_path):
    seed_document["date"] = "13/11/2019"
    message = refusal(write(tmp_path, seed_document))
    assert message == "date: '13/11/2019' is not a date like 2019-11-13"


def test_a_bad_action_due_date_is_named_and_nothing_is_imported(
    seed_users, seed_document, tmp_path
):
    seed_document["items"][0]["actions"][0]["due"] = "2019-02-30"
    message = refusal(write(tmp_path, seed_document))
    assert message.startswith("items[0] (item 1) actions[0].due: '2019-02-30' is not a date")


def test_an_unknown_decision_kind_is_named_and_nothing_is_imported(
    seed_users, seed_document, tmp_path
):
    seed_document["items"][6]["decisions"][0]["kind"] = "hunch"
    message = refusal(write(tmp_path, seed_document))
    assert message.startswith("items[6] (item 7) decisions[0].kind: unknown decision kind 'hunch'")


def test_an_outcome_foreign_to_the_decision_kind_is_named_and_nothing_is_imported(
    seed_users, seed_document, tmp_path
):
    seed_document["items"][6]["decisions"][0]["outcome"] = "Maybe"
    message = refusal(write(tmp_path, seed_document))
    assert message.startswith("items[6] (item 7) decisions[0].outcome: 'Maybe' is not an outcome")


def test_a_wrong_format_marker_is_refused_and_nothing_is_imported(
    seed_users, seed_document, tmp_path
):
    seed_document["format"] = "sscportal.meeting/3"
    message = refusal(write(tmp_path, seed_document))
    assert message == (
        "format: expected 'sscportal.meeting/1' or 'sscportal.meeting/2', "
        "found 'sscportal.meeting/3'"
    )


def test_invalid_json_is_refused_and_nothing_is_imported(seed_users, tmp_path):
    path = tmp_path / "meeting.json"
    path.write_text('{"format": "sscportal.meeting/1", "number": 89,', encoding="utf-8")
    message = refusal(path)
    assert message.startswith(f"{path} is not valid JSON")


def test_a_missing_file_is_refused_and_nothing_is_imported(db, tmp_path):
    message = refusal(tmp_path / "absent.json")
    assert message.endswith("absent.json: No such file or directory")


def test_a_file_that_is_not_one_object_is_refused_and_nothing_is_imported(db, tmp_path):
    message = refusal(write(tmp_path, [{"format": "sscportal.meeting/1"}]))
    assert message == "the file should hold one JSON object"


def test_attendees_that_are_not_a_list_are_named_and_nothing_is_imported(
    seed_users, seed_document, tmp_path
):
    seed_document["attendees"] = 3
    message = refusal(write(tmp_path, seed_document))
    assert message == "attendees: should be a list, not 3"


def test_items_that_are_not_a_list_are_named_and_nothing_is_imported(
    seed_users, seed_document, tmp_path
):
    seed_document["items"] = 14
    message = refusal(write(tmp_path, seed_document))
    assert message == "items: should be a list, not 14"


def test_an_item_number_used_twice_is_named_and_nothing_is_imported(
    seed_users, seed_document, tmp_path
):
    seed_document["items"][1]["number"] = 1
    message = refusal(write(tmp_path, seed_document))
    assert message == "items[1].number: item number 1 is used twice"


def test_a_committee_website_that_is_not_a_url_is_named_and_nothing_is_imported(
    seed_users, seed_document, tmp_path
):
    seed_document["committee"]["website"] = "not a url"
    message = refusal(write(tmp_path, seed_document))
    assert message.startswith("committee.website: ")


def test_an_error_in_the_last_item_undoes_the_earlier_items(seed_users, seed_document, tmp_path):
    seed_document["items"][-1]["actions"] = [{"reference": "SSC89/99", "description": "No owner"}]
    assert Committee.objects.count() == 0

    message = refusal(write(tmp_path, seed_document))

    assert message == "items[13] (item 14) actions[0].owner: is missing"
    assert not Committee.objects.exists()
    assert not Organisation.objects.exists()


def test_a_refused_import_leaves_no_paper_file_behind(small_document, media_root, tmp_path):
    small_document["items"][1]["classification"] = "PURPLE"
    refusal(write(tmp_path, small_document))
    assert [path for path in media_root.rglob("*") if path.is_file()] == []


# A draft meeting is the secretariat's alone: a file saying otherwise is refused


def test_a_draft_meeting_with_an_item_marked_published_is_refused_naming_the_item(
    small_document, tmp_path
):
    small_document["status"] = "draft"
    small_document["items"][1]["published"] = True
    message = refusal(write(tmp_path, small_document))
    assert message == (
        "items[1] (item 2).published: the meeting's status is draft, so its items cannot be "
        "published: publish the agenda once imported"
    )


def test_a_draft_meeting_with_a_paper_marked_published_is_refused_naming_the_paper(
    small_document, tmp_path
):
    small_document["status"] = "draft"
    small_document["items"][0]["papers"][0]["published"] = True
    message = refusal(write(tmp_path, small_document))
    assert message.startswith(
        "items[0] (item 1) papers[0].published: the meeting's status is draft, so its papers"
    )


def test_a_draft_meeting_with_approved_minutes_is_refused_naming_the_field(
    small_document, tmp_path
):
    small_document["status"] = "draft"
    small_document["minutes_status"] = "approved"
    message = refusal(write(tmp_path, small_document))
    assert message == (
        "minutes_status: the meeting's status is draft, so its minutes are a draft too, "
        "not 'approved'"
    )
