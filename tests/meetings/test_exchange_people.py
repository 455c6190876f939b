"""The meeting exchange format /2 (docs/DESIGN.md, "Meeting exchange format"): the people a
meeting names, their organisations and their standing in its committee, exported and
imported; files of format /1 still import as they always did.

An import adds the organisations, memberships and secretariat assignments the portal lacks,
says so, and never changes what the portal holds: a file that contradicts it is refused,
naming the record, and nothing is written.
"""

import copy
import datetime
import io
import json
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from assessments.models import Assessment, Organisation
from audit.models import AuditEvent
from classification.levels import Level, MeetingStatus
from classification.restrictions import default_review_on
from committees.models import Committee, Membership, SecretariatAssignment
from headlines.models import HeadlinesVersion
from meetings.demo import SEED_MEETING
from meetings.exchange import (
    FORMAT,
    FORMAT_1,
    MeetingFileError,
    export_meeting,
    import_meeting,
    load_meeting_file,
)
from meetings.models import Meeting
from meetings.services import attendance_record, recusal_add
from tests.factories import (
    ActionFactory,
    AgendaItemFactory,
    CommitteeFactory,
    DecisionFactory,
    DeclarationFactory,
    MeetingFactory,
    MembershipFactory,
    OrganisationFactory,
    PaperFactory,
    SecretariatAssignmentFactory,
    UserFactory,
    decision_kind,
)

pytestmark = pytest.mark.django_db

User = get_user_model()

IN_A_MONTH = timezone.localdate() + datetime.timedelta(days=30)
IN_A_YEAR = timezone.localdate() + datetime.timedelta(days=365)
STANDING = [Organisation, Membership, SecretariatAssignment, Committee, Meeting]


def restricted(reason: str, review_on: datetime.date = IN_A_MONTH) -> dict:
    return {"restriction_reason": reason, "review_on": review_on}


def standing_counts() -> dict:
    return {model.__name__: model.objects.count() for model in STANDING}


def refusal(document: dict, base_dir: Path) -> str:
    """The message of the refused import of `document`, after checking nothing was written."""
    before = standing_counts(), list(User.objects.values_list("username", "organisation"))
    with pytest.raises(MeetingFileError) as error:
        import_meeting(copy.deepcopy(document), base_dir=base_dir)
    assert (standing_counts(), list(User.objects.values_list("username", "organisation"))) == (
        before
    )
    return str(error.value)


def empty_the_portal_but_its_accounts() -> None:
    """Delete every meeting (with its published Headlines, which the format does not carry),
    committee, organisation, membership and assignment; the accounts stay (an import never
    creates one), without their organisations. The audit log goes too, as in a new portal:
    its events name the committees (the application itself never deletes one)."""
    AuditEvent.objects.all()._raw_delete(AuditEvent.objects.db)
    HeadlinesVersion.objects.all().delete()
    Meeting.objects.all().delete()
    Membership.objects.all().delete()
    SecretariatAssignment.objects.all().delete()
    User.objects.update(organisation=None)
    Assessment.objects.all().delete()
    Organisation.objects.all().delete()
    Committee.objects.all().delete()


def with_paper_bytes(document: dict, base_dir: Path) -> dict:
    """`document` with each paper's file path replaced by the file's content."""
    document = copy.deepcopy(document)
    for item in document["items"]:
        for paper in item["papers"]:
            paper["file"] = (base_dir / paper["file"]).read_bytes()
    return document


def write(folder: Path, document: dict, name: str = "meeting.json") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


# A meeting with every kind of record


@pytest.fixture
def full_meeting(db):
    """A held SSC meeting naming people of three organisations, with their memberships (one
    changed during the year, one an observer's), a secretariat assignment, and items of every
    level: papers (one withdrawn, one unpublished), decisions on two parties, actions owned by a
    user and by an organisation, a recusal from a RED item, declarations of interest (one
    recusing the declarant, one noted above its item's level), each with its own restriction."""
    ssc = CommitteeFactory(code="SSC")
    tabasc = CommitteeFactory(code="TABASC", name="Technical Architecture")
    secas = OrganisationFactory(name="SECAS", kind=Organisation.Kind.SECAS, level=Level.GREEN)
    sample = OrganisationFactory(
        name="Sample Networks plc", level=Level.RED, **restricted("Party under assessment")
    )
    demo_gas = OrganisationFactory(
        name="Demo Gas Ltd", level=Level.AMBER, **restricted("Named to members only", IN_A_YEAR)
    )
    consulting = OrganisationFactory(
        name="Example Consulting", kind=Organisation.Kind.OTHER, level=Level.GREEN
    )
    people = {
        "chair": UserFactory(username="chair", organisation=secas),
        "member": UserFactory(username="member", organisation=sample),
        "observer": UserFactory(username="observer", organisation=consulting),
        "secretariat": UserFactory(username="secretariat", organisation=secas),
        "owner": UserFactory(username="owner"),
    }
    MembershipFactory(user=people["chair"], committee=ssc, role="chair")
    MembershipFactory(user=people["member"], committee=ssc, ends=datetime.date(2020, 1, 1))
    MembershipFactory(
        user=people["member"], committee=ssc, role="alternate", starts=datetime.date(2020, 1, 1)
    )
    MembershipFactory(user=people["member"], committee=tabasc)
    MembershipFactory(user=people["observer"], committee=ssc, role="observer", level=Level.GREEN)
    SecretariatAssignmentFactory(user=people["secretariat"], committee=ssc)
    meeting = MeetingFactory(
        committee=ssc,
        number=95,
        date=datetime.date(2020, 3, 11),
        status=MeetingStatus.HELD,
        location="SECAS offices",
    )
    for username, role in [
        ("chair", "chair"),
        ("member", "member"),
        ("observer", "observer"),
        ("secretariat", "secretariat"),
    ]:
        attendance_record(meeting=meeting, user=people[username], role=role, by=None)

    white = AgendaItemFactory(meeting=meeting, number=1, section="matters_arising")
    PaperFactory(item=white, title="Modification updates")
    green = AgendaItemFactory(meeting=meeting, number=2, level=Level.GREEN, published_at=None)
    amber = AgendaItemFactory(
        meeting=meeting, number=3, level=Level.AMBER, minutes="Risks noted.", **restricted("Risks")
    )
    PaperFactory(item=amber, title="Risk register", **restricted("Risks"))
    PaperFactory(item=amber, title="Withdrawn draft", withdrawn_at=timezone.now())
    PaperFactory(
        item=amber, title="Not yet out", published_at=None, level=Level.RED, **restricted("Raw")
    )
    ActionFactory(
        item=amber, reference="SSC95/01", owner_organisation="", owner_user=people["owner"]
    )
    DecisionFactory(
        item=amber,
        kind=decision_kind("ssa"),
        party=demo_gas,
        level=Level.AMBER,
        **restricted("Names a party", IN_A_YEAR),
    )
    red = AgendaItemFactory(
        meeting=meeting,
        number=4,
        level=Level.RED,
        headline_mode="counted",
        minutes="Compliant, with a plan.",
        **restricted("Names parties under security assessment"),
    )
    PaperFactory(item=red, title="VUSA report", **restricted("The party's own report"))
    DecisionFactory(
        item=red,
        kind=decision_kind("vusa_compliance_status"),
        party=sample,
        outcome="Compliant, subject to a Remediation Plan",
        level=Level.RED,
        **restricted("Names the party"),
    )
    ActionFactory(item=red, reference="SSC95/02", owner_organisation="SECAS", level=Level.RED)
    recusal_add(item=red, user=people["member"], reason="Their own company", by=None)
    # Written by the factory, not the service, whose audit events would keep the committee
    # from being emptied out of the portal: the member is recused from the item above.
    DeclarationFactory(
        item=red,
        declarant=people["member"],
        text="Sample Networks plc employs me.",
        chair_decision="recused",
    )
    DeclarationFactory(
        item=amber,
        declarant=people["observer"],
        text="I advised Demo Gas Ltd last year.",
        level=Level.RED,
        **restricted("Names a client"),
    )
    assert green.level == Level.GREEN
    return meeting


def test_a_meeting_with_every_kind_of_record_round_trips_through_an_empty_portal(
    full_meeting, tmp_path
):
    first_dir, second_dir = tmp_path / "first", tmp_path / "second"
    first = export_meeting(full_meeting, papers_dir=first_dir / "papers", base_dir=first_dir)
    path = write(first_dir, first, "export.json")
    empty_the_portal_but_its_accounts()
    assert standing_counts() == dict.fromkeys(standing_counts(), 0)

    again = load_meeting_file(path)
    second = export_meeting(again, papers_dir=second_dir / "papers", base_dir=second_dir)

    assert with_paper_bytes(second, second_dir) == with_paper_bytes(first, first_dir)


def test_the_round_trip_export_holds_each_kind_of_record_it_is_meant_to_prove(
    full_meeting, tmp_path
):
    document = export_meeting(full_meeting, papers_dir=tmp_path / "papers", base_dir=tmp_path)
    items = {item["number"]: item for item in document["items"]}
    assert {item["classification"] for item in items.values()} == {"WHITE", "GREEN", "AMBER", "RED"}
    assert items[4]["recused"] == ["member"]
    assert [(d["declarant"], d["chair_decision"]) for d in items[4]["declarations"]] == [
        ("member", "recused")
    ]
    assert [d["classification"] for d in items[3]["declarations"]] == ["RED"]
    assert [paper["withdrawn"] for paper in items[3]["papers"]] == [False, True, False]
    assert [paper["published"] for paper in items[3]["papers"]] == [True, True, False]
    assert [action["owner"] for action in items[3]["actions"] + items[4]["actions"]] == [
        "owner",
        "SECAS",
    ]
    assert [person["username"] for person in document["people"]] == [
        "chair",
        "member",
        "observer",
        "owner",
        "secretariat",
    ]


def test_an_export_is_of_format_2(full_meeting, tmp_path):
    document = export_meeting(full_meeting, papers_dir=tmp_path / "papers", base_dir=tmp_path)
    assert document["format"] == FORMAT == "sscportal.meeting/2"


def test_an_export_lists_the_organisations_of_its_people_and_decisions_by_name(
    full_meeting, tmp_path
):
    document = export_meeting(full_meeting, papers_dir=tmp_path / "papers", base_dir=tmp_path)
    assert document["organisations"] == [
        {
            "name": "Demo Gas Ltd",
            "kind": "sec_party",
            "classification": "AMBER",
            "restriction_reason": "Named to members only",
            "review_on": IN_A_YEAR.isoformat(),
        },
        {
            "name": "Example Consulting",
            "kind": "other",
            "classification": "GREEN",
            "restriction_reason": "",
            "review_on": None,
        },
        {
            "name": "SECAS",
            "kind": "secas",
            "classification": "GREEN",
            "restriction_reason": "",
            "review_on": None,
        },
        {
            "name": "Sample Networks plc",
            "kind": "sec_party",
            "classification": "RED",
            "restriction_reason": "Party under assessment",
            "review_on": IN_A_MONTH.isoformat(),
        },
    ]


def test_an_export_gives_each_person_their_organisation_and_memberships_of_its_committee(
    full_meeting, tmp_path
):
    document = export_meeting(full_meeting, papers_dir=tmp_path / "papers", base_dir=tmp_path)
    people = {person["username"]: person for person in document["people"]}
    assert people["member"] == {
        "username": "member",
        "organisation": "Sample Networks plc",
        "memberships": [
            {"role": "member", "level": "AMBER", "starts": "2019-01-01", "ends": "2020-01-01"},
            {"role": "alternate", "level": "AMBER", "starts": "2020-01-01", "ends": None},
        ],
        "secretariat": [],
    }
    assert people["observer"]["memberships"] == [
        {"role": "observer", "level": "GREEN", "starts": "2019-01-01", "ends": None}
    ]


def test_an_export_gives_the_secretariat_its_assignment_to_the_committee(full_meeting, tmp_path):
    document = export_meeting(full_meeting, papers_dir=tmp_path / "papers", base_dir=tmp_path)
    people = {person["username"]: person for person in document["people"]}
    assert people["secretariat"]["secretariat"] == [{"starts": "2019-01-01", "ends": None}]
    assert people["secretariat"]["memberships"] == []


def test_an_export_names_a_person_without_an_organisation_as_null(full_meeting, tmp_path):
    document = export_meeting(full_meeting, papers_dir=tmp_path / "papers", base_dir=tmp_path)
    owner = next(person for person in document["people"] if person["username"] == "owner")
    assert owner == {
        "username": "owner",
        "organisation": None,
        "memberships": [],
        "secretariat": [],
    }


def test_an_export_writes_the_restriction_of_each_item_paper_decision_and_action(
    full_meeting, tmp_path
):
    document = export_meeting(full_meeting, papers_dir=tmp_path / "papers", base_dir=tmp_path)
    red = document["items"][3]
    records = [red, red["papers"][0], red["decisions"][0], red["actions"][0]]
    assert [(record["restriction_reason"], record["review_on"]) for record in records] == [
        ("Names parties under security assessment", IN_A_MONTH.isoformat()),
        ("The party's own report", IN_A_MONTH.isoformat()),
        ("Names the party", IN_A_MONTH.isoformat()),
        ("RED in the tests", default_review_on().isoformat()),
    ]


# Import: what a file of format /2 adds, and what it refuses


@pytest.fixture
def accounts(db):
    """The accounts the file names, with no organisation and no standing in any committee."""
    return {name: UserFactory(username=name) for name in ("chair", "member", "secretariat")}


def document_2() -> dict:
    """A held meeting of format /2: two organisations, three people, one RED item."""
    return {
        "format": "sscportal.meeting/2",
        "committee": {"code": "SSC", "name": "Security Sub-Committee"},
        "number": 95,
        "date": "2020-03-11",
        "status": "held",
        "attendees": [{"username": "chair", "role": "chair"}, {"username": "member"}],
        "organisations": [
            {"name": "SECAS", "kind": "secas", "classification": "GREEN"},
            {
                "name": "Sample Networks plc",
                "kind": "sec_party",
                "classification": "RED",
                "restriction_reason": "Party under assessment",
                "review_on": IN_A_MONTH.isoformat(),
            },
        ],
        "people": [
            {
                "username": "chair",
                "organisation": "SECAS",
                "memberships": [
                    {"role": "chair", "level": "AMBER", "starts": "2019-01-01", "ends": None}
                ],
                "secretariat": [],
            },
            {
                "username": "member",
                "organisation": "Sample Networks plc",
                "memberships": [
                    {"role": "member", "level": "AMBER", "starts": "2019-01-01"},
                    {"role": "observer", "level": "GREEN", "starts": "2018-01-01",
                     "ends": "2019-01-01"},
                ],
            },
            {
                "username": "secretariat",
                "organisation": "SECAS",
                "secretariat": [{"starts": "2019-01-01"}],
            },
        ],
        "items": [
            {
                "number": 1,
                "section": "agenda",
                "title": "VUSA Compliance Status",
                "classification": "RED",
                "restriction_reason": "Names a party under security assessment",
                "review_on": IN_A_MONTH.isoformat(),
                "recused": ["member"],
                "decisions": [
                    {
                        "kind": "vusa_compliance_status",
                        "party": "Sample Networks plc",
                        "outcome": "Compliant",
                    }
                ],
            }
        ],
    }  # fmt: skip


def memberships() -> list[tuple]:
    return list(
        Membership.objects.order_by("user__username", "starts").values_list(
            "user__username", "committee__code", "role", "level", "starts", "ends"
        )
    )


def test_a_file_of_format_2_makes_the_organisations_it_lists_as_it_says(accounts, tmp_path):
    import_meeting(document_2(), base_dir=tmp_path)
    assert set(
        Organisation.objects.values_list("name", "kind", "level", "restriction_reason", "review_on")
    ) == {
        ("SECAS", "secas", Level.GREEN, "", None),
        ("Sample Networks plc", "sec_party", Level.RED, "Party under assessment", IN_A_MONTH),
    }


def test_a_decisions_party_listed_among_the_organisations_is_that_organisation(accounts, tmp_path):
    meeting = import_meeting(document_2(), base_dir=tmp_path)
    party = meeting.items.get().decisions.get().party
    assert (party.name, party.restriction_reason) == (
        "Sample Networks plc",
        "Party under assessment",
    )


def test_a_file_of_format_2_gives_an_account_without_one_its_organisation(accounts, tmp_path):
    import_meeting(document_2(), base_dir=tmp_path)
    assert dict(User.objects.values_list("username", "organisation__name")) == {
        "chair": "SECAS",
        "member": "Sample Networks plc",
        "secretariat": "SECAS",
    }


def test_a_file_of_format_2_adds_the_memberships_and_assignments_the_portal_lacks(
    accounts, tmp_path
):
    import_meeting(document_2(), base_dir=tmp_path)
    day = datetime.date
    assert memberships() == [
        ("chair", "SSC", "chair", Level.AMBER, day(2019, 1, 1), None),
        ("member", "SSC", "observer", Level.GREEN, day(2018, 1, 1), day(2019, 1, 1)),
        ("member", "SSC", "member", Level.AMBER, day(2019, 1, 1), None),
    ]
    assert list(
        SecretariatAssignment.objects.values_list("user__username", "committee__code", "starts")
    ) == [("secretariat", "SSC", day(2019, 1, 1))]


def test_each_membership_an_import_adds_is_recorded_in_the_audit_log(accounts, tmp_path):
    import_meeting(document_2(), base_dir=tmp_path)
    added = AuditEvent.objects.filter(kind=AuditEvent.Kind.MEMBERSHIP_ADDED)
    assert sorted((event.detail["member"], event.detail["role"]) for event in added) == [
        ("chair", "chair"),
        ("member", "member"),
        ("member", "observer"),
    ]


def test_an_import_tells_each_organisation_person_and_standing_it_added(accounts, tmp_path):
    added: list[str] = []
    import_meeting(document_2(), base_dir=tmp_path, added=added)
    assert added == [
        "organisation: SECAS (SECAS, GREEN)",
        "organisation: Sample Networks plc (SEC party, RED)",
        "organisation of chair: SECAS",
        "membership of SSC: chair, Chair at AMBER from 2019-01-01 with no end",
        "organisation of member: Sample Networks plc",
        "membership of SSC: member, Member at AMBER from 2019-01-01 with no end",
        "membership of SSC: member, Observer at GREEN from 2018-01-01 until 2019-01-01",
        "organisation of secretariat: SECAS",
        "secretariat assignment of SSC: secretariat, from 2019-01-01 with no end",
    ]


def test_what_the_portal_already_holds_is_kept_and_not_told(accounts, tmp_path):
    import_meeting(document_2(), base_dir=tmp_path)
    told = AuditEvent.objects.filter(kind__startswith="membership.").values_list("pk", flat=True)
    before = memberships(), list(told)
    second = document_2()
    second["number"] = 96

    added: list[str] = []
    import_meeting(second, base_dir=tmp_path, added=added)

    assert added == []
    assert (memberships(), list(told)) == before


def test_a_membership_overlapping_a_different_one_the_portal_holds_is_refused_naming_both(
    accounts, tmp_path
):
    CommitteeFactory(code="SSC")
    MembershipFactory(
        user=accounts["member"], committee=Committee.objects.get(), role="observer", level=1
    )
    message = refusal(document_2(), tmp_path)
    assert message == (
        "people[1] (member) memberships[0]: member's membership of SSC Observer at GREEN from "
        "2019-01-01 with no end overlaps this one (Member at AMBER from 2019-01-01 with no "
        "end): an import never changes a membership the portal holds; change it on the "
        "committee's members page, or correct the file"
    )


def test_an_assignment_overlapping_one_the_portal_holds_is_refused_naming_both(accounts, tmp_path):
    SecretariatAssignmentFactory(
        user=accounts["secretariat"], committee=CommitteeFactory(), starts=datetime.date(2019, 6, 1)
    )
    message = refusal(document_2(), tmp_path)
    assert message.startswith(
        "people[2] (secretariat) secretariat[0]: secretariat's secretariat assignment of SSC "
        "from 2019-06-01 with no end overlaps this one (from 2019-01-01 with no end)"
    )


def test_an_organisation_the_portal_holds_as_another_kind_is_refused_naming_it(accounts, tmp_path):
    OrganisationFactory(name="SECAS", kind=Organisation.Kind.OTHER, level=Level.GREEN)
    message = refusal(document_2(), tmp_path)
    assert message == (
        "organisations[0]: the portal holds SECAS as Other at GREEN, the file as SECAS at "
        "GREEN: an import never changes an organisation the portal holds; change it in the "
        "register, or correct the file"
    )


def test_an_organisation_the_portal_holds_at_a_lower_level_is_refused_naming_it(accounts, tmp_path):
    OrganisationFactory(name="sample networks PLC", level=Level.AMBER)
    message = refusal(document_2(), tmp_path)
    assert message.startswith(
        "organisations[1]: the portal holds sample networks PLC as SEC party at AMBER, the "
        "file as SEC party at RED"
    )


def test_an_organisation_the_portal_holds_at_a_higher_level_is_used_as_it_holds_it(
    accounts, tmp_path
):
    secas = OrganisationFactory(name="SECAS", kind=Organisation.Kind.SECAS, level=Level.AMBER)
    added: list[str] = []
    import_meeting(document_2(), base_dir=tmp_path, added=added)
    secas.refresh_from_db()
    assert secas.level == Level.AMBER
    assert "organisation: SECAS (SECAS, GREEN)" not in added


def test_a_person_of_another_organisation_is_refused_naming_them(accounts, tmp_path):
    accounts["member"].organisation = OrganisationFactory(name="Demo Gas Ltd")
    accounts["member"].save()
    message = refusal(document_2(), tmp_path)
    assert message == (
        "people[1] (member).organisation: member works for Demo Gas Ltd in this portal, not "
        "for Sample Networks plc: an import never moves a person to another organisation"
    )


def test_a_persons_organisation_missing_from_the_files_organisations_is_refused(accounts, tmp_path):
    document = document_2()
    document["people"][0]["organisation"] = "DCC"
    message = refusal(document, tmp_path)
    assert message == "people[0] (chair).organisation: 'DCC' is not one of the file's organisations"


def test_a_person_listed_twice_is_refused_naming_the_second(accounts, tmp_path):
    document = document_2()
    document["people"].append({"username": "chair"})
    assert refusal(document, tmp_path) == "people[3].username: chair is listed twice"


def test_an_organisation_listed_twice_is_refused_naming_the_second(accounts, tmp_path):
    document = document_2()
    document["organisations"].append({"name": "secas", "kind": "secas", "classification": "GREEN"})
    assert refusal(document, tmp_path) == "organisations[2].name: secas is listed twice"


def test_unknown_usernames_among_the_people_are_named_with_the_others(accounts, tmp_path):
    document = document_2()
    document["people"].append({"username": "zoe"})
    document["attendees"].append({"username": "adam"})
    assert refusal(document, tmp_path) == (
        "attendees/recused/people: unknown username(s): adam, zoe"
    )


# Files of format /1 import as they always did


def test_a_file_of_format_1_ignores_people_and_organisations_as_it_always_did(accounts, tmp_path):
    document = document_2()
    document["format"] = FORMAT_1
    document["people"].append({"username": "nobody at all"})
    added: list[str] = []
    meeting = import_meeting(document, base_dir=tmp_path, added=added)
    assert added == []
    assert not Membership.objects.exists() and not SecretariatAssignment.objects.exists()
    assert not User.objects.filter(organisation__isnull=False).exists()
    # The decision's party is made as a file of format /1 always made it: RED, kind SEC party.
    party = meeting.items.get().decisions.get().party
    assert (party.kind, party.level) == (Organisation.Kind.SEC_PARTY, Level.RED)
    assert list(Organisation.objects.values_list("name", flat=True)) == ["Sample Networks plc"]


def test_the_seed_meeting_of_format_1_exports_as_format_2_and_round_trips(accounts, tmp_path):
    for username, role in [("chair", "chair"), ("member", "member")]:
        MembershipFactory(user=accounts[username], committee=CommitteeFactory(), role=role)
    first = export_meeting(load_meeting_file(SEED_MEETING))
    assert json.loads(SEED_MEETING.read_text(encoding="utf-8"))["format"] == FORMAT_1
    assert first["format"] == FORMAT
    empty_the_portal_but_its_accounts()

    again = import_meeting(json.loads(json.dumps(first)), base_dir=tmp_path)

    assert export_meeting(again) == first


def test_every_meeting_of_the_demo_round_trips_through_an_empty_portal(settings, tmp_path):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    meetings = list(Meeting.objects.order_by("committee__code", "number"))
    first = {}
    for meeting in meetings:
        folder = tmp_path / "first" / str(meeting.pk)
        document = export_meeting(meeting, papers_dir=folder / "papers", base_dir=folder)
        first[str(meeting)] = (write(folder, document), with_paper_bytes(document, folder))
    empty_the_portal_but_its_accounts()

    second = {}
    for path, _ in first.values():
        meeting = load_meeting_file(path)
        folder = tmp_path / "second" / str(meeting.pk)
        document = export_meeting(meeting, papers_dir=folder / "papers", base_dir=folder)
        second[str(meeting)] = with_paper_bytes(document, folder)

    assert second == {name: document for name, (_, document) in first.items()}
