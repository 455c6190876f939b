"""Minutes, decisions and actions: taking them, approving them, and each reader's PDF."""

import datetime
import io
import threading
import time

import pytest
import weasyprint.pdf.fonts
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from assessments.models import Organisation
from classification.levels import Level
from meetings import services
from meetings.models import Action, AgendaItem, Decision
from meetings.rendering import minutes_pdf, minutes_record
from tests.factories import (
    ActionFactory,
    AgendaItemFactory,
    AttendanceFactory,
    DecisionFactory,
    MeetingFactory,
    OrganisationFactory,
    RecusalFactory,
    UserFactory,
    decision_kind,
)

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
CANARIES = {
    "red_minutes": "CANARY-RED-MINUTES-31aa",
    "red_title": "CANARY-RED-TITLE-77c0",
    "red_party": "CANARY-RED-PARTY-LTD-5b12",
    "red_action": "CANARY-RED-ACTION-0d9e",
    "amber_minutes": "CANARY-AMBER-MINUTES-6e4f",
    "recused_minutes": "CANARY-RECUSED-MINUTES-a1b2",
    "recused_title": "CANARY-RECUSED-TITLE-c3d4",
}


# Helpers and factories of this file


def _url(meeting, suffix=""):
    return f"/meetings/{meeting.committee.code}/{meeting.number}/{suffix}"


def _item_url(item, suffix=""):
    return _url(item.meeting, f"minutes/items/{item.pk}/{suffix}")


def _item(meeting, number):
    return AgendaItem.objects.get(meeting=meeting, number=number)


def _kind(code):
    return decision_kind(code)


def _pdf_pages(response) -> list[str]:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def _record_with_canaries(meeting):
    """A RED item with minutes, a decision and an action, and AMBER minutes beside it."""
    AgendaItem.objects.filter(meeting=meeting, number=1).update(minutes=CANARIES["amber_minutes"])
    red = AgendaItemFactory(
        meeting=meeting,
        number=4,
        level=Level.RED,
        title=CANARIES["red_title"],
        minutes=CANARIES["red_minutes"],
    )
    DecisionFactory(
        item=red,
        kind=_kind("vusa_compliance_status"),
        outcome="Compliant",
        party=OrganisationFactory(name=CANARIES["red_party"]),
    )
    ActionFactory(item=red, description=CANARIES["red_action"])
    return red


def _approved(meeting):
    meeting.minutes_status = "approved"
    meeting.save()
    return meeting


def _circulated(meeting):
    meeting.minutes_status = "circulated"
    meeting.save()
    return meeting


# The minute-taking page


def test_the_secretariat_sees_every_item_on_the_minute_taking_page(
    client, secretariat, held_meeting
):
    client.force_login(secretariat)
    response = client.get(_url(held_meeting, "minutes/"))
    assert response.status_code == 200
    html = response.content.decode()
    assert all(f'id="minutes-text-{item.pk}"' in html for item in held_meeting.items.all())


def test_a_member_gets_404_on_the_minute_taking_page(client, member, held_meeting):
    AttendanceFactory(meeting=held_meeting, user=member)
    client.force_login(member)
    assert client.get(_url(held_meeting, "minutes/")).status_code == 404


def test_the_chair_gets_404_on_the_minute_taking_page(client, chair, held_meeting):
    client.force_login(chair)
    assert client.get(_url(held_meeting, "minutes/")).status_code == 404


def test_an_anonymous_visitor_gets_404_on_the_minute_taking_page(client, held_meeting):
    assert client.get(_url(held_meeting, "minutes/")).status_code == 404


def test_the_minute_taking_page_costs_the_same_queries_however_many_items(
    client, secretariat, held_meeting
):
    client.force_login(secretariat)
    with CaptureQueriesContext(connection) as few:
        client.get(_url(held_meeting, "minutes/"))
    for number in range(4, 10):
        item = AgendaItemFactory(meeting=held_meeting, number=number)
        DecisionFactory(item=item)
        ActionFactory(item=item)
    with CaptureQueriesContext(connection) as many:
        client.get(_url(held_meeting, "minutes/"))
    assert len(many) == len(few)


# Saving the minutes


def test_saving_minutes_stores_the_text_and_bumps_the_version(held_meeting, secretariat):
    item = _item(held_meeting, 1)
    services.item_minutes_save(
        item=item,
        minutes="The SSC noted it.",
        expected_version=item.minutes_version,
        by=secretariat,
    )
    item.refresh_from_db()
    assert (item.minutes, item.minutes_version) == ("The SSC noted it.", 2)


def test_a_stale_minutes_save_is_refused_and_keeps_the_stored_text(held_meeting, secretariat):
    item = _item(held_meeting, 1)
    services.item_minutes_save(item=item, minutes="First.", expected_version=1, by=secretariat)
    with pytest.raises(ValidationError, match="changed by someone else"):
        services.item_minutes_save(item=item, minutes="Second.", expected_version=1, by=secretariat)
    item.refresh_from_db()
    assert (item.minutes, item.minutes_version) == ("First.", 2)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("postgresql_only")
def test_of_two_saves_at_once_on_one_version_exactly_one_is_stored(secretariat):
    item = AgendaItemFactory(meeting=MeetingFactory(status="held"), number=1)
    start, outcomes = threading.Barrier(2), {}

    def save(text):
        try:
            start.wait()
            services.item_minutes_save(item=item, minutes=text, expected_version=1, by=secretariat)
            outcomes[text] = "saved"
        except ValidationError:
            outcomes[text] = "refused"
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(text,)) for text in ("Mine.", "Theirs.")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes.values()) == ["refused", "saved"]
    item.refresh_from_db()
    assert (outcomes[item.minutes], item.minutes_version) == ("saved", 2)


def test_only_the_secretariat_saves_minutes(held_meeting, chair):
    item = _item(held_meeting, 1)
    with pytest.raises(PermissionDenied):
        services.item_minutes_save(item=item, minutes="x", expected_version=1, by=chair)


def test_approved_minutes_can_no_longer_be_changed(held_meeting, secretariat):
    _approved(held_meeting)
    item = _item(held_meeting, 1)
    with pytest.raises(ValidationError, match="approved"):
        services.item_minutes_save(item=item, minutes="x", expected_version=1, by=secretariat)
    item.refresh_from_db()
    assert item.minutes == ""


def test_autosave_answers_with_the_saved_state(client, secretariat, held_meeting):
    item = _item(held_meeting, 1)
    client.force_login(secretariat)
    response = client.post(_item_url(item), {"minutes": "Noted.", "version": 1}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Saved " in html
    assert 'name="version" value="2"' in html
    assert "<textarea" not in html  # the box being typed in is never replaced


def test_minutes_are_stored_exactly_as_typed(client, secretariat, held_meeting):
    item = _item(held_meeting, 1)
    text = "  - indented bullet\n\n    code block\n"
    client.force_login(secretariat)
    client.post(_item_url(item), {"minutes": text, "version": 1}, **HTMX)
    item.refresh_from_db()
    assert item.minutes == text


def test_a_stale_autosave_answers_409_with_the_saved_text_beside_yours(
    client, secretariat, held_meeting
):
    item = _item(held_meeting, 1)
    services.item_minutes_save(item=item, minutes="Theirs.", expected_version=1, by=secretariat)
    client.force_login(secretariat)
    response = client.post(_item_url(item), {"minutes": "Mine.", "version": 1}, **HTMX)
    assert response.status_code == 409
    assert response["HX-Trigger"] == "minutes-refused"
    html = response.content.decode()
    assert "Not saved: someone else saved these minutes" in html
    assert "Theirs." in html
    assert 'name="version" value="1"' in html  # later autosaves stay refused
    item.refresh_from_db()
    assert item.minutes == "Theirs."


def test_after_a_refused_save_the_state_explains_the_conflict(client, secretariat, held_meeting):
    item = _item(held_meeting, 1)
    services.item_minutes_save(item=item, minutes="Theirs.", expected_version=1, by=secretariat)
    client.force_login(secretariat)
    response = client.get(_item_url(item, "state/"), {"version": 1}, **HTMX)
    html = response.content.decode()
    assert "Not saved: someone else saved these minutes (version 2)" in html
    assert "Theirs.</textarea>" in html
    assert 'name="overwrite" value="2"' in html


def test_saving_over_a_version_the_secretary_has_seen_replaces_it(
    client, secretariat, held_meeting
):
    item = _item(held_meeting, 1)
    services.item_minutes_save(item=item, minutes="Theirs.", expected_version=1, by=secretariat)
    client.force_login(secretariat)
    data = {"minutes": "Theirs, and mine.", "version": 1, "overwrite": 2}
    response = client.post(_item_url(item), data, **HTMX)
    assert response.status_code == 200
    item.refresh_from_db()
    assert (item.minutes, item.minutes_version) == ("Theirs, and mine.", 3)


def test_without_javascript_a_stale_save_shows_the_page_with_the_typed_text_kept(
    client, secretariat, held_meeting
):
    item = _item(held_meeting, 1)
    services.item_minutes_save(item=item, minutes="Theirs.", expected_version=1, by=secretariat)
    client.force_login(secretariat)
    response = client.post(_item_url(item), {"minutes": "Mine, typed.", "version": 1})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Mine, typed.</textarea>" in html
    assert "Theirs.</textarea>" in html


def test_without_javascript_a_save_returns_to_the_item(client, secretariat, held_meeting):
    item = _item(held_meeting, 3)
    client.force_login(secretariat)
    response = client.post(_item_url(item), {"minutes": "Updates.", "version": 1})
    assert response.status_code == 302
    assert response["Location"].endswith("/minutes/#item-3")


def test_a_member_posting_minutes_gets_404_and_nothing_is_saved(client, member, held_meeting):
    item = _item(held_meeting, 1)
    client.force_login(member)
    response = client.post(_item_url(item), {"minutes": "x", "version": 1}, **HTMX)
    assert response.status_code == 404
    item.refresh_from_db()
    assert item.minutes == ""


def test_an_item_of_another_meeting_gets_404(client, secretariat, held_meeting):
    other = AgendaItemFactory(meeting=MeetingFactory())
    client.force_login(secretariat)
    url = _url(held_meeting, f"minutes/items/{other.pk}/")
    assert client.post(url, {"minutes": "x", "version": 1}).status_code == 404


# Decisions


def test_a_decision_naming_a_new_party_adds_it_to_the_register_at_red(held_meeting, secretariat):
    decision = services.decision_record(
        item=_item(held_meeting, 2),
        kind=_kind("fusa_assurance_status"),
        party_name="Northern Gas Ltd",
        outcome="Deferred",
        by=secretariat,
    )
    assert decision.party.name == "Northern Gas Ltd"
    assert decision.party.level == Level.RED
    assert decision.level == Level.RED


def test_a_decision_reuses_a_party_whatever_the_case_of_its_name(held_meeting, secretariat):
    party = OrganisationFactory(name="Northern Gas Ltd")
    decision = services.decision_record(
        item=_item(held_meeting, 2),
        kind=_kind("ssa"),
        party_name="northern gas ltd",
        outcome="Noted",
        by=secretariat,
    )
    assert decision.party == party


def test_a_decision_with_an_outcome_not_of_its_kind_is_refused_with_the_allowed_outcomes(
    client, secretariat, held_meeting
):
    item = _item(held_meeting, 2)
    before = Decision.objects.count()
    client.force_login(secretariat)
    response = client.post(
        _item_url(item, "decisions/"),
        {
            f"decision-{item.pk}-kind": "vusa_compliance_status",
            f"decision-{item.pk}-party": "Southern Power plc",
            f"decision-{item.pk}-outcome": "Approved",
            f"decision-{item.pk}-level": Level.RED,
        },
        **HTMX,
    )
    html = response.content.decode()
    assert "Outcome: “Approved” is not an outcome of VUSA Compliance Status" in html
    assert "Compliant; Compliant, subject to a Remediation Plan; Non-compliant" in html
    assert Decision.objects.count() == before
    assert not Organisation.objects.filter(name="Southern Power plc").exists()


def test_a_decision_below_its_items_level_is_refused_and_nothing_is_written(
    held_meeting, secretariat
):
    with pytest.raises(ValidationError) as refused:
        services.decision_record(
            item=_item(held_meeting, 2),
            kind=_kind("ssa"),
            party_name="Eastern Water Ltd",
            outcome="Noted",
            level=Level.AMBER,
            by=secretariat,
        )
    assert "below its agenda item's level RED" in str(refused.value.message_dict["level"])
    assert not Organisation.objects.filter(name="Eastern Water Ltd").exists()


def test_a_decision_below_its_partys_level_is_refused(held_meeting, secretariat):
    with pytest.raises(ValidationError, match="below its organisation's level RED"):
        services.decision_record(
            item=_item(held_meeting, 1),
            kind=_kind("ssa"),
            party_name="Western Grid Ltd",
            outcome="Noted",
            level=Level.AMBER,
            by=secretariat,
        )


def test_recording_a_decision_answers_with_the_items_record(client, secretariat, held_meeting):
    item = _item(held_meeting, 2)
    client.force_login(secretariat)
    response = client.post(
        _item_url(item, "decisions/"),
        {
            f"decision-{item.pk}-kind": "directors_letter",
            f"decision-{item.pk}-party": "Acme Energy Ltd",
            f"decision-{item.pk}-outcome": "Approved",
            f"decision-{item.pk}-level": Level.RED,
        },
        **HTMX,
    )
    html = response.content.decode()
    assert "Decision recorded at item 2: Director&#x27;s Letter: Approved." in html
    assert "Acme Energy Ltd" in html
    assert item.decisions.filter(party__name="Acme Energy Ltd", outcome="Approved").exists()


def test_only_the_secretariat_records_decisions(held_meeting, chair):
    with pytest.raises(PermissionDenied):
        services.decision_record(
            item=_item(held_meeting, 2), kind=_kind("ssa"), outcome="Noted", by=chair
        )


# Actions


def test_the_next_action_reference_is_the_meetings_next_free_number(held_meeting):
    ActionFactory(item=_item(held_meeting, 1), reference="SSC89/01")
    ActionFactory(item=_item(held_meeting, 3), reference="SSC89/04")
    ActionFactory(item=AgendaItemFactory(), reference="SSC90/07")
    assert services.action_reference_next(meeting=held_meeting) == "SSC89/05"


def test_the_page_suggests_the_next_free_action_reference(client, secretariat, held_meeting):
    ActionFactory(item=_item(held_meeting, 1), reference="SSC89/01")
    client.force_login(secretariat)
    html = client.get(_url(held_meeting, "minutes/")).content.decode()
    assert 'value="SSC89/02"' in html


def test_an_action_without_a_reference_takes_the_next_free_one(held_meeting, secretariat):
    action = services.action_raise(
        item=_item(held_meeting, 3),
        description="Circulate the update.",
        owner="DCC",
        by=secretariat,
    )
    assert action.reference == "SSC89/01"


def test_an_action_owned_by_a_username_belongs_to_that_user(held_meeting, secretariat, member):
    action = services.action_raise(
        item=_item(held_meeting, 1), description="Review.", owner="member", by=secretariat
    )
    assert (action.owner_user, action.owner_organisation) == (member, "")


def test_an_action_owned_by_anything_else_belongs_to_an_organisation(held_meeting, secretariat):
    action = services.action_raise(
        item=_item(held_meeting, 1), description="Review.", owner="SECAS", by=secretariat
    )
    assert (action.owner_user, action.owner_organisation) == (None, "SECAS")


def test_an_action_takes_its_items_level_unless_told(held_meeting, secretariat):
    action = services.action_raise(
        item=_item(held_meeting, 1), description="Review.", owner="SECAS", by=secretariat
    )
    assert action.level == Level.AMBER


def test_an_action_below_its_items_level_is_refused_and_nothing_is_written(
    client, secretariat, held_meeting
):
    item = _item(held_meeting, 2)
    client.force_login(secretariat)
    response = client.post(
        _item_url(item, "actions/"),
        {
            f"action-{item.pk}-reference": "SSC89/01",
            f"action-{item.pk}-description": "Write to the party.",
            f"action-{item.pk}-owner": "SECAS",
            f"action-{item.pk}-due": "2019-12-11",
            f"action-{item.pk}-level": Level.GREEN,
        },
        **HTMX,
    )
    assert "Classification: GREEN is below item 2&#x27;s level RED" in response.content.decode()
    assert not Action.objects.exists()


def test_an_action_with_a_taken_reference_is_refused_naming_the_next_free_one(
    held_meeting, secretariat
):
    ActionFactory(item=_item(held_meeting, 1), reference="SSC89/01")
    with pytest.raises(ValidationError, match="SSC89/01 is already taken.*SSC89/02"):
        services.action_raise(
            item=_item(held_meeting, 3),
            reference="SSC89/01",
            description="Again.",
            owner="DCC",
            by=secretariat,
        )
    assert Action.objects.count() == 1


def test_raising_an_action_without_javascript_returns_to_the_item(
    client, secretariat, held_meeting
):
    item = _item(held_meeting, 3)
    client.force_login(secretariat)
    response = client.post(
        _item_url(item, "actions/"),
        {
            f"action-{item.pk}-description": "Publish the update.",
            f"action-{item.pk}-owner": "SECAS",
            f"action-{item.pk}-level": Level.WHITE,
        },
    )
    assert response.status_code == 302
    assert Action.objects.get().reference == "SSC89/01"


# Circulation and approval


def test_the_secretariat_circulates_draft_minutes(client, secretariat, held_meeting):
    client.force_login(secretariat)
    response = client.post(_url(held_meeting, "minutes/circulate/"), **HTMX)
    assert "Circulated: the attendees can now read the minutes." in response.content.decode()
    held_meeting.refresh_from_db()
    assert held_meeting.minutes_status == "circulated"


def test_only_the_secretariat_circulates_minutes(held_meeting, chair):
    with pytest.raises(PermissionDenied):
        services.minutes_circulate(meeting=held_meeting, by=chair)


def test_circulated_minutes_cannot_be_circulated_again(held_meeting, secretariat):
    _circulated(held_meeting)
    with pytest.raises(ValidationError, match="already circulated"):
        services.minutes_circulate(meeting=held_meeting, by=secretariat)


def test_the_chair_approves_circulated_minutes(held_meeting, chair):
    _circulated(held_meeting)
    meeting = services.minutes_approve(meeting=held_meeting, by=chair)
    assert (meeting.minutes_status, meeting.status) == ("approved", "minutes_approved")


def test_approving_the_minutes_of_a_held_meeting_records_the_chair_moving_it(held_meeting, chair):
    _circulated(held_meeting)
    services.minutes_approve(meeting=held_meeting, by=chair)
    change = held_meeting.status_changes.get(status="minutes_approved")
    assert change.by == chair


def test_approving_minutes_leaves_a_meeting_past_held_where_it_is(held_meeting, chair):
    held_meeting.status = "headlines_published"
    _circulated(held_meeting)
    meeting = services.minutes_approve(meeting=held_meeting, by=chair)
    assert (meeting.minutes_status, meeting.status) == ("approved", "headlines_published")


def test_minutes_cannot_be_approved_before_they_are_circulated(held_meeting, chair):
    with pytest.raises(ValidationError, match="still a draft"):
        services.minutes_approve(meeting=held_meeting, by=chair)
    held_meeting.refresh_from_db()
    assert held_meeting.minutes_status == "draft"


def test_only_the_chair_of_the_meeting_approves_its_minutes(held_meeting, secretariat):
    _circulated(held_meeting)
    with pytest.raises(PermissionDenied, match="Only the chair"):
        services.minutes_approve(meeting=held_meeting, by=secretariat)


def test_the_chairs_page_shows_the_circulated_minutes_and_the_approval(client, chair, held_meeting):
    _record_with_canaries(held_meeting)
    _circulated(held_meeting)
    client.force_login(chair)
    html = client.get(_url(held_meeting, "minutes/approve/")).content.decode()
    assert CANARIES["red_minutes"] in html
    assert "Approve the minutes</button>" in html


def test_approving_on_the_chairs_page_approves_the_minutes(client, chair, held_meeting):
    _circulated(held_meeting)
    client.force_login(chair)
    response = client.post(_url(held_meeting, "minutes/approve/"))
    assert response.status_code == 302
    held_meeting.refresh_from_db()
    assert held_meeting.minutes_status == "approved"


def test_a_member_gets_404_on_the_approval_page(client, member, held_meeting):
    AttendanceFactory(meeting=held_meeting, user=member)
    _circulated(held_meeting)
    client.force_login(member)
    assert client.get(_url(held_meeting, "minutes/approve/")).status_code == 404
    assert client.post(_url(held_meeting, "minutes/approve/")).status_code == 404


def test_the_secretariat_gets_404_on_the_approval_page(client, secretariat, held_meeting):
    client.force_login(secretariat)
    assert client.get(_url(held_meeting, "minutes/approve/")).status_code == 404


# The confidential minutes PDF


def test_the_minutes_pdf_of_a_non_attendee_holds_no_red_item(client, member, held_meeting):
    _record_with_canaries(held_meeting)
    _approved(held_meeting)
    client.force_login(member)
    text = "\n".join(_pdf_pages(client.get(_url(held_meeting, "minutes.pdf"))))
    assert CANARIES["amber_minutes"] in text
    for name in ("red_minutes", "red_title", "red_party", "red_action"):
        assert CANARIES[name] not in text, name


def test_the_minutes_pdf_of_an_attendee_holds_the_red_items(client, member, held_meeting):
    _record_with_canaries(held_meeting)
    AttendanceFactory(meeting=held_meeting, user=member)
    _circulated(held_meeting)
    client.force_login(member)
    text = "\n".join(_pdf_pages(client.get(_url(held_meeting, "minutes.pdf"))))
    for name in ("red_minutes", "red_title", "red_party", "red_action"):
        assert CANARIES[name] in text, name


def test_a_recused_reader_sees_only_the_number_and_recused(client, member, held_meeting):
    AttendanceFactory(meeting=held_meeting, user=member)
    recused = AgendaItemFactory(
        meeting=held_meeting,
        number=5,
        level=Level.AMBER,
        title=CANARIES["recused_title"],
        minutes=CANARIES["recused_minutes"],
    )
    RecusalFactory(item=recused, user=member)
    _approved(held_meeting)
    client.force_login(member)
    text = "\n".join(_pdf_pages(client.get(_url(held_meeting, "minutes.pdf"))))
    assert "5. Recused" in text
    assert CANARIES["recused_title"] not in text
    assert CANARIES["recused_minutes"] not in text


def test_every_page_of_the_minutes_pdf_names_its_reader(client, held_meeting):
    reader = UserFactory(username="morgan", first_name="Morgan", last_name="Member", clearance=2)
    long_minutes = "\n\n".join(f"Paragraph {n} of a long discussion." for n in range(150))
    AgendaItem.objects.filter(meeting=held_meeting, number=1).update(minutes=long_minutes)
    _approved(held_meeting)
    client.force_login(reader)
    pages = _pdf_pages(client.get(_url(held_meeting, "minutes.pdf")))
    assert len(pages) > 1
    assert all("AMBER — Morgan Member — " in page for page in pages)


def test_the_stamp_names_the_highest_level_in_the_pdf(client, chair, held_meeting):
    _record_with_canaries(held_meeting)
    _circulated(held_meeting)
    client.force_login(chair)
    pages = _pdf_pages(client.get(_url(held_meeting, "minutes.pdf")))
    assert "RED — Test chair — " in pages[0]


def test_the_minutes_pdf_of_one_reader_at_one_time_is_the_same_file(
    member, held_meeting, monkeypatch
):
    # fontTools (where HarfBuzz's subsetter is missing) writes the clock into each font.
    monkeypatch.setattr(weasyprint.pdf.fonts, "harfbuzz_subset", None)
    _approved(held_meeting)
    record = minutes_record(meeting=held_meeting, user=member)
    at = datetime.datetime(2019, 12, 2, 14, 5, tzinfo=datetime.UTC)
    first = minutes_pdf(record=record, reader="Morgan Member", at=at)
    time.sleep(1.05)  # the fonts' timestamps count whole seconds
    assert minutes_pdf(record=record, reader="Morgan Member", at=at) == first


def test_the_minutes_pdf_is_a_private_attachment(client, member, held_meeting):
    _approved(held_meeting)
    client.force_login(member)
    response = client.get(_url(held_meeting, "minutes.pdf"))
    assert response["Content-Type"] == "application/pdf"
    filename = f"SSC-{held_meeting.reference}-minutes.pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


def test_a_reader_of_draft_minutes_gets_404_for_the_pdf(client, chair, held_meeting):
    client.force_login(chair)
    assert client.get(_url(held_meeting, "minutes.pdf")).status_code == 404


def test_a_non_attendee_gets_404_for_circulated_minutes(client, member, held_meeting):
    _circulated(held_meeting)
    client.force_login(member)
    assert client.get(_url(held_meeting, "minutes.pdf")).status_code == 404


def test_the_secretariat_reads_draft_minutes_in_the_pdf(client, secretariat, held_meeting):
    red = _record_with_canaries(held_meeting)
    client.force_login(secretariat)
    text = "\n".join(_pdf_pages(client.get(_url(held_meeting, "minutes.pdf"))))
    assert CANARIES["red_minutes"] in text
    assert red.meeting.minutes_status == "draft"


def test_raw_html_in_minutes_reaches_the_pdf_as_text(client, secretariat, held_meeting):
    minutes = '<img src="file:///etc/passwd"> **Noted**'
    AgendaItem.objects.filter(meeting=held_meeting, number=3).update(minutes=minutes)
    client.force_login(secretariat)
    text = "\n".join(_pdf_pages(client.get(_url(held_meeting, "minutes.pdf"))))
    assert '<img src="file:///etc/passwd">' in text


# Links from the meeting page


def test_the_meeting_page_links_a_reader_of_the_minutes_to_the_pdf_once(
    client, member, held_meeting
):
    _approved(held_meeting)
    client.force_login(member)
    html = client.get(_url(held_meeting)).content.decode()
    assert html.count(_url(held_meeting, "minutes.pdf")) == 1


def test_the_meeting_page_links_the_chair_to_circulated_minutes(client, chair, held_meeting):
    _circulated(held_meeting)
    client.force_login(chair)
    html = client.get(_url(held_meeting)).content.decode()
    assert _url(held_meeting, "minutes/approve/") in html


def test_editing_an_items_title_does_not_refuse_the_next_minutes_autosave(
    held_meeting, secretariat
):
    item = held_meeting.items.get(number=3)
    services.agenda_item_update(
        item=item, expected_version=item.version, by=secretariat, title="New"
    )
    services.item_minutes_save(
        item=item, minutes="Noted.", expected_version=item.minutes_version, by=secretariat
    )
    item.refresh_from_db()
    assert (item.title, item.minutes) == ("New", "Noted.")
