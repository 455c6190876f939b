"""Every AMBER or RED record says why it is restricted and when its level is next reviewed."""

import datetime
import importlib
import json

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from assessments.models import Organisation
from assessments.services import PARTY_NAME_REASON
from classification.levels import Level
from classification.restrictions import UNRECORDED_REASON, default_review_on
from meetings import services
from meetings.demo import text_pdf
from meetings.exchange import export_meeting, import_meeting
from meetings.exchange.fields import MeetingFileError
from meetings.models import Action, AgendaItem, Decision, Meeting, Paper
from tests.factories import (
    AgendaItemFactory,
    MeetingFactory,
    OrganisationFactory,
    UserFactory,
    decision_kind,
    restriction,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
REASON = "Names the unpatched systems of the DCC"


@pytest.fixture
def draft(db):
    return MeetingFactory(number=90, status="draft")


def _builder(meeting, suffix=""):
    return f"/meetings/{meeting.committee.code}/{meeting.number}/agenda/{suffix}"


def _add_item(meeting, level, **restriction_fields):
    return services.agenda_item_add(
        meeting=meeting, by=None, section="agenda", title="Risks", level=level, **restriction_fields
    )


def _in_a_month():
    return TODAY() + datetime.timedelta(days=30)


# The rule on the record


def test_an_amber_item_without_a_restriction_reason_is_refused_naming_the_field(draft):
    with pytest.raises(ValidationError) as error:
        _add_item(draft, Level.AMBER, review_on=_in_a_month())
    assert list(error.value.message_dict) == ["restriction_reason"]
    assert "restriction reason is required at AMBER and RED" in str(error.value)
    assert not AgendaItem.objects.exists()


def test_a_red_item_without_a_review_date_is_refused_naming_the_field(draft):
    with pytest.raises(ValidationError) as error:
        _add_item(draft, Level.RED, restriction_reason=REASON)
    assert list(error.value.message_dict) == ["review_on"]
    assert "review date is required at AMBER and RED" in str(error.value)
    assert not AgendaItem.objects.exists()


def test_a_green_item_needs_neither_a_reason_nor_a_review_date(draft):
    item = _add_item(draft, Level.GREEN)
    assert (item.restriction_reason, item.review_on) == ("", None)


def test_a_review_date_in_the_past_is_refused_naming_the_field(draft):
    yesterday = TODAY() - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        _add_item(draft, Level.AMBER, restriction_reason=REASON, review_on=yesterday)
    assert list(error.value.message_dict) == ["review_on"]
    assert "is in the past: give today or a later date" in str(error.value)
    assert not AgendaItem.objects.exists()


def test_a_review_date_of_today_is_accepted(draft):
    item = _add_item(draft, Level.AMBER, restriction_reason=REASON, review_on=TODAY())
    assert item.review_on == TODAY()


def test_raising_an_item_to_amber_without_a_reason_is_refused_naming_the_field(draft):
    item = _add_item(draft, Level.GREEN)
    with pytest.raises(ValidationError) as error:
        services.agenda_item_update(
            item=item, expected_version=item.version, by=None, level=Level.AMBER
        )
    assert set(error.value.message_dict) == {"restriction_reason", "review_on"}
    item.refresh_from_db()
    assert item.level == Level.GREEN


def test_raising_an_item_with_its_reason_and_review_date_is_saved(draft):
    item = _add_item(draft, Level.AMBER, **restriction(Level.AMBER))
    item = services.agenda_item_update(
        item=item, expected_version=item.version, by=None, level=Level.RED
    )
    assert item.level == Level.RED


def test_lowering_an_items_level_by_editing_it_is_refused_as_a_recorded_decision(draft):
    item = _add_item(draft, Level.RED, **restriction(Level.RED))
    with pytest.raises(ValidationError) as error:
        services.agenda_item_update(
            item=item, expected_version=item.version, by=None, level=Level.AMBER
        )
    assert list(error.value.message_dict) == ["level"]
    assert "is a recorded decision" in str(error.value)
    item.refresh_from_db()
    assert item.level == Level.RED


def test_a_copied_agenda_item_keeps_its_reason_and_review_date(draft):
    source = MeetingFactory(committee=draft.committee, number=89)
    AgendaItemFactory(
        meeting=source, level=Level.AMBER, restriction_reason=REASON, review_on=_in_a_month()
    )
    services.agenda_copy(source=source, target=draft, by=None)
    copy = draft.items.get()
    assert (copy.restriction_reason, copy.review_on) == (REASON, _in_a_month())


# Papers, decisions and actions at an item


def test_a_paper_given_no_reason_takes_its_items_reason_and_review_date():
    item = AgendaItemFactory(level=Level.AMBER, restriction_reason=REASON, review_on=_in_a_month())
    paper = services.paper_add(
        item=item, title="Options", level=Level.RED, content=text_pdf(["x"]), by=None
    )
    assert (paper.restriction_reason, paper.review_on) == (REASON, _in_a_month())


def test_a_paper_given_its_own_reason_and_review_date_keeps_them():
    item = AgendaItemFactory(level=Level.AMBER, restriction_reason=REASON, review_on=_in_a_month())
    paper = services.paper_add(
        item=item,
        title="Options",
        level=Level.RED,
        content=text_pdf(["x"]),
        restriction_reason="Quotes a RED assessment",
        review_on=TODAY(),
        by=None,
    )
    assert (paper.restriction_reason, paper.review_on) == ("Quotes a RED assessment", TODAY())


def test_a_red_decision_at_a_white_item_without_a_reason_is_refused_naming_the_field():
    item = AgendaItemFactory(level=Level.WHITE)
    with pytest.raises(ValidationError) as error:
        services.decision_record(
            item=item, kind=decision_kind("ssa"), outcome="Noted", level=Level.RED, by=None
        )
    assert set(error.value.message_dict) == {"restriction_reason", "review_on"}
    assert not Decision.objects.exists()


def test_an_action_given_no_reason_takes_its_items_reason_and_review_date():
    item = AgendaItemFactory(level=Level.RED, restriction_reason=REASON, review_on=_in_a_month())
    action = services.action_raise(item=item, description="Report back.", owner="DCC", by=None)
    assert (action.restriction_reason, action.review_on) == (REASON, _in_a_month())


def test_an_action_with_a_review_date_in_the_past_is_refused_naming_the_field():
    item = AgendaItemFactory(level=Level.RED)
    with pytest.raises(ValidationError) as error:
        services.action_raise(
            item=item,
            description="Report back.",
            owner="DCC",
            review_on=TODAY() - datetime.timedelta(days=1),
            by=None,
        )
    assert list(error.value.message_dict) == ["review_on"]
    assert not Action.objects.exists()


def test_a_party_added_by_a_decision_says_why_it_is_red_and_is_reviewed_in_a_year():
    item = AgendaItemFactory(level=Level.RED)
    services.decision_record(
        item=item, kind=decision_kind("ssa"), outcome="Noted", party_name="Acme Ltd", by=None
    )
    party = Organisation.objects.get(name="Acme Ltd")
    assert (party.restriction_reason, party.review_on) == (PARTY_NAME_REASON, default_review_on())


# The forms


def test_the_builder_refuses_an_amber_item_without_a_reason_naming_the_field(
    client, secretariat, draft
):
    client.force_login(secretariat)
    response = client.post(
        _builder(draft, "items/"),
        {"section": "agenda", "title": "Risks", "purpose": "discussion", "level": Level.AMBER},
        follow=True,
    )
    assert "Restriction reason: Say why this AMBER agenda item is restricted" in (
        response.content.decode()
    )
    assert not AgendaItem.objects.exists()


def test_the_builder_adds_an_amber_item_with_its_reason_and_review_date(client, secretariat, draft):
    client.force_login(secretariat)
    client.post(
        _builder(draft, "items/"),
        {
            "section": "agenda",
            "title": "Risks",
            "purpose": "discussion",
            "level": Level.AMBER,
            "restriction_reason": REASON,
            "review_on": _in_a_month().isoformat(),
        },
    )
    item = draft.items.get()
    assert (item.restriction_reason, item.review_on) == (REASON, _in_a_month())


def test_the_builder_shows_an_items_reason_and_review_date(client, secretariat, draft):
    AgendaItemFactory(meeting=draft, level=Level.AMBER, restriction_reason=REASON)
    client.force_login(secretariat)
    html = client.get(_builder(draft)).content.decode()
    assert f"restricted: {REASON}" in html


def test_the_paper_upload_takes_a_reason_and_a_review_date(client, secretariat, draft):
    item = AgendaItemFactory(meeting=draft, level=Level.AMBER)
    client.force_login(secretariat)
    upload = SimpleUploadedFile("options.pdf", text_pdf(["x"]), content_type="application/pdf")
    client.post(
        _builder(draft, f"items/{item.pk}/papers/"),
        {
            "title": "Options",
            "level": Level.RED,
            "restriction_reason": "Quotes a RED assessment",
            "review_on": TODAY().isoformat(),
            "file": upload,
        },
    )
    paper = Paper.objects.get()
    assert (paper.restriction_reason, paper.review_on) == ("Quotes a RED assessment", TODAY())


def test_the_minutes_editor_refuses_a_decision_review_date_in_the_past_on_its_field(
    client, secretariat, held_meeting
):
    item = held_meeting.items.get(number=2)
    client.force_login(secretariat)
    prefix = f"decision-{item.pk}"
    response = client.post(
        f"/meetings/SSC/89/minutes/items/{item.pk}/decisions/",
        {
            f"{prefix}-kind": "ssa",
            f"{prefix}-outcome": "Noted",
            f"{prefix}-level": Level.RED,
            f"{prefix}-review_on": (TODAY() - datetime.timedelta(days=1)).isoformat(),
        },
    )
    form = response.context["rows"][1].decision_form
    assert "is in the past" in " ".join(form.errors["review_on"])
    assert item.decisions.count() == 1  # the one the meeting was made with


def test_the_register_refuses_a_red_party_without_a_reason_naming_the_field(client, secretariat):
    client.force_login(secretariat)
    response = client.post(
        "/register/new/",
        {"name": "Acme Ltd", "level": Level.RED, "review_on": _in_a_month().isoformat()},
    )
    assert "Say why this RED organisation is restricted" in " ".join(
        response.context["form"].errors["restriction_reason"]
    )
    assert not Organisation.objects.exists()


def test_lowering_a_party_through_its_edit_form_is_refused_naming_the_level(client, secretariat):
    party = OrganisationFactory(name="Acme Ltd", level=Level.RED)
    client.force_login(secretariat)
    response = client.post(
        f"/register/{party.pk}/edit/",
        {"name": "Acme Ltd", "level": Level.AMBER, **restriction(Level.AMBER)},
    )
    assert "is a recorded decision" in response.content.decode()
    party.refresh_from_db()
    assert party.level == Level.RED


def test_the_admin_refuses_to_lower_an_items_level(client):
    item = AgendaItemFactory(level=Level.RED)
    client.force_login(UserFactory(is_secretariat=True, is_staff=True, is_superuser=True))
    url = f"/admin/meetings/agendaitem/{item.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(level=Level.AMBER, review_on=item.review_on.isoformat())
    response = client.post(url, data)
    assert "is a recorded decision" in response.content.decode()
    item.refresh_from_db()
    assert item.level == Level.RED


# The exchange file


def _document(**item_fields):
    return {
        "format": "sscportal.meeting/1",
        "committee": {"code": "SSC", "name": "Security Sub-Committee"},
        "number": 91,
        "date": "2019-12-11",
        "status": "held",
        "items": [
            {
                "number": 1,
                "section": "agenda",
                "title": "VUSA",
                "classification": "RED",
                "decisions": [{"kind": "ssa", "outcome": "Noted"}],
                **item_fields,
            }
        ],
    }


def test_a_file_without_restriction_fields_imports_with_the_placeholder_and_a_year_to_review(
    tmp_path,
):
    meeting = import_meeting(_document(), base_dir=tmp_path)
    item = meeting.items.get()
    assert (item.restriction_reason, item.review_on) == (UNRECORDED_REASON, default_review_on())


def test_an_imported_decision_without_restriction_fields_takes_its_items(tmp_path):
    meeting = import_meeting(
        _document(restriction_reason=REASON, review_on=_in_a_month().isoformat()),
        base_dir=tmp_path,
    )
    decision = Decision.objects.get(item__meeting=meeting)
    assert (decision.restriction_reason, decision.review_on) == (REASON, _in_a_month())


def test_an_imported_review_date_in_the_past_is_refused_naming_the_field(tmp_path):
    document = _document(restriction_reason=REASON, review_on="2020-01-01")
    with pytest.raises(MeetingFileError, match=r"items\[0\] \(item 1\)\.review_on: .*in the past"):
        import_meeting(document, base_dir=tmp_path)
    assert not Meeting.objects.exists()


def test_an_export_writes_each_records_reason_and_review_date_and_imports_them_back(tmp_path):
    meeting = import_meeting(
        _document(restriction_reason=REASON, review_on=_in_a_month().isoformat()),
        base_dir=tmp_path,
    )
    exported = export_meeting(meeting)
    Meeting.objects.all().delete()
    again = export_meeting(import_meeting(json.loads(json.dumps(exported)), base_dir=tmp_path))
    item = again["items"][0]
    assert (item["restriction_reason"], item["review_on"]) == (REASON, _in_a_month().isoformat())
    assert again == exported


# Records restricted before reasons were kept


def test_the_migration_gives_restricted_rows_the_placeholder_and_a_review_in_a_year():
    AgendaItemFactory(level=Level.RED, restriction_reason="", review_on=None)
    AgendaItemFactory(level=Level.GREEN)
    migration = importlib.import_module(
        "meetings.migrations.0014_restriction_reason_and_review_date"
    )
    migration.restricted_rows_say_why(apps, None)
    assert set(AgendaItem.objects.values_list("level", "restriction_reason", "review_on")) == {
        (Level.RED, UNRECORDED_REASON, default_review_on()),
        (Level.GREEN, "", None),
    }


def test_a_review_date_in_the_past_is_refused_even_beside_a_refused_level(client, secretariat):
    meeting = MeetingFactory(number=90, status="draft")
    client.force_login(secretariat)
    response = client.post(
        _builder(meeting, "items/"),
        {"section": "agenda", "title": "Risks", "purpose": "discussion", "review_on": "2001-01-01"},
        follow=True,
    )
    assert "Review date: The review date 1 January 2001 is in the past" in (
        response.content.decode()
    )
