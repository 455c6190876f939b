"""The command line of docs/DESIGN.md: import_meeting, export_meeting and adduser."""

import io
import json
import re
import sys

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone

from assessments.models import Organisation
from classification.levels import Level
from committees.models import Membership, SecretariatAssignment
from meetings.demo import SEED_MEETING
from meetings.models import (
    Action,
    AgendaItem,
    Attendance,
    Committee,
    Decision,
    Meeting,
    Paper,
    PaperVersion,
    Recusal,
)
from tests.factories import (
    AgendaItemFactory,
    CommitteeFactory,
    MeetingFactory,
    OrganisationFactory,
    PaperFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture
def seed_users(db):
    return [
        UserFactory(username=name, clearance=Level.AMBER)
        for name in ("chair", "member", "secretariat")
    ]


@pytest.fixture
def seed_meeting(seed_users):
    call_command("import_meeting", str(SEED_MEETING), stdout=io.StringIO())
    return Meeting.objects.get(number=89)


def run(*args) -> str:
    """Run a command and return what it printed."""
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def row_counts() -> dict:
    models = [
        User,
        Committee,
        Meeting,
        Attendance,
        AgendaItem,
        Recusal,
        Paper,
        PaperVersion,
        Decision,
        Action,
    ]
    return {model.__name__: model.objects.count() for model in models}


# import_meeting


def test_import_meeting_prints_the_meeting_it_imported(seed_users):
    assert run("import_meeting", str(SEED_MEETING)) == "imported SSC 89_1311 with 14 items\n"


def test_import_meeting_of_format_2_lists_what_it_added_beyond_the_meeting(seed_users, tmp_path):
    for user in seed_users:
        user.memberships.all().delete()
    document = json.loads(SEED_MEETING.read_text(encoding="utf-8"))
    document["format"] = "sscportal.meeting/2"
    document["organisations"] = [{"name": "SECAS", "kind": "secas", "classification": "GREEN"}]
    document["people"] = [
        {
            "username": "chair",
            "organisation": "SECAS",
            "memberships": [{"role": "chair", "level": "AMBER", "starts": "2019-01-01"}],
        },
        {"username": "secretariat", "secretariat": [{"starts": "2019-01-01"}]},
    ]
    path = tmp_path / "meeting.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    assert run("import_meeting", str(path)) == (
        "imported SSC 89_1311 with 14 items\n"
        "  added organisation: SECAS (SECAS, GREEN)\n"
        "  added organisation of chair: SECAS\n"
        "  added membership of SSC: chair, Chair at AMBER from 2019-01-01 with no end\n"
        "  added secretariat assignment of SSC: secretariat, from 2019-01-01 with no end\n"
    )


def test_import_meeting_of_a_bad_file_says_nothing_was_imported(seed_users, tmp_path):
    document = json.loads(SEED_MEETING.read_text(encoding="utf-8"))
    document["items"][-1]["classification"] = "PURPLE"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    before = row_counts()

    with pytest.raises(CommandError) as error:
        run("import_meeting", str(path))

    assert str(error.value).startswith(f"{path}: items[13] (item 14).classification: ")
    assert str(error.value).endswith("; nothing was imported")
    assert row_counts() == before


def test_import_meeting_of_a_missing_file_says_it_cannot_read_it(db, tmp_path):
    with pytest.raises(CommandError, match="cannot read .*absent.json.*nothing was imported"):
        run("import_meeting", str(tmp_path / "absent.json"))


# export_meeting


def test_export_meeting_writes_the_meeting_as_json_to_the_output_file(seed_meeting, tmp_path):
    path = tmp_path / "export.json"

    printed = run("export_meeting", "89_1311", "-o", str(path))

    assert printed == f"exported SSC 89_1311 to {path}\n"
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["format"] == "sscportal.meeting/2"
    assert (document["number"], document["date"]) == (89, "2019-11-13")
    assert len(document["items"]) == 14


def test_export_meeting_without_output_writes_the_json_to_standard_output(seed_meeting):
    document = json.loads(run("export_meeting", "89_1311"))
    assert (document["number"], len(document["items"])) == (89, 14)


def test_export_meeting_accepts_a_reference_that_names_the_committee(seed_meeting):
    assert json.loads(run("export_meeting", "SSC 89_1311"))["number"] == 89


def test_export_meeting_writes_papers_beside_the_output_file(db, tmp_path):
    paper = PaperFactory(item=AgendaItemFactory(number=1, level=Level.AMBER))
    path = tmp_path / "export.json"

    run("export_meeting", paper.item.meeting.reference, "-o", str(path))

    entry = json.loads(path.read_text(encoding="utf-8"))["items"][0]["papers"][0]
    assert entry["file"] == "export-papers/item-1-paper-1.pdf"
    with paper.current_version.file.open("rb") as stored:
        assert (tmp_path / entry["file"]).read_bytes() == stored.read()


def test_export_meeting_refuses_to_write_a_meeting_with_papers_to_standard_output(db):
    paper = PaperFactory(item=AgendaItemFactory(number=3))
    with pytest.raises(CommandError, match=r"item 3 has papers: export to a file \(-o\)"):
        run("export_meeting", paper.item.meeting.reference)


def test_export_meeting_of_an_unknown_reference_is_an_error(seed_meeting):
    with pytest.raises(CommandError, match="no meeting 99_0101"):
        run("export_meeting", "99_0101")


def test_export_meeting_of_a_malformed_reference_is_an_error(db):
    with pytest.raises(CommandError, match="'89-1311' is not a meeting reference like 89_1311"):
        run("export_meeting", "89-1311")


def test_export_meeting_of_a_reference_shared_by_two_committees_asks_which(db):
    for code in ("SSC", "TABASC"):
        MeetingFactory(committee=CommitteeFactory(code=code), number=7, date="2020-02-05")
    with pytest.raises(
        CommandError, match='names meetings of several committees: say which, e.g. "SSC 7_0502"'
    ):
        run("export_meeting", "7_0502")


def test_a_meeting_exported_by_the_command_is_imported_back_by_the_command(seed_meeting, tmp_path):
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    run("export_meeting", "89_1311", "-o", str(first))
    seed_meeting.delete()

    run("import_meeting", str(first))
    run("export_meeting", "89_1311", "-o", str(second))

    assert second.read_text(encoding="utf-8") == first.read_text(encoding="utf-8")


# adduser


def _memberships(username):
    return sorted(
        Membership.objects.filter(user__username=username).values_list(
            "committee__code", "role", "level"
        )
    )


def _secretariat_of(username):
    assignments = SecretariatAssignment.objects.filter(user__username=username)
    return sorted(assignments.values_list("committee__code", flat=True))


def test_adduser_clearance_amber_makes_a_member_at_amber_of_every_committee(db):
    CommitteeFactory(code="SSC")
    CommitteeFactory(code="TABASC", name="TABASC")
    assert run("adduser", "alice", "--clearance", "AMBER") == "created alice (clearance AMBER)\n"
    assert _memberships("alice") == [
        ("SSC", "member", Level.AMBER),
        ("TABASC", "member", Level.AMBER),
    ]
    assert _secretariat_of("alice") == []


def test_adduser_memberships_start_today_and_are_current(db):
    CommitteeFactory(code="SSC")
    run("adduser", "alice", "--clearance", "AMBER")
    membership = Membership.objects.get(user__username="alice")
    assert (membership.starts, membership.ends) == (timezone.localdate(), None)
    assert Membership.objects.current().filter(pk=membership.pk).exists()


def test_adduser_clearance_green_makes_no_membership(db):
    CommitteeFactory(code="SSC")
    assert run("adduser", "alice", "--clearance", "GREEN") == "created alice (clearance GREEN)\n"
    assert _memberships("alice") == []


def test_adduser_secretariat_creates_a_secretariat_account(db):
    CommitteeFactory(code="SSC")
    assert run("adduser", "sam", "--clearance", "AMBER", "--secretariat") == (
        "created sam (secretariat)\n"
    )
    sam = User.objects.get(username="sam")
    assert _secretariat_of("sam") == ["SSC"]
    assert sam.is_staff


def test_adduser_secretariat_without_a_code_is_the_secretariat_of_every_committee(db):
    CommitteeFactory(code="SSC")
    CommitteeFactory(code="TABASC", name="TABASC")
    run("adduser", "sam", "--secretariat")
    assert _secretariat_of("sam") == ["SSC", "TABASC"]


def test_adduser_secretariat_with_codes_is_the_secretariat_of_those_only(db):
    CommitteeFactory(code="SSC")
    CommitteeFactory(code="TABASC", name="TABASC")
    run("adduser", "sam", "--secretariat", "TABASC")
    assert _secretariat_of("sam") == ["TABASC"]


def test_adduser_member_options_make_memberships_with_their_roles_and_levels(db):
    CommitteeFactory(code="SSC")
    out = run(
        "adduser",
        "olly",
        "--member",
        "SSC:chair:AMBER",
        "--member",
        "PANEL:observer:green",
    )
    assert out.startswith("created olly (member)\n")
    assert _memberships("olly") == [
        ("PANEL", "observer", Level.GREEN),
        ("SSC", "chair", Level.AMBER),
    ]


def test_adduser_makes_a_committee_it_does_not_know_named_by_its_code(db):
    run("adduser", "olly", "--member", "SMKI:member:AMBER", "--secretariat", "CB")
    assert dict(Committee.objects.values_list("code", "name")) == {"SMKI": "SMKI", "CB": "CB"}


def test_adduser_organisation_makes_a_green_employer(db):
    out = run("adduser", "olly", "--organisation", "Example  Consulting")
    assert out == "created olly (registered)\n  organisation: Example Consulting\n"
    organisation = User.objects.get(username="olly").organisation
    assert (organisation.name, organisation.level, organisation.kind) == (
        "Example Consulting",
        Level.GREEN,
        Organisation.Kind.OTHER,
    )


def test_adduser_organisation_finds_a_party_already_in_the_register_and_keeps_its_level(db):
    party = OrganisationFactory(name="Acme Energy Ltd", level=Level.RED)
    run("adduser", "olly", "--organisation", "acme energy ltd")
    assert User.objects.get(username="olly").organisation == party
    party.refresh_from_db()
    assert party.level == Level.RED


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("SSC", "--member SSC: expected CODE:ROLE:LEVEL"),
        ("SSC:member", "--member SSC:member: expected CODE:ROLE:LEVEL"),
        ("SSC:boss:AMBER", "--member SSC:boss:AMBER: unknown role 'boss'"),
        ("SSC:member:RED", "--member SSC:member:RED: unknown level 'RED'"),
        ("SSC:observer:AMBER", "--member SSC:observer:AMBER: level: An observer holds GREEN"),
        ("A-VERY-LONG-COMMITTEE-CODE:member:AMBER", "--member A-VERY-LONG-COMMITTEE-CODE: code:"),
    ],
)
def test_adduser_refuses_a_bad_member_option_naming_it_and_creates_nothing(db, option, message):
    with pytest.raises(CommandError, match=re.escape(message)):
        run("adduser", "olly", "--member", option)
    assert not User.objects.exists()
    assert not Committee.objects.exists()


def test_adduser_refuses_the_same_committee_twice_as_an_overlapping_membership(db):
    with pytest.raises(CommandError, match="--member SSC:chair:AMBER: starts: .* already holds"):
        run("adduser", "olly", "--member", "SSC:member:AMBER", "--member", "SSC:chair:AMBER")
    assert not User.objects.exists()


def test_adduser_without_a_password_creates_an_account_that_cannot_log_in(db):
    run("adduser", "alice", "--clearance", "GREEN")
    assert not User.objects.get(username="alice").has_usable_password()


def test_adduser_reads_the_password_from_standard_input(db, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("correct horse battery staple\n"))
    run("adduser", "alice", "--clearance", "GREEN", "--password-stdin")
    assert User.objects.get(username="alice").check_password("correct horse battery staple")


def test_adduser_reads_a_password_ended_by_a_windows_line_break(db, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("correct horse battery staple\r\n"))
    run("adduser", "alice", "--clearance", "GREEN", "--password-stdin")
    assert User.objects.get(username="alice").check_password("correct horse battery staple")


def test_adduser_refuses_a_weak_password_and_creates_nobody(db, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("abc123\n"))
    with pytest.raises(CommandError, match="password refused: This password is too short"):
        run("adduser", "alice", "--clearance", "GREEN", "--password-stdin")
    assert not User.objects.filter(username="alice").exists()


def test_adduser_refuses_an_existing_username(db):
    UserFactory(username="alice", clearance=Level.GREEN)
    with pytest.raises(CommandError, match="user 'alice' already exists"):
        run("adduser", "alice", "--clearance", "AMBER")
    assert not Membership.objects.exists()


def test_adduser_refuses_an_invalid_username(db):
    with pytest.raises(CommandError, match="username: Enter a valid username"):
        run("adduser", "a b/c", "--clearance", "GREEN")
    assert not User.objects.exists()


def test_adduser_refuses_an_invalid_email_address(db):
    with pytest.raises(CommandError, match="email: Enter a valid email address"):
        run("adduser", "alice", "--clearance", "GREEN", "--email", "not-an-address")
    assert not User.objects.exists()


def test_adduser_refuses_an_unknown_clearance(db):
    with pytest.raises(CommandError, match="invalid choice: 'PURPLE'"):
        run("adduser", "alice", "--clearance", "PURPLE")
