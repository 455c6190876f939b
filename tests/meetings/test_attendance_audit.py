"""Who attends and who is recused decide who reads a meeting's RED business: each change is
in the audit log, naming the member and the item by number, never an item's title."""

import pytest

from audit.models import AuditEvent
from classification.levels import Level
from meetings import services
from tests.factories import AgendaItemFactory, AttendanceFactory, MeetingFactory, UserFactory

pytestmark = pytest.mark.django_db

Kind = AuditEvent.Kind


@pytest.fixture
def item():
    meeting = MeetingFactory(number=90)
    return AgendaItemFactory(meeting=meeting, number=3, level=Level.RED, title="CNRY secret title")


@pytest.fixture
def attendee(item):
    user = UserFactory(username="attendee")
    AttendanceFactory(meeting=item.meeting, user=user)
    return user


def _events(kind):
    return list(AuditEvent.objects.filter(kind=kind))


def test_recording_an_attendance_is_audited_with_who_recorded_it(item, secretariat):
    member = UserFactory(username="newcomer")
    services.attendance_record(meeting=item.meeting, user=member, by=secretariat)
    [event] = _events(Kind.ATTENDANCE_RECORDED)
    assert (event.user, event.detail["member"], event.detail["role"]) == (
        secretariat,
        "newcomer",
        "member",
    )
    assert event.committee_id == item.meeting.committee_id


def test_recording_the_same_attendance_again_adds_no_event(item, secretariat, attendee):
    before = len(_events(Kind.ATTENDANCE_RECORDED))
    services.attendance_record(meeting=item.meeting, user=attendee, by=secretariat)
    assert len(_events(Kind.ATTENDANCE_RECORDED)) == before


def test_removing_an_attendee_is_audited(item, secretariat, attendee):
    services.attendance_remove(meeting=item.meeting, user=attendee, by=secretariat)
    [event] = _events(Kind.ATTENDANCE_REMOVED)
    assert (event.user, event.detail["member"]) == (secretariat, "attendee")


def test_removing_someone_who_does_not_attend_adds_no_event(item, secretariat):
    services.attendance_remove(meeting=item.meeting, user=UserFactory(), by=secretariat)
    assert _events(Kind.ATTENDANCE_REMOVED) == []


def test_a_recusal_is_audited_by_item_number_and_member_never_the_items_title(
    item, secretariat, attendee
):
    services.recusal_add(item=item, user=attendee, by=secretariat, reason="Works for the party")
    [event] = _events(Kind.RECUSAL_ADDED)
    assert (event.user, event.detail["member"], event.detail["item"]) == (
        secretariat,
        "attendee",
        3,
    )
    # The reason stays on the recusal, read where recusals are: it may name a RED party.
    assert "reason" not in event.detail
    assert "CNRY" not in event.object_repr + str(event.detail)


def test_recusing_the_same_member_again_adds_no_event(item, secretariat, attendee):
    services.recusal_add(item=item, user=attendee, by=secretariat)
    services.recusal_add(item=item, user=attendee, by=secretariat)
    assert len(_events(Kind.RECUSAL_ADDED)) == 1


def test_lifting_a_recusal_is_audited(item, secretariat, attendee):
    services.recusal_add(item=item, user=attendee, by=secretariat)
    services.recusal_remove(item=item, user=attendee, by=secretariat)
    [event] = _events(Kind.RECUSAL_LIFTED)
    assert (event.user, event.detail["member"], event.detail["item"]) == (
        secretariat,
        "attendee",
        3,
    )


def test_lifting_a_recusal_that_is_not_there_adds_no_event(item, secretariat, attendee):
    services.recusal_remove(item=item, user=attendee, by=secretariat)
    assert _events(Kind.RECUSAL_LIFTED) == []
