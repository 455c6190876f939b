"""The one access module: every view asks `classification.access` who may open a page."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.test import RequestFactory

from classification.access import (
    chaired_meeting_or_404,
    meeting_or_404,
    secretariat_required,
    signed_in_required,
)
from tests.factories import AttendanceFactory, MeetingFactory
from tests.sessions import password_only_session, verified_session

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("second_factor_required")]


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def _page(request):
    return "opened"


def test_a_secretariat_page_answers_404_to_a_member(member):
    with pytest.raises(Http404):
        secretariat_required(_page)(_request(verified_session(member)))


def test_a_secretariat_page_answers_404_to_a_password_only_secretariat(secretariat):
    with pytest.raises(Http404):
        secretariat_required(_page)(_request(password_only_session(secretariat)))


def test_a_secretariat_page_opens_for_the_verified_secretariat(secretariat):
    assert secretariat_required(_page)(_request(verified_session(secretariat))) == "opened"


def test_a_signed_in_page_answers_404_to_a_visitor():
    with pytest.raises(Http404):
        signed_in_required(_page)(_request(AnonymousUser()))


def test_a_signed_in_page_opens_for_a_registered_account(registered):
    assert signed_in_required(_page)(_request(registered)) == "opened"


def test_a_meeting_is_found_for_a_reader_who_may_see_it(member):
    meeting = MeetingFactory(number=90, status="held")
    assert meeting_or_404(member, meeting.committee.code, 90) == meeting


def test_a_draft_meeting_answers_404_to_a_member(member):
    meeting = MeetingFactory(number=91, status="draft")
    with pytest.raises(Http404):
        meeting_or_404(member, meeting.committee.code, 91)


def test_a_secretariat_lookup_of_a_public_meeting_answers_404_to_a_member(member):
    meeting = MeetingFactory(number=90, status="held")
    with pytest.raises(Http404):
        meeting_or_404(verified_session(member), meeting.committee.code, 90, secretariat=True)


def test_a_secretariat_lookup_finds_a_draft_meeting_for_the_secretariat(secretariat):
    meeting = MeetingFactory(number=91, status="draft")
    found = meeting_or_404(
        verified_session(secretariat), meeting.committee.code, 91, secretariat=True
    )
    assert found == meeting


def test_the_chairs_lookup_answers_404_to_a_password_only_chair(chair):
    meeting = MeetingFactory(number=90, status="held")
    AttendanceFactory(meeting=meeting, user=chair, role="chair")
    with pytest.raises(Http404):
        chaired_meeting_or_404(password_only_session(chair), meeting.committee.code, 90)


def test_the_chairs_lookup_finds_the_meeting_for_its_verified_chair(chair):
    meeting = MeetingFactory(number=90, status="held")
    AttendanceFactory(meeting=meeting, user=chair, role="chair")
    assert chaired_meeting_or_404(verified_session(chair), meeting.committee.code, 90) == meeting


def test_the_chairs_lookup_answers_404_to_a_member_who_does_not_chair(member):
    meeting = MeetingFactory(number=90, status="held")
    AttendanceFactory(meeting=meeting, user=member, role="member")
    with pytest.raises(Http404):
        chaired_meeting_or_404(verified_session(member), meeting.committee.code, 90)
