"""Recusals: only an attendee of the meeting is recused; anyone else is refused, by name."""

import copy
import json

import pytest
from django.core.exceptions import ValidationError

from classification.levels import Level
from meetings import services
from meetings.admin import RecusalForm as RecusalAdminForm
from meetings.demo import SEED_MEETING
from meetings.exchange import MeetingFileError, import_meeting
from meetings.models import Meeting, Recusal
from tests.factories import AgendaItemFactory, AttendanceFactory, MeetingFactory, UserFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def item():
    return AgendaItemFactory(meeting=MeetingFactory(number=90), number=3, level=Level.RED)


@pytest.fixture
def outsider():
    return UserFactory(username="outsider", first_name="Olly", last_name="Outsider")


def _recusals_url(item) -> str:
    meeting = item.meeting
    return f"/meetings/{meeting.committee.code}/{meeting.number}/agenda/items/{item.pk}/recusals/"


def test_recusing_an_attendee_is_recorded(item, secretariat):
    attendee = UserFactory(username="attendee")
    AttendanceFactory(meeting=item.meeting, user=attendee)
    services.recusal_add(item=item, user=attendee, by=secretariat, reason="Works for the party")
    assert Recusal.objects.get().user == attendee


def test_recusing_someone_who_does_not_attend_is_refused_naming_the_user(
    item, outsider, secretariat
):
    with pytest.raises(ValidationError) as refused:
        services.recusal_add(item=item, user=outsider, by=secretariat)
    assert refused.value.message_dict == {
        "user": [
            "Olly Outsider does not attend this meeting (SSC 90_"
            f"{item.meeting.date:%d%m}): record them as an attendee first."
        ]
    }
    assert not Recusal.objects.exists()


def test_the_builder_refuses_a_non_attendee_naming_the_field_and_writes_nothing(
    client, item, outsider, secretariat
):
    client.force_login(secretariat)
    response = client.post(_recusals_url(item), {"user": outsider.pk, "reason": ""}, follow=True)
    html = response.content.decode()
    assert "Item 3: User: Olly Outsider does not attend this meeting" in html
    assert not Recusal.objects.exists()


def test_the_builder_refuses_a_non_attendee_in_place_with_htmx(client, item, outsider, secretariat):
    client.force_login(secretariat)
    response = client.post(_recusals_url(item), {"user": outsider.pk}, headers=HTMX)
    html = response.content.decode()
    assert '<p class="notice error">Item 3: User: Olly Outsider does not attend' in html
    assert not Recusal.objects.exists()


def test_the_builder_offers_only_the_meetings_attendees_to_recuse(
    client, item, outsider, secretariat
):
    AttendanceFactory(meeting=item.meeting, user=UserFactory(username="attendee"))
    client.force_login(secretariat)
    html = client.get(_recusals_url(item).split("items/")[0]).content.decode()
    recuse = html[html.index("<label>Recuse") : html.index("</label>", html.index("<label>Recuse"))]
    assert "Test attendee" in recuse
    assert "Olly Outsider" not in recuse


def _meeting_file(recused: str) -> dict:
    document = json.loads(SEED_MEETING.read_text(encoding="utf-8"))
    document = copy.deepcopy(document)
    document["items"][5]["recused"] = [recused]
    return document


def test_importing_a_recusal_of_a_non_attendee_is_refused_naming_the_record(tmp_path):
    for username in ("chair", "member", "secretariat", "outsider"):
        UserFactory(username=username)
    with pytest.raises(MeetingFileError) as refused:
        import_meeting(_meeting_file("outsider"), base_dir=tmp_path)
    assert str(refused.value) == (
        "items[5] (item 6).recused: outsider does not attend this meeting: "
        "only an attendee is recused"
    )
    assert not Meeting.objects.exists()
    assert not Recusal.objects.exists()


def test_importing_a_recusal_of_an_attendee_records_it(tmp_path):
    for username in ("chair", "member", "secretariat"):
        UserFactory(username=username)
    meeting = import_meeting(_meeting_file("member"), base_dir=tmp_path)
    assert Recusal.objects.get().item == meeting.items.get(number=6)


def test_the_admin_refuses_a_recusal_of_a_non_attendee_naming_the_user(item, outsider):
    form = RecusalAdminForm({"user": outsider.pk, "reason": ""}, instance=Recusal(item=item))
    assert not form.is_valid()
    assert form.errors["user"] == [
        f"Olly Outsider does not attend this meeting ({item.meeting}): "
        "record them as an attendee first."
    ]
