"""Declarations of interest: recorded by the secretariat, with the chair's decision; a recusal
decided by the chair is made with the declaration, and bad input writes nothing."""

import datetime
from html import unescape

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEvent
from classification.levels import Level
from interests import services
from interests.models import DECLARATION_MAX, Declaration
from meetings.models import Recusal
from tests.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    CommitteeFactory,
    DeclarationFactory,
    MeetingFactory,
    UserFactory,
)
from tests.sessions import password_only_session, sign_in_verified
from tests.system.bad_input.helpers import database_rows

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def meeting():
    return MeetingFactory(number=89, status="held", minutes_status="draft")


@pytest.fixture
def item(meeting):
    return AgendaItemFactory(meeting=meeting, number=4, level=Level.AMBER, title="VUSA")


@pytest.fixture
def morgan(meeting):
    user = UserFactory(username="morgan", first_name="Morgan", last_name="Member")
    AttendanceFactory(meeting=meeting, user=user)
    return user


def _record(meeting, item, declarant, by, **fields):
    values = {"text": "I work for Sample Networks plc.", "chair_decision": "noted", **fields}
    return services.declaration_record(
        meeting=meeting, item=item, declarant=declarant, by=by, **values
    )


# The record


def test_a_noted_declaration_records_who_declared_what_where_and_who_recorded_it_when(
    meeting, item, morgan, secretariat
):
    declaration = _record(meeting, item, morgan, secretariat)
    declaration.refresh_from_db()
    assert (declaration.item, declaration.declarant, declaration.text) == (
        item,
        morgan,
        "I work for Sample Networks plc.",
    )
    assert declaration.chair_decision == "noted"
    assert declaration.recorded_by == secretariat
    assert declaration.recorded_at is not None
    assert not Recusal.objects.exists()


def test_a_declaration_takes_its_items_level_reason_and_review_date(
    meeting, item, morgan, secretariat
):
    declaration = _record(meeting, item, morgan, secretariat)
    assert declaration.level == Level.AMBER
    assert declaration.restriction_reason == item.restriction_reason
    assert declaration.review_on == item.review_on


def test_a_declaration_may_be_more_restricted_than_its_item(meeting, item, morgan, secretariat):
    declaration = _record(
        meeting,
        item,
        morgan,
        secretariat,
        level=Level.RED,
        restriction_reason="Names a party",
        review_on=datetime.date.today() + datetime.timedelta(days=30),
    )
    assert declaration.level == Level.RED
    assert declaration.restriction_reason == "Names a party"


def test_a_declaration_the_chair_decides_by_recusal_recuses_the_declarant(
    meeting, item, morgan, secretariat
):
    _record(meeting, item, morgan, secretariat, chair_decision="recused")
    recusal = Recusal.objects.get()
    assert (recusal.item, recusal.user) == (item, morgan)


def test_the_declaration_and_its_recusal_are_written_together_or_not_at_all(
    meeting, item, morgan, secretariat, monkeypatch
):
    def refused(**kwargs):
        raise ValidationError({"user": "refused"})

    monkeypatch.setattr(services, "recusal_add", refused)
    with pytest.raises(ValidationError):
        _record(meeting, item, morgan, secretariat, chair_decision="recused")
    assert not Declaration.objects.exists()
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.INTEREST_DECLARED).exists()


def test_a_declaration_is_audited_without_what_was_declared(meeting, item, morgan, secretariat):
    declaration = _record(meeting, item, morgan, secretariat, chair_decision="recused")
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.INTEREST_DECLARED)
    assert event.user == secretariat
    assert event.object_id == str(declaration.pk)
    assert event.detail["declarant"] == "morgan"
    assert event.detail["chair_decision"] == "recused"
    assert "Sample Networks" not in str(event.detail) + event.object_repr


def test_raising_an_item_above_its_declaration_is_refused(meeting, item, morgan, secretariat):
    _record(meeting, item, morgan, secretariat)
    item.level = Level.RED
    with pytest.raises(ValidationError, match="declaration of interest"):
        item.full_clean()


# Who may record one


@pytest.mark.usefixtures("second_factor_required")
def test_a_password_only_secretariat_session_records_nothing(meeting, item, morgan, secretariat):
    with pytest.raises(PermissionDenied):
        _record(meeting, item, morgan, password_only_session(secretariat))
    assert not Declaration.objects.exists()


def test_a_member_records_nothing(meeting, item, morgan):
    with pytest.raises(PermissionDenied):
        _record(meeting, item, morgan, UserFactory(username="amber", clearance=Level.AMBER))
    assert not Declaration.objects.exists()


# Bad input: a message naming the field, and nothing written


def _refused(meeting, item, declarant, by, **fields) -> dict:
    before = database_rows()
    with pytest.raises(ValidationError) as refused:
        _record(meeting, item, declarant, by, **fields)
    assert database_rows() == before
    return refused.value.message_dict


def test_an_empty_declaration_is_refused(meeting, item, morgan, secretariat):
    errors = _refused(meeting, item, morgan, secretariat, text="  \n ")
    assert errors == {"text": ["Say what was declared."]}


def test_an_over_long_declaration_is_refused(meeting, item, morgan, secretariat):
    errors = _refused(meeting, item, morgan, secretariat, text="x" * (DECLARATION_MAX + 1))
    assert errors["text"] == [
        f"Ensure this value has at most {DECLARATION_MAX} characters (it has 1001)."
    ]


def test_a_declaration_at_an_item_of_another_meeting_is_refused(meeting, morgan, secretariat):
    other = AgendaItemFactory(meeting=MeetingFactory(number=90), number=2, title="SMETS1")
    errors = _refused(meeting, other, morgan, secretariat)
    assert errors == {
        "item": [f"Item “2. SMETS1” is not on the agenda of {meeting}: choose one of its items."]
    }


def test_a_declaration_by_someone_who_does_not_attend_is_refused(meeting, item, secretariat):
    outsider = UserFactory(username="outsider", first_name="Olly", last_name="Outsider")
    errors = _refused(meeting, item, outsider, secretariat, chair_decision="recused")
    assert errors == {
        "declarant": [
            f"Olly Outsider does not attend this meeting ({meeting}): "
            "record them as an attendee first."
        ]
    }


def test_a_chair_decision_other_than_recused_or_noted_is_refused(
    meeting, item, morgan, secretariat
):
    errors = _refused(meeting, item, morgan, secretariat, chair_decision="ignored")
    assert list(errors) == ["chair_decision"]


def test_a_declaration_below_its_items_level_is_refused(meeting, item, morgan, secretariat):
    errors = _refused(meeting, item, morgan, secretariat, level=Level.GREEN)
    assert "below its agenda item's level AMBER" in errors["level"][0]


def test_a_declaration_in_approved_minutes_is_refused(meeting, item, morgan, secretariat):
    meeting.minutes_status = "approved"
    meeting.save()
    before = database_rows()
    with pytest.raises(ValidationError, match="are approved"):
        _record(meeting, item, morgan, secretariat)
    assert database_rows() == before


# The form on the minute-taking page


def _url(meeting) -> str:
    return f"/meetings/{meeting.committee.code}/{meeting.number}/declarations/"


def _form(item, declarant, **fields) -> dict:
    return {
        "item": item.pk,
        "declarant": declarant.pk,
        "text": "I work for Sample Networks plc.",
        "chair_decision": "recused",
        **fields,
    }


def test_the_minute_taking_page_offers_the_form(client, meeting, item, morgan, secretariat):
    client.force_login(secretariat)
    html = client.get(f"/meetings/SSC/{meeting.number}/minutes/").content.decode()
    assert "Record a declaration of interest" in html
    assert f'hx-post="{_url(meeting)}"' in html
    assert "Morgan Member" in html


def test_a_declaration_recorded_with_htmx_answers_with_the_updated_record(
    client, meeting, item, morgan, secretariat
):
    client.force_login(secretariat)
    response = client.post(_url(meeting), _form(item, morgan), headers=HTMX)
    html = unescape(response.content.decode())
    assert html.lstrip().startswith('<section id="declarations"')
    assert "Morgan Member's declaration at item 4 recorded: recused." in html
    assert "I work for Sample Networks plc." in html
    assert Recusal.objects.filter(item=item, user=morgan).exists()


def test_a_declaration_recorded_without_javascript_returns_to_the_minute_taking_page(
    client, meeting, item, morgan, secretariat
):
    client.force_login(secretariat)
    response = client.post(_url(meeting), _form(item, morgan, chair_decision="noted"))
    assert response.status_code == 302
    assert response["Location"] == f"/meetings/SSC/{meeting.number}/minutes/#declarations"
    assert Declaration.objects.get().chair_decision == "noted"


@pytest.mark.parametrize(
    "change, message",
    [
        ({"text": ""}, "What was declared: Say what was declared."),
        (
            {"text": "x" * 1001},
            "What was declared: Ensure this value has at most 1000 characters (it has 1001).",
        ),
        ({"chair_decision": ""}, "The chair&#x27;s decision: Say what the chair decided"),
        ({"level": "1"}, "Classification: GREEN is below item 4&#x27;s level AMBER"),
    ],
)
def test_bad_input_in_the_form_is_refused_naming_the_field(
    client, meeting, item, morgan, secretariat, change, message
):
    client.force_login(secretariat)
    before = database_rows()
    for headers in ({}, HTMX):
        html = client.post(_url(meeting), _form(item, morgan, **change), headers=headers)
        assert message in html.content.decode()
    assert database_rows() == before


def test_the_form_refuses_an_item_of_another_meeting(client, meeting, morgan, secretariat):
    other = AgendaItemFactory(meeting=MeetingFactory(number=90))
    client.force_login(secretariat)
    html = client.post(_url(meeting), _form(other, morgan), headers=HTMX).content.decode()
    assert "At item: Choose one of this meeting&#x27;s agenda items." in html
    assert not Declaration.objects.exists()


def test_the_form_refuses_a_declarant_who_does_not_attend_naming_them(
    client, meeting, item, secretariat
):
    outsider = UserFactory(username="outsider", first_name="Olly", last_name="Outsider")
    client.force_login(secretariat)
    html = client.post(_url(meeting), _form(item, outsider), headers=HTMX).content.decode()
    assert "Declared by: Olly Outsider does not attend this meeting" in html
    assert not Declaration.objects.exists()
    assert not Recusal.objects.exists()


def test_the_form_offers_only_the_meetings_attendees_and_items(
    client, meeting, item, morgan, secretariat
):
    UserFactory(username="outsider", first_name="Olly", last_name="Outsider")
    AgendaItemFactory(meeting=MeetingFactory(number=90), title="Elsewhere")
    client.force_login(secretariat)
    html = client.get(_url(meeting)).content.decode()
    assert "Morgan Member" in html and "4. VUSA" in html
    assert "Olly Outsider" not in html and "Elsewhere" not in html


def test_the_declarations_page_answers_404_to_a_member(client, meeting, item, morgan):
    client.force_login(UserFactory(username="amber", clearance=Level.AMBER))
    assert client.get(_url(meeting)).status_code == 404
    assert client.post(_url(meeting), _form(item, morgan)).status_code == 404
    assert not Declaration.objects.exists()


def test_the_declarations_page_answers_404_to_another_committees_secretariat(
    client, meeting, item, morgan
):
    tabasc = CommitteeFactory(code="TABASC", name="TABASC")
    client.force_login(UserFactory(username="tabasc_sec", secretariat_of=tabasc))
    assert client.post(_url(meeting), _form(item, morgan)).status_code == 404
    assert not Declaration.objects.exists()


def test_approved_minutes_offer_no_form(client, meeting, item, morgan, secretariat):
    DeclarationFactory(item=item, declarant=morgan)
    meeting.minutes_status = "approved"
    meeting.save()
    client.force_login(secretariat)
    html = client.get(_url(meeting)).content.decode()
    assert "Record a declaration of interest" not in html
    assert "The minutes are approved: no declaration can be added." in html


def test_the_admin_cannot_delete_a_declaration(client, meeting, item, morgan, secretariat):
    declaration = _record(meeting, item, morgan, secretariat)
    secretariat.is_superuser = True
    secretariat.save()
    sign_in_verified(client, secretariat)
    url = f"/admin/interests/declaration/{declaration.pk}/delete/"
    response = client.post(url, {"post": "yes"})
    assert response.status_code == 403
    assert Declaration.objects.filter(pk=declaration.pk).exists()
