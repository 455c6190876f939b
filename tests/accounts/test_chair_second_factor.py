"""Approvals and publications need a session verified by a second factor (issue 11, finding 2).

With OTP_REQUIRED on, the chair approves minutes and decides on Headlines, and the
secretariat publishes, circulates and changes who may see something, only from a verified
session. The services check it themselves, so that no view, old or new, can forget it; a
command or a task acts with `by=None` and stays allowed.

A password-only session is modelled as django-otp's middleware makes it: the user's
`is_verified()` answers False.
"""

import pytest
from django.core.exceptions import PermissionDenied

from classification.levels import Level
from classification.visibility import is_chair, recorded_as_chair
from headlines import services as headlines_services
from headlines.models import HeadlinesRequest
from meetings import services
from meetings.demo import text_pdf
from tests.factories import AgendaItemFactory, AttendanceFactory, PaperFactory, UserFactory
from tests.sessions import password_only_session, sign_in_verified, verified_session

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("second_factor_required")]


def _circulated(meeting):
    meeting.minutes_status = "circulated"
    meeting.save()


def _submitted(meeting, secretariat) -> HeadlinesRequest:
    return headlines_services.headlines_submit(meeting=meeting, by=verified_session(secretariat))


def _url(meeting, suffix=""):
    return f"/meetings/{meeting.committee.code}/{meeting.number}/{suffix}"


# The helpers of classification/visibility.py


def test_a_password_only_chair_is_recorded_as_chair_but_is_not_the_chair(held_meeting, chair):
    password_only_session(chair)
    assert recorded_as_chair(chair, held_meeting)
    assert not is_chair(chair, held_meeting)


def test_a_verified_chair_is_the_chair(held_meeting, chair):
    assert is_chair(verified_session(chair), held_meeting)


def test_an_inactive_chair_is_not_the_chair(held_meeting, chair):
    chair.is_active = False
    assert not is_chair(verified_session(chair), held_meeting)


def test_a_verified_member_is_not_the_chair(held_meeting, member):
    AttendanceFactory(meeting=held_meeting, user=member)
    assert not is_chair(verified_session(member), held_meeting)


# The services


def test_the_service_refuses_the_minutes_approval_of_a_password_only_chair(held_meeting, chair):
    _circulated(held_meeting)
    with pytest.raises(PermissionDenied, match="second factor"):
        services.minutes_approve(meeting=held_meeting, by=password_only_session(chair))
    held_meeting.refresh_from_db()
    assert held_meeting.minutes_status == "circulated"


def test_the_service_takes_the_minutes_approval_of_a_verified_chair(held_meeting, chair):
    _circulated(held_meeting)
    meeting = services.minutes_approve(meeting=held_meeting, by=verified_session(chair))
    assert meeting.minutes_status == "approved"


def test_the_service_refuses_the_headlines_approval_of_a_password_only_chair(
    held_meeting, chair, secretariat
):
    request = _submitted(held_meeting, secretariat)
    with pytest.raises(PermissionDenied, match="second factor"):
        headlines_services.headlines_approve(request=request, by=password_only_session(chair))
    request.refresh_from_db()
    assert request.status == HeadlinesRequest.Status.SUBMITTED


def test_the_service_refuses_the_headlines_return_of_a_password_only_chair(
    held_meeting, chair, secretariat
):
    request = _submitted(held_meeting, secretariat)
    with pytest.raises(PermissionDenied, match="second factor"):
        headlines_services.headlines_return(
            request=request, by=password_only_session(chair), comment="Not yet."
        )
    request.refresh_from_db()
    assert request.status == HeadlinesRequest.Status.SUBMITTED


def test_a_password_only_secretariat_session_is_refused_by_the_service(held_meeting, secretariat):
    with pytest.raises(PermissionDenied):
        headlines_services.headlines_submit(
            meeting=held_meeting, by=password_only_session(secretariat)
        )
    assert not HeadlinesRequest.objects.exists()


def _writes(meeting, member):
    """Each service that publishes, circulates or changes who may see something, as a call."""
    item = meeting.items.get(number=1)
    paper = PaperFactory(item=item, level=item.level)
    chair = meeting.attendances.get(role="chair").user  # only an attendee is recused
    return {
        "agenda_publish": lambda by: services.agenda_publish(meeting=meeting, by=by),
        "meeting_status_change": lambda by: services.meeting_status_change(
            meeting=meeting, status="minutes_approved", by=by
        ),
        "minutes_circulate": lambda by: services.minutes_circulate(meeting=meeting, by=by),
        "attendance_record": lambda by: services.attendance_record(
            meeting=meeting, user=member, by=by
        ),
        "attendance_remove": lambda by: services.attendance_remove(
            meeting=meeting, user=member, by=by
        ),
        "recusal_add": lambda by: services.recusal_add(item=item, user=chair, by=by),
        "recusal_remove": lambda by: services.recusal_remove(item=item, user=member, by=by),
        "paper_add": lambda by: services.paper_add(
            item=item, title="P", level=Level.AMBER, content=text_pdf(["x"]), by=by
        ),
        "paper_version_add": lambda by: services.paper_version_add(
            paper=paper, content=text_pdf(["v2"]), by=by
        ),
        "paper_withdraw": lambda by: services.paper_withdraw(paper=paper, by=by),
        "agenda_item_add": lambda by: services.agenda_item_add(
            meeting=meeting, by=by, title="New", level=Level.WHITE
        ),
        "agenda_item_update": lambda by: services.agenda_item_update(
            item=item, expected_version=item.version, by=by, title="Renamed"
        ),
        "agenda_item_headline_update": lambda by: services.agenda_item_headline_update(
            item=item, headline="x", headline_mode="full", expected_version=item.version, by=by
        ),
        "agenda_copy": lambda by: services.agenda_copy(source=meeting, target=meeting, by=by),
    }


WRITES = [
    "agenda_publish",
    "meeting_status_change",
    "minutes_circulate",
    "attendance_record",
    "attendance_remove",
    "recusal_add",
    "recusal_remove",
    "paper_add",
    "paper_version_add",
    "paper_withdraw",
    "agenda_item_add",
    "agenda_item_update",
    "agenda_item_headline_update",
    "agenda_copy",
]


@pytest.mark.parametrize("write", WRITES)
def test_every_write_that_changes_who_sees_refuses_a_password_only_secretariat(
    held_meeting, secretariat, member, write
):
    call = _writes(held_meeting, member)[write]
    with pytest.raises(PermissionDenied, match="second factor"):
        call(password_only_session(secretariat))


@pytest.mark.parametrize("write", WRITES)
def test_every_write_that_changes_who_sees_refuses_a_verified_member(held_meeting, member, write):
    call = _writes(held_meeting, member)[write]
    with pytest.raises(PermissionDenied):
        call(verified_session(UserFactory(username="other", clearance=Level.AMBER)))


@pytest.mark.parametrize("write", WRITES)
def test_every_write_that_changes_who_sees_is_open_to_commands_and_tasks(
    held_meeting, member, write
):
    _writes(held_meeting, member)[write](None)


# The pages


def test_a_password_only_chair_gets_404_on_the_minutes_approval_page(client, chair, held_meeting):
    _circulated(held_meeting)
    client.force_login(chair)
    assert client.get(_url(held_meeting, "minutes/approve/")).status_code == 404
    assert client.post(_url(held_meeting, "minutes/approve/")).status_code == 404
    held_meeting.refresh_from_db()
    assert held_meeting.minutes_status == "circulated"


def test_a_verified_chair_approves_the_minutes_on_the_page(client, chair, held_meeting):
    _circulated(held_meeting)
    sign_in_verified(client, chair)
    assert client.post(_url(held_meeting, "minutes/approve/")).status_code == 302
    held_meeting.refresh_from_db()
    assert held_meeting.minutes_status == "approved"


def test_the_meeting_page_offers_no_approval_to_a_password_only_chair(
    client, chair, secretariat, held_meeting
):
    _circulated(held_meeting)
    _submitted(held_meeting, secretariat)
    client.force_login(chair)
    html = client.get(_url(held_meeting)).content.decode()
    assert _url(held_meeting, "minutes/approve/") not in html
    assert "Headlines awaiting approval" not in html
    assert "second factor" in html


def test_a_password_only_chair_posting_the_headlines_decision_changes_nothing(
    client, chair, secretariat, held_meeting
):
    request = _submitted(held_meeting, secretariat)
    client.force_login(chair)
    response = client.post(f"/headlines/requests/{request.pk}/decide/", {"decision": "approve"})
    assert response.status_code == 404
    request.refresh_from_db()
    assert request.status == HeadlinesRequest.Status.SUBMITTED


def test_a_verified_chair_sees_the_approve_button_on_the_headlines_page(
    client, chair, secretariat, held_meeting
):
    request = _submitted(held_meeting, secretariat)
    sign_in_verified(client, chair)
    html = client.get(f"/headlines/requests/{request.pk}/").content.decode()
    assert "Approve and publish</button>" in html


def test_a_password_only_secretariat_cannot_publish_an_agenda(client, secretariat, held_meeting):
    item = AgendaItemFactory(meeting=held_meeting, number=9, published_at=None)
    client.force_login(secretariat)
    response = client.post(_url(held_meeting, "agenda/publish/"))
    assert response.status_code == 404
    item.refresh_from_db()
    assert item.published_at is None
