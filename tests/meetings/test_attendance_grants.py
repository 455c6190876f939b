"""Attending a meeting grants its RED business: written by the attendance service alone."""

import pytest
from django.db import transaction
from guardian.shortcuts import get_perms

from classification.levels import Level
from meetings import services
from meetings.models import AgendaItem
from tests.factories import AgendaItemFactory, MeetingFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_recording_attendance_grants_the_meetings_red_business():
    meeting = MeetingFactory()
    red = AgendaItemFactory(meeting=meeting, level=Level.RED)
    attendee = UserFactory(clearance=Level.AMBER)
    services.attendance_record(meeting=meeting, user=attendee, by=None)
    assert AgendaItem.objects.visible_to(attendee).filter(pk=red.pk).exists()


def test_an_attendance_rolled_back_leaves_no_red_grant_behind():
    meeting = MeetingFactory()
    attendee = UserFactory(clearance=Level.AMBER)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.attendance_record(meeting=meeting, user=attendee, by=None)
        raise RuntimeError("the request failed after recording the attendance")
    assert get_perms(attendee, meeting) == []


def test_removing_an_attendee_takes_back_the_red_grant():
    meeting = MeetingFactory()
    red = AgendaItemFactory(meeting=meeting, level=Level.RED)
    attendee = UserFactory(clearance=Level.AMBER)
    services.attendance_record(meeting=meeting, user=attendee, by=None)
    services.attendance_remove(meeting=meeting, user=attendee, by=None)
    assert not AgendaItem.objects.visible_to(attendee).filter(pk=red.pk).exists()


def test_the_admin_shows_attendance_without_letting_it_be_changed(client):
    meeting = MeetingFactory()
    services.attendance_record(meeting=meeting, user=UserFactory(username="ada"), by=None)
    client.force_login(
        UserFactory(is_secretariat=True, is_staff=True, is_superuser=True, clearance=Level.RED)
    )
    page = client.get(f"/admin/meetings/meeting/{meeting.pk}/change/").content.decode()
    assert "ada" in page
    assert 'name="attendances-0-user"' not in page
    assert "attendances-__prefix__" not in page
