"""Bad input: the parts of a meeting file of format /2 that /1 lacks (organisations, people,
their memberships and secretariat assignments) and the restriction fields, mutated.

Each refusal names the place in the file, as the rest of the format's refusals do
("people[1] (member) memberships[0].ends: ..."), and writes nothing: neither rows nor paper
files. The meeting is not yet held, so a review date in the past is refused as the forms
refuse it (at any level, for any meeting).
"""

import copy
import datetime
import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import given, note
from hypothesis import strategies as st

from assessments.models import Organisation
from committees.models import Membership, SecretariatAssignment
from meetings.demo import text_pdf
from meetings.exchange import MeetingFileError, import_meeting
from tests.factories import CommitteeFactory, MembershipFactory, UserFactory
from tests.system.bad_input.helpers import budget, outcome, rolled_back, row_counts

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
SOON = (TODAY + datetime.timedelta(days=30)).isoformat()
PAST = "2020-01-01"
USERNAMES = ("chair", "member", "secretariat")


def _restriction(reason: str) -> dict:
    return {"restriction_reason": reason, "review_on": SOON}


def _document() -> dict:
    """A meeting of format /2 whose agenda is out and which is yet to be held: every record
    of every kind, each restricted record with its reason and review date."""
    return {
        "format": "sscportal.meeting/2",
        "committee": {"code": "SSC", "name": "Security Sub-Committee"},
        "number": 97,
        "date": (TODAY + datetime.timedelta(days=60)).isoformat(),
        "status": "agenda_published",
        "attendees": [{"username": "chair", "role": "chair"}, {"username": "member"}],
        "organisations": [
            {"name": "SECAS", "kind": "secas", "classification": "GREEN"},
            {
                "name": "Sample Networks plc",
                "kind": "sec_party",
                "classification": "RED",
                **_restriction("Party under assessment"),
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
                "memberships": [{"role": "member", "level": "AMBER", "starts": "2019-01-01"}],
                "secretariat": [],
            },
            {
                "username": "secretariat",
                "organisation": "SECAS",
                "memberships": [],
                "secretariat": [{"starts": "2019-01-01", "ends": None}],
            },
        ],
        "items": [
            {
                "number": 1,
                "section": "agenda",
                "title": "VUSA Compliance Status",
                "classification": "RED",
                **_restriction("Names a party under security assessment"),
                "recused": ["member"],
                "papers": [
                    {
                        "title": "VUSA report",
                        "classification": "RED",
                        **_restriction("The party's own report"),
                        "file": "papers/risk.pdf",
                    }
                ],
                "decisions": [
                    {
                        "kind": "vusa_compliance_status",
                        "party": "Sample Networks plc",
                        "outcome": "Compliant",
                        **_restriction("Names the party"),
                    }
                ],
                "actions": [
                    {
                        "reference": "SSC97/01",
                        "description": "SECAS to chase the plan.",
                        "owner": "SECAS",
                        **_restriction("About the party"),
                    }
                ],
            }
        ],
    }


DOCUMENT = _document()


@pytest.fixture
def import_dir(tmp_path, db):
    """The file's accounts (no organisation, no membership) and a folder with its paper."""
    for name in USERNAMES:
        UserFactory(username=name)
    base = tmp_path / "import"
    (base / "papers").mkdir(parents=True)
    (base / "papers" / "risk.pdf").write_bytes(text_pdf(["VUSA report"]))
    return base


def media_files(media_root) -> set:
    return {path for path in Path(media_root).rglob("*") if path.is_file()}


def refused(document: dict, base_dir: Path, media_root) -> str:
    """The refusal of `document`, after checking that no row and no paper file was written."""
    before, files = row_counts(), media_files(media_root)
    with pytest.raises(MeetingFileError) as error:
        import_meeting(document, base_dir=base_dir)
    assert row_counts() == before, "a refused import wrote to the database"
    assert media_files(media_root) == files, "a refused import left paper files"
    return str(error.value)


def test_the_starting_file_imports(import_dir):
    meeting = import_meeting(copy.deepcopy(DOCUMENT), base_dir=import_dir)
    assert Membership.objects.count() == 2
    assert meeting.items.get().papers.count() == 1


def _set(path: tuple, value):
    def change(document):
        node = document
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value

    return change


def _append(path: tuple, value):
    def change(document):
        node = document
        for key in path:
            node = node[key]
        node.append(value)

    return change


MEMBER = ("people", 1, "memberships")
REFUSALS = {
    "an unknown organisation kind": (
        _set(("organisations", 0, "kind"), "bank"),
        "organisations[0].kind: unknown value 'bank' (expected sec_party, dcc, secas, other)",
    ),
    "an unknown organisation classification": (
        _set(("organisations", 1, "classification"), "TLP:RED"),
        "organisations[1].classification: unknown classification 'TLP:RED' (expected one of "
        "WHITE, GREEN, AMBER, RED)",
    ),
    "a membership that ends before it starts": (
        _set((*MEMBER, 0, "ends"), "2018-12-31"),
        "people[1] (member) memberships[0].ends: A membership cannot end before it starts "
        "(01 January 2019).",
    ),
    "an overlapping duplicate membership": (
        _append(MEMBER, {"role": "alternate", "level": "AMBER", "starts": "2019-06-01"}),
        "people[1] (member) memberships[1]: overlaps memberships[0] (Member at AMBER from "
        "2019-01-01 with no end): one person holds one membership of a committee at a time",
    ),
    "the same membership twice": (
        _append(MEMBER, {"role": "member", "level": "AMBER", "starts": "2019-01-01"}),
        "people[1] (member) memberships[1]: overlaps memberships[0] (Member at AMBER from "
        "2019-01-01 with no end): one person holds one membership of a committee at a time",
    ),
    "an unknown role": (
        _set((*MEMBER, 0, "role"), "Member"),
        "people[1] (member) memberships[0].role: unknown value 'Member' (expected chair, "
        "member, alternate, observer)",
    ),
    "an unknown level": (
        _set((*MEMBER, 0, "level"), "RED"),
        "people[1] (member) memberships[0].level: unknown level 'RED' (expected AMBER or GREEN)",
    ),
    "a level that is no level": (
        _set((*MEMBER, 0, "level"), "PURPLE"),
        "people[1] (member) memberships[0].level: unknown level 'PURPLE' (expected AMBER or GREEN)",
    ),
    "an observer at AMBER": (
        _set((*MEMBER, 0, "role"), "observer"),
        "people[1] (member) memberships[0].level: An observer holds GREEN only, never AMBER.",
    ),
    "a membership without a start": (
        _set((*MEMBER, 0, "starts"), None),
        "people[1] (member) memberships[0].starts: is missing",
    ),
    "a membership start that is no date": (
        _set((*MEMBER, 0, "starts"), "1/1/2019"),
        "people[1] (member) memberships[0].starts: '1/1/2019' is not a date like 2019-11-13",
    ),
    "a secretariat assignment that ends before it starts": (
        _set(("people", 2, "secretariat", 0, "ends"), "2018-01-01"),
        "people[2] (secretariat) secretariat[0].ends: A secretariat assignment cannot end "
        "before it starts (01 January 2019).",
    ),
    "memberships that are not a list": (
        _set(MEMBER, {"role": "member"}),
        "people[1] (member).memberships: should be a list, not {'role': 'member'}",
    ),
    "a person's organisation the file does not list": (
        _set(("people", 0, "organisation"), "DCC"),
        "people[0] (chair).organisation: 'DCC' is not one of the file's organisations",
    ),
    "an item's review date in the past": (
        _set(("items", 0, "review_on"), PAST),
        "items[0] (item 1).review_on: The review date 1 January 2020 is in the past: give "
        "today or a later date.",
    ),
    "a paper's review date in the past": (
        _set(("items", 0, "papers", 0, "review_on"), PAST),
        "items[0] (item 1) papers[0].review_on: The review date 1 January 2020 is in the past",
    ),
    "a decision's review date in the past": (
        _set(("items", 0, "decisions", 0, "review_on"), PAST),
        "items[0] (item 1) decisions[0].review_on: The review date 1 January 2020 is in the past",
    ),
    "an action's review date in the past": (
        _set(("items", 0, "actions", 0, "review_on"), PAST),
        "items[0] (item 1) actions[0].review_on: The review date 1 January 2020 is in the past",
    ),
    "an organisation's review date in the past": (
        _set(("organisations", 1, "review_on"), PAST),
        "organisations[1].review_on: The review date 1 January 2020 is in the past",
    ),
    "a restriction reason that is no text": (
        _set(("items", 0, "restriction_reason"), 7),
        "items[0] (item 1).restriction_reason: should be a str, not 7",
    ),
}


@pytest.mark.parametrize("change, message", REFUSALS.values(), ids=REFUSALS.keys())
def test_bad_input_in_the_parts_of_format_2_is_refused_naming_the_record(
    import_dir, media_root, change, message
):
    document = copy.deepcopy(DOCUMENT)
    change(document)
    assert refused(document, import_dir, media_root).startswith(message)


def test_a_membership_conflicting_with_one_the_portal_holds_is_refused_naming_it(
    import_dir, media_root
):
    MembershipFactory(
        user=UserFactory(username="member"),
        committee=CommitteeFactory(),
        role="alternate",
        starts=datetime.date(2018, 6, 1),
        ends=datetime.date(2019, 6, 1),
    )
    message = refused(copy.deepcopy(DOCUMENT), import_dir, media_root)
    assert message.startswith(
        "people[1] (member) memberships[0]: member's membership of SSC Alternate at AMBER from "
        "2018-06-01 until 2019-06-01 overlaps this one (Member at AMBER from 2019-01-01 with "
        "no end): an import never changes a membership the portal holds"
    )


# Mutations of the parts of format /2: whatever the junk, a refusal names its place and
# writes nothing, and what is imported is valid.

PEOPLE_PLACE = re.compile(
    r"^(?:organisations(?:\[\d+\](?:\.[a-z_]+)?)?"
    r"|people(?:\[\d+\](?: \(.*\))?(?: [a-z_]+\[\d+\])?(?:\.[a-z_]+)?)?"
    r"|attendees/recused/people): \S"
)
JSON_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=12))
JUNK = st.one_of(
    JSON_SCALARS,
    st.sampled_from(
        ["", " ", "\x00", "AMBER", "GREEN", "RED", "amber", "observer", "chair", "member",
         "secas", "dcc", "other", "SEC party", "2019-01-01", "2018-12-31", "2030-01-01",
         PAST, "2019-02-30", "SECAS", "Sample Networks plc", "sample networks plc", "x" * 201]
    ),
    st.lists(JSON_SCALARS, max_size=2),
    st.dictionaries(st.sampled_from(["role", "level", "starts", "ends"]), JSON_SCALARS),
)  # fmt: skip


def _places(node, path=()):
    yield path
    children = (
        node.items()
        if isinstance(node, dict)
        else enumerate(node)
        if isinstance(node, list)
        else ()
    )
    for key, child in children:
        yield from _places(child, (*path, key))


PLACES = [
    path
    for path in _places(DOCUMENT)
    if path and path[0] in {"organisations", "people"} and len(path) > 1
]


def _imported_records_are_valid():
    records = [
        *Membership.objects.all(),
        *SecretariatAssignment.objects.all(),
        *Organisation.objects.all(),
    ]
    for record in records:
        try:
            record.full_clean()
        except ValidationError as error:
            pytest.fail(f"imported {record._meta.label} {record.pk} is invalid: {error}")


@budget(150)
@given(data=st.data())
def test_junk_in_the_people_and_organisations_is_imported_valid_or_refused_naming_its_place(
    import_dir, media_root, data
):
    document = copy.deepcopy(DOCUMENT)
    for _ in range(data.draw(st.integers(1, 2), label="changes")):
        path = data.draw(st.sampled_from(PLACES), label="place")
        node = document
        try:
            for key in path[:-1]:
                node = node[key]
            node[path[-1]] = data.draw(JUNK, label=str(path))
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change replaced what held this place
    with rolled_back():
        before, files = row_counts(), media_files(media_root)
        try:
            meeting = import_meeting(document, base_dir=import_dir)
        except MeetingFileError as error:
            outcome(refused=True)
            message = str(error)
            note(f"refused: {message[:300]!r}")
            assert PEOPLE_PLACE.match(message), f"the refusal names no place: {message!r}"
            assert row_counts() == before, "a refused import wrote to the database"
            assert media_files(media_root) == files, "a refused import left paper files"
        else:
            outcome(refused=False)
            assert meeting.pk
            _imported_records_are_valid()
