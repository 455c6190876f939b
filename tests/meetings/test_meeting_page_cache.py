"""The meeting page's cache of each reader's agenda: served again while nothing changed, never
once anything it shows, or who may see it, has changed.

A stale entry here would be a leak (an item reclassified, a recusal recorded, an attendee
removed, yet the old agenda served), so each kind of change has a test of its own.
"""

import pytest
from django.apps import apps
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.models import Organisation
from classification.levels import Level, MinutesStatus
from meetings import services
from meetings.models import Action, AgendaItem, Decision, Meeting, Paper, PaperVersion
from meetings.signals import MEETINGS_SHOWING
from tests.factories import (
    ActionFactory,
    AgendaItemFactory,
    AttendanceFactory,
    DecisionFactory,
    MeetingFactory,
    MembershipFactory,
    PaperFactory,
    UserFactory,
    decision_kind,
)

pytestmark = pytest.mark.django_db

# Models pointing at a meeting or its business whose rows the meeting page does not show,
# and which decide nothing about who sees what on it.
NOT_ON_THE_MEETING_PAGE = {
    "meetings.MeetingStatusChange": "the history of statuses; the status is the meeting's own",
    "meetings.MinutesStatusChange": "the history of the minutes; their status is the meeting's",
    "notifications.AgendaPublication": "when the agenda went out; items carry their published_at",
    "meetings.ActionUpdate": "an action's history, shown in the action log",
    "headlines.HeadlinesRequest": "asked afresh on every request (the approval link)",
    "headlines.HeadlinesVersion": "the Headlines pages; the link follows the meeting's status",
    "members.PaperRead": "the dashboard's unread marks",
    "packs.Pack": "the papers pack page",
    "assessments.Assessment": "the conflicts its item flags are read afresh on every request",
    "questions.Question": "asked afresh on every request, outside the cached agenda",
    "reader.PaperNote": "the reader and My notes: a member's private notes",
}


def _page(client, meeting) -> str:
    response = client.get(f"/meetings/{meeting.committee.code}/{meeting.number}/")
    assert response.status_code == 200
    return response.content.decode()


def _agenda(page: str) -> str:
    """The agenda's part of a meeting page (the rest carries per-request CSRF tokens)."""
    return page[page.index("<section>") : page.rindex("</section>")]


@pytest.fixture
def meeting():
    return MeetingFactory(number=89, status="held")


@pytest.fixture
def reader(client, member, meeting):
    """An AMBER member attending the meeting, signed in."""
    AttendanceFactory(meeting=meeting, user=member)
    client.force_login(member)
    return member


def test_every_model_about_a_meetings_business_revises_the_meeting_or_is_not_on_its_page():
    business = {Meeting, AgendaItem, Paper, PaperVersion, Decision, Action}
    pointing = {
        model._meta.label
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if field.many_to_one and field.related_model in business
    }
    revising = {model._meta.label for model in MEETINGS_SHOWING}
    assert pointing - revising == set(NOT_ON_THE_MEETING_PAGE)


def test_the_agenda_is_served_again_from_the_cache_with_fewer_queries(client, reader, meeting):
    AgendaItemFactory(meeting=meeting, level=Level.AMBER, title="Shared Resources")
    _page(client, meeting)
    caches["meeting_pages"].clear()
    with CaptureQueriesContext(connection) as built:
        agenda = _agenda(_page(client, meeting))
    with CaptureQueriesContext(connection) as cached:
        assert _agenda(_page(client, meeting)) == agenda
    assert "Shared Resources" in agenda
    assert len(cached) < len(built)


def test_the_cached_agenda_is_html_not_escaped_text(client, reader, meeting):
    AgendaItemFactory(meeting=meeting, title="Shared Resources")
    _page(client, meeting)
    assert '<ol class="agenda">' in _page(client, meeting)


def test_readers_with_different_clearances_never_share_an_agenda(client, reader, meeting):
    AgendaItemFactory(meeting=meeting, level=Level.AMBER, title="Amber business")
    assert "Amber business" in _page(client, meeting)
    client.force_login(UserFactory(clearance=Level.GREEN))
    assert "Amber business" not in _page(client, meeting)


def test_an_item_reclassified_above_the_readers_level_leaves_the_page(client, member, meeting):
    client.force_login(member)
    item = AgendaItemFactory(meeting=meeting, level=Level.AMBER, title="Shared Resources")
    assert "Shared Resources" in _page(client, meeting)
    item.level = Level.RED
    item.save()
    assert "Shared Resources" not in _page(client, meeting)


def test_a_recusal_hides_the_item_at_once(client, reader, meeting):
    item = AgendaItemFactory(meeting=meeting, level=Level.AMBER, title="Party A's assessment")
    assert "Party A" in _page(client, meeting)
    services.recusal_add(item=item, user=reader, by=None)
    page = _page(client, meeting)
    assert "Party A" not in page
    assert "<em>Recused</em>" in page


def test_a_removed_attendee_no_longer_sees_the_red_business(client, reader, meeting):
    AgendaItemFactory(meeting=meeting, level=Level.RED, title="Red business")
    assert "Red business" in _page(client, meeting)
    services.attendance_remove(meeting=meeting, user=reader, by=None)
    assert "Red business" not in _page(client, meeting)


def test_a_withdrawn_paper_leaves_the_page(client, reader, meeting, secretariat):
    paper = PaperFactory(item=AgendaItemFactory(meeting=meeting), title="Draft strategy")
    assert "Draft strategy" in _page(client, meeting)
    services.paper_withdraw(paper=paper, by=secretariat)
    assert "Draft strategy" not in _page(client, meeting)


def test_a_new_paper_version_shows_at_once(client, reader, meeting):
    paper = PaperFactory(item=AgendaItemFactory(meeting=meeting))
    assert "version 1," in _page(client, meeting)
    services.paper_version_add(paper=paper, content=PaperVersion.objects.get().file.read(), by=None)
    assert "version 2," in _page(client, meeting)


def test_items_published_in_bulk_show_at_once(client, reader, meeting, secretariat):
    AgendaItemFactory(meeting=meeting, title="Not yet out", published_at=None)
    assert "Not yet out" not in _page(client, meeting)
    services.agenda_publish(meeting=meeting, by=secretariat)
    assert "Not yet out" in _page(client, meeting)


def test_reordered_items_show_in_their_new_order(client, reader, meeting, secretariat):
    first = AgendaItemFactory(meeting=meeting, number=1, title="Alpha")
    second = AgendaItemFactory(meeting=meeting, number=2, title="Bravo")
    page = _page(client, meeting)
    assert page.index("Alpha") < page.index("Bravo")
    services.agenda_reorder(meeting=meeting, ordered_ids=[second.pk, first.pk], by=secretariat)
    page = _page(client, meeting)
    assert page.index("Bravo") < page.index("Alpha")


def test_saved_minutes_show_once_approved_and_not_before(client, reader, meeting, secretariat):
    item = AgendaItemFactory(meeting=meeting, level=Level.AMBER)
    _page(client, meeting)
    services.item_minutes_save(
        item=item, minutes="The committee **agreed**.", expected_version=1, by=secretariat
    )
    assert "agreed" not in _page(client, meeting)
    meeting.minutes_status = MinutesStatus.APPROVED
    meeting.save()
    assert "<strong>agreed</strong>" in _page(client, meeting)


def test_an_ended_membership_applies_at_once(client, member, meeting):
    client.force_login(member)
    AgendaItemFactory(meeting=meeting, level=Level.AMBER, title="Amber business")
    assert "Amber business" in _page(client, meeting)
    member.memberships.update(ends=timezone.localdate())
    assert "Amber business" not in _page(client, meeting)


def test_a_new_membership_applies_at_once(client, registered, meeting):
    client.force_login(registered)
    AgendaItemFactory(meeting=meeting, level=Level.AMBER, title="Amber business")
    assert "Amber business" not in _page(client, meeting)
    MembershipFactory(user=registered, committee=meeting.committee)
    assert "Amber business" in _page(client, meeting)


def test_a_renamed_party_shows_under_its_new_name(client, reader, meeting):
    meeting.minutes_status = MinutesStatus.APPROVED
    meeting.save()
    item = AgendaItemFactory(meeting=meeting, level=Level.RED)
    decision = DecisionFactory(item=item, kind=decision_kind("ssa"), level=Level.RED)
    assert decision.party.name in _page(client, meeting)
    party = Organisation.objects.get(pk=decision.party_id)
    party.name = "Renamed Ltd"
    party.save()
    assert "Renamed Ltd" in _page(client, meeting)


def test_a_renamed_action_owner_shows_under_the_new_username(client, reader, meeting):
    meeting.minutes_status = MinutesStatus.APPROVED
    meeting.save()
    owner = UserFactory(username="old-name")
    ActionFactory(item=AgendaItemFactory(meeting=meeting), owner_user=owner)
    assert "old-name" in _page(client, meeting)
    owner.username = "new-name"
    owner.save()
    assert "new-name" in _page(client, meeting)


def test_signing_in_does_not_revise_the_meetings_of_ones_actions(meeting, member):
    ActionFactory(item=AgendaItemFactory(meeting=meeting), owner_user=member)
    revision = Meeting.objects.get(pk=meeting.pk).revision
    member.save(update_fields=["last_login"])
    assert Meeting.objects.get(pk=meeting.pk).revision == revision


def test_an_item_moved_to_another_meeting_leaves_the_first_meetings_page(client, reader, meeting):
    item = AgendaItemFactory(meeting=meeting, level=Level.RED, title="Red business")
    assert "Red business" in _page(client, meeting)
    item.meeting = MeetingFactory(number=90, status="held")
    item.save()
    assert "Red business" not in _page(client, meeting)


def test_a_paper_moved_to_another_meetings_item_leaves_the_first_meetings_page(
    client, reader, meeting
):
    paper = PaperFactory(item=AgendaItemFactory(meeting=meeting), title="Draft strategy")
    assert "Draft strategy" in _page(client, meeting)
    paper.item = AgendaItemFactory(meeting=MeetingFactory(number=90, status="held"))
    paper.save()
    assert "Draft strategy" not in _page(client, meeting)


def test_an_attendee_removed_from_the_meeting_loses_its_red_business_from_the_page(
    client, member, meeting
):
    AttendanceFactory(meeting=meeting, user=member)
    AgendaItemFactory(meeting=meeting, level=Level.RED, title="Red business")
    client.force_login(member)
    assert "Red business" in _page(client, meeting)
    services.attendance_remove(meeting=meeting, user=member, by=None)
    assert "Red business" not in _page(client, meeting)


def test_a_deleted_action_owner_leaves_the_page(client, reader, meeting):
    meeting.minutes_status = MinutesStatus.APPROVED
    meeting.save()
    owner = UserFactory(username="departed")
    ActionFactory(item=AgendaItemFactory(meeting=meeting), owner_user=owner)
    assert "departed" in _page(client, meeting)
    owner.delete()
    assert "departed" not in _page(client, meeting)


def test_a_meeting_saved_from_a_stale_copy_gets_a_revision_never_used_before(meeting):
    stale = Meeting.objects.get(pk=meeting.pk)
    used = {stale.revision}
    AgendaItemFactory(meeting=meeting)
    used.add(Meeting.objects.get(pk=meeting.pk).revision)
    stale.location = "London"
    stale.save(update_fields=["location"])
    assert Meeting.objects.get(pk=meeting.pk).revision not in used
