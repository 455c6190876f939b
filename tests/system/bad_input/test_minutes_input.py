"""Bad input: the minute-taking page: decisions, actions, minutes and the state of a save."""

import datetime

import pytest
from django import forms
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from assessments.models import Organisation
from classification.levels import Level
from meetings.models import Action, Decision
from tests.factories import (
    ActionFactory,
    AgendaItemFactory,
    MeetingFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.system.bad_input.helpers import (
    DECISION_KINDS,
    HTMX,
    LEVEL_JUNK,
    LEVEL_VALUES,
    SCRIPT,
    SPECIAL_TEXT,
    assert_escaped,
    budget,
    char_refused,
    database_rows,
    date_refused,
    form_data,
    integer_refused,
    maybe,
    one_line_refused,
    outcome,
    page_text,
    rolled_back,
    sent,
    stored_text,
    texts,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def held_agenda(db, secretariat):
    """A held meeting whose minutes are a draft; item 1 is AMBER, with action SSC91/01."""
    meeting = MeetingFactory(number=91, status="held")
    item = AgendaItemFactory(meeting=meeting, number=1, level=Level.AMBER)
    ActionFactory(item=item, reference="SSC91/01", level=Level.AMBER)
    OrganisationFactory(name="Demo Gas Ltd", level=Level.RED)
    OrganisationFactory(name="Amber Party Ltd", level=Level.AMBER)
    UserFactory(username="member", clearance=Level.AMBER)
    return meeting


def minutes_url(name, meeting, item):
    return reverse(f"meetings:{name}", args=[meeting.committee.code, meeting.number, item.pk])


PARTY_NAMES = [
    "Demo Gas Ltd", "demo gas ltd", "  Demo   Gas\tLtd ", "DEMO GAS LTD", "Amber Party Ltd",
    "amber party ltd", "New Party plc",
]  # fmt: skip
OUTCOMES = sorted({outcome for outcomes in DECISION_KINDS.values() for outcome in outcomes})


@st.composite
def decision_fields(draw):
    kind = draw(st.sampled_from(sorted(DECISION_KINDS)), label="kind code")
    return draw(
        form_data(
            valid={
                "kind": st.just(kind),
                "party": st.one_of(st.just(""), st.sampled_from(PARTY_NAMES), st.text(max_size=40)),
                "outcome": st.sampled_from(DECISION_KINDS[kind]),
                "note": texts(100),
                "level": st.just("3"),
            },
            junk={
                "kind": maybe(texts(20)),
                "party": maybe(st.one_of(texts(40), st.just("P" * 201))),
                "outcome": maybe(st.one_of(st.sampled_from(OUTCOMES), texts(20))),
                "note": st.sampled_from(SPECIAL_TEXT),
                "level": maybe(st.one_of(st.sampled_from(["0", "1", "2"]), LEVEL_JUNK)),
            },
        )
    )


def decision_refusals(data, item) -> set[str]:
    refused = set()
    kind = DECISION_KINDS.get(data["kind"] or "")
    if kind is None:
        refused.add("Kind")
    bad_outcome = char_refused(data["outcome"], required=False, max_length=200)
    if bad_outcome or (kind and stored_text(data["outcome"]) not in kind):
        refused.add("Outcome")
    if char_refused(data["party"], required=False, max_length=200):
        refused.add("Party")
    if char_refused(data["note"], required=False):
        refused.add("Note or conditions")
    if data["level"] not in LEVEL_VALUES or int(data["level"]) < item.level:
        refused.add("Classification")
    elif not refused:  # the service checks the level against the party's, once the form is valid
        name = " ".join(stored_text(data["party"]).split()).casefold()
        parties = {p.name.casefold(): p.level for p in Organisation.objects.all()}
        if name and int(data["level"]) < parties.get(name, Level.RED):
            refused.add("Classification")
    return refused


@budget(60)
@given(data=decision_fields())
@example(
    data={
        "kind": "ssa",
        "party": f"{SCRIPT} Ltd",
        "outcome": "Noted",
        "note": SCRIPT,
        "level": "3",
    }
)
def test_recording_a_decision_stores_good_input_and_refuses_bad_naming_the_field(
    secretariat_client, held_agenda, data
):
    meeting = held_agenda
    item = meeting.items.get(number=1)
    refused = decision_refusals(data, item)
    outcome(refused)
    fields = {f"decision-{item.pk}-{name}": value for name, value in sent(data).items()}
    with rolled_back():
        before = database_rows()
        response = secretariat_client.post(
            minutes_url("minutes_decision_record", meeting, item), fields, headers=HTMX
        )
        assert response.status_code == 200
        text = page_text(response)
        if refused:
            assert "The decision was not recorded" in text
            for label in refused:
                assert f"{label}: " in text, f"{label} is not named"
            assert database_rows() == before
            return
        assert "The decision was not recorded" not in text
        decision = Decision.objects.get(item=item)
        assert decision.kind.code == data["kind"]
        assert decision.outcome == stored_text(data["outcome"])
        assert decision.note == stored_text(data["note"])
        assert decision.level == int(data["level"])
        party = " ".join(stored_text(data["party"]).split())
        if party:
            assert decision.party.name.casefold() == party.casefold()
            assert_escaped(response, decision.party.name)
        else:
            assert decision.party is None
        assert_escaped(response, decision.note)


DUE_DATES = st.one_of(
    st.dates().map(datetime.date.isoformat),
    texts(12),
    st.sampled_from(
        [
            "2019-02-30",
            "31/12/2019",
            "12/31/2019",
            "2019-12-31T10:00",
            "0001-01-01",
            "9999-12-31",
            "10000-01-01",
            " 2019-12-11 ",
            "2019-12-11\x00",
            "²⁰¹⁹-12-11",
        ]
    ),  # fmt: skip
)
ACTION_FIELDS = form_data(
    valid={
        "reference": st.one_of(
            st.none(), st.just(""), st.integers(2, 99).map(lambda n: f"SSC91/{n:02d}")
        ),
        "description": st.text(min_size=1, max_size=100),
        "owner": st.one_of(
            st.sampled_from(["member", "DCC", "SECAS"]), st.text(min_size=1, max_size=30)
        ),
        "due": st.one_of(st.none(), st.just(""), st.dates().map(datetime.date.isoformat)),
        "level": st.sampled_from(["2", "3"]),
    },
    junk={
        "reference": maybe(
            st.one_of(texts(20), st.sampled_from(["SSC91/01", " SSC91/01 ", "x" * 31]))
        ),
        "description": maybe(texts(100)),
        "owner": maybe(st.one_of(texts(20), st.sampled_from([" member ", "x" * 121]))),
        "due": DUE_DATES,
        "level": maybe(st.one_of(st.sampled_from(["0", "1"]), LEVEL_JUNK)),
    },
)


def action_refusals(data, item) -> set[str]:
    refused = set()
    if char_refused(data["reference"], required=False, max_length=30) or one_line_refused(
        data["reference"]
    ):
        refused.add("Reference")
    if char_refused(data["description"], required=True):
        refused.add("Action")
    if char_refused(data["owner"], required=True, max_length=120):
        refused.add("Owner")
    if date_refused(data["due"]):
        refused.add("Due")
    if data["level"] not in LEVEL_VALUES or int(data["level"]) < item.level:
        refused.add("Classification")
    reference = stored_text(data["reference"])
    if not refused and reference and Action.objects.filter(reference=reference).exists():
        refused.add("Reference")  # the service checks it, once the form is valid
    return refused


@budget(60)
@given(data=ACTION_FIELDS)
# A control character in the reference, with other fields refused too: the form names it.
@example(data={"reference": "\x1b", "description": "", "owner": "", "due": None, "level": "2"})
@example(
    data={
        "reference": "SSC91/02",
        "description": SCRIPT,
        "owner": "<b>DCC</b>",
        "due": "2019-12-11",
        "level": "2",
    }
)
def test_raising_an_action_stores_good_input_and_refuses_bad_naming_the_field(
    secretariat_client, held_agenda, data
):
    meeting = held_agenda
    item = meeting.items.get(number=1)
    refused = action_refusals(data, item)
    outcome(refused)
    fields = {f"action-{item.pk}-{name}": value for name, value in sent(data).items()}
    with rolled_back():
        before = database_rows()
        response = secretariat_client.post(
            minutes_url("minutes_action_raise", meeting, item), fields, headers=HTMX
        )
        assert response.status_code == 200
        text = page_text(response)
        if refused:
            assert "The action was not raised" in text
            for label in refused:
                assert f"{label}: " in text, f"{label} is not named"
            assert database_rows() == before
            return
        assert "The action was not raised" not in text
        action = Action.objects.exclude(reference="SSC91/01").get(item=item)
        assert action.reference == (stored_text(data["reference"]) or "SSC91/02")
        assert action.description == stored_text(data["description"])
        owner = " ".join(stored_text(data["owner"]).split())
        assert action.owner == owner
        assert (action.owner_user is not None) == (owner == "member")
        assert action.due == forms.DateField(required=False).clean(data["due"])
        assert action.level == int(data["level"])
        assert_escaped(response, action.description)
        assert_escaped(response, action.owner)


MINUTES_FIELDS = form_data(
    valid={"minutes": texts(200), "version": st.just("1"), "overwrite": st.none()},
    junk={
        "minutes": st.sampled_from(SPECIAL_TEXT),
        "version": maybe(
            st.one_of(st.sampled_from([" 1 ", "2", "0", "-1", "1.0", "9" * 30]), texts(6))
        ),
        "overwrite": st.one_of(st.sampled_from(["1", "2", "0"]), texts(4)),
    },
)


@budget(40)
@given(data=MINUTES_FIELDS)
def test_saving_minutes_stores_them_exactly_or_refuses_with_a_reason(
    secretariat_client, held_agenda, data
):
    meeting = held_agenda
    item = meeting.items.get(number=1)
    minutes, version, overwrite = data["minutes"], data["version"], data["overwrite"]
    invalid = (
        "\x00" in (minutes or "")
        or not (version or "").strip()
        or integer_refused(version, min_value=0)
        or integer_refused(overwrite, min_value=1)
    )
    outcome(invalid)
    with rolled_back():
        before = database_rows()
        response = secretariat_client.post(
            minutes_url("minutes_item_save", meeting, item), sent(data), headers=HTMX
        )
        if invalid:
            assert response.status_code == 400
            assert "Not saved: " in page_text(response)
            assert database_rows() == before
        elif forms.IntegerField().clean(overwrite or version) == item.minutes_version:
            assert response.status_code == 200
            item.refresh_from_db()
            assert item.minutes == (minutes or "")  # kept exactly as typed: no stripping
            assert_escaped(response, item.minutes)
        else:
            assert response.status_code == 409
            assert "Not saved: " in page_text(response)
            assert database_rows() == before


@budget(30)
@given(version=st.one_of(st.sampled_from(["1", "2", "", "²", "9" * 5000]), texts(8)))
@example(version="²")
def test_the_state_of_a_refused_minutes_save_answers_any_version(
    secretariat_client, held_agenda, version
):
    item = held_agenda.items.get(number=1)
    url = minutes_url("minutes_item_state", held_agenda, item)
    expected = 400 if "\x00" in version else 200  # NUL: refused by sscportal/middleware.py
    assert secretariat_client.get(url, {"version": version}, headers=HTMX).status_code == expected


# The minimal failing examples that hypothesis found, one test each, so that each names its
# defect (see the report of issue 6).


def test_the_minutes_save_state_of_version_superscript_two_is_not_a_500(
    secretariat_client, held_agenda
):
    item = held_agenda.items.get(number=1)
    url = minutes_url("minutes_item_state", held_agenda, item)
    assert secretariat_client.get(url, {"version": "²"}).status_code == 200
