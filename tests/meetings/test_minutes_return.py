"""The chair returns circulated minutes with comments; every step of the minutes records who
took it and when."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from classification.levels import MinutesStatus
from meetings import services
from meetings.models import MinutesStatusChange
from tests.factories import AttendanceFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def circulated(held_meeting, secretariat):
    return services.minutes_circulate(meeting=held_meeting, by=secretariat)


def _steps(meeting):
    return list(
        MinutesStatusChange.objects.filter(meeting=meeting).values_list("status", "by__username")
    )


def _approval_page(meeting):
    return reverse("meetings:minutes_approve", args=[meeting.committee.code, meeting.number])


def test_circulating_the_minutes_records_who_circulated_them_and_when(held_meeting, secretariat):
    services.minutes_circulate(meeting=held_meeting, by=secretariat)
    step = MinutesStatusChange.objects.get(meeting=held_meeting)
    assert (step.status, step.by, step.comment) == (MinutesStatus.CIRCULATED, secretariat, "")
    assert step.at is not None


def test_approving_the_minutes_records_who_approved_them_and_when(circulated, chair):
    services.minutes_approve(meeting=circulated, by=chair)
    assert _steps(circulated) == [("circulated", "sec"), ("approved", "chair")]


def test_the_chair_returns_circulated_minutes_to_the_draft_with_comments(circulated, chair):
    step = services.minutes_return(meeting=circulated, by=chair, comment="  Item 2 is wrong. ")
    circulated.refresh_from_db()
    assert circulated.minutes_status == MinutesStatus.DRAFT
    assert (step.status, step.by, step.comment) == (MinutesStatus.DRAFT, chair, "Item 2 is wrong.")
    assert step.returned


def test_minutes_are_not_returned_without_comments(circulated, chair):
    with pytest.raises(ValidationError) as refused:
        services.minutes_return(meeting=circulated, by=chair, comment="   ")
    assert refused.value.message_dict == {"comment": ["Say what should change in the minutes."]}
    circulated.refresh_from_db()
    assert circulated.minutes_status == MinutesStatus.CIRCULATED


@pytest.mark.parametrize("status", [MinutesStatus.DRAFT, MinutesStatus.APPROVED])
def test_only_circulated_minutes_are_returned(held_meeting, chair, status):
    held_meeting.minutes_status = status
    held_meeting.save()
    with pytest.raises(ValidationError):
        services.minutes_return(meeting=held_meeting, by=chair, comment="Item 2 is wrong.")
    assert not MinutesStatusChange.objects.exists()


def test_only_the_chair_of_the_meeting_returns_its_minutes(circulated, secretariat):
    with pytest.raises(PermissionDenied):
        services.minutes_return(meeting=circulated, by=secretariat, comment="Item 2 is wrong.")


def test_returned_minutes_are_no_longer_read_by_the_attendees(client, circulated, chair, member):
    AttendanceFactory(meeting=circulated, user=member)
    client.force_login(member)
    pdf = reverse("meetings:minutes_pdf", args=["SSC", circulated.number])
    assert client.get(pdf).status_code == 200
    services.minutes_return(meeting=circulated, by=chair, comment="Item 2 is wrong.")
    assert client.get(pdf).status_code == 404


def test_returned_minutes_are_circulated_again_once_changed(circulated, chair, secretariat):
    services.minutes_return(meeting=circulated, by=chair, comment="Item 2 is wrong.")
    services.minutes_circulate(meeting=circulated, by=secretariat)
    assert _steps(circulated) == [("circulated", "sec"), ("draft", "chair"), ("circulated", "sec")]


def test_the_secretariat_reads_the_chairs_comments_on_the_minute_taking_page(
    client, circulated, chair, secretariat
):
    services.minutes_return(meeting=circulated, by=chair, comment="Item 2 names the wrong party.")
    client.force_login(secretariat)
    page = client.get(reverse("meetings:minutes_edit", args=["SSC", circulated.number]))
    assert "Item 2 names the wrong party." in page.content.decode()
    assert "circulate them again" in page.content.decode()


def test_returning_on_the_chairs_page_returns_the_minutes(client, circulated, chair):
    client.force_login(chair)
    response = client.post(
        _approval_page(circulated), {"decision": "return", "comment": "Item 2 is wrong."}
    )
    assert response.status_code == 302
    circulated.refresh_from_db()
    assert circulated.minutes_status == MinutesStatus.DRAFT


def test_returning_on_the_chairs_page_without_comments_names_the_field_and_changes_nothing(
    client, circulated, chair
):
    client.force_login(chair)
    response = client.post(_approval_page(circulated), {"decision": "return", "comment": ""})
    assert response.status_code == 400
    assert "Say what should change in the minutes." in response.content.decode()
    circulated.refresh_from_db()
    assert circulated.minutes_status == MinutesStatus.CIRCULATED


def test_the_chairs_page_shows_who_circulated_the_minutes_and_when(client, circulated, chair):
    client.force_login(chair)
    page = client.get(_approval_page(circulated)).content.decode()
    assert "circulated to attendees by Test sec" in page


def test_a_member_posting_a_return_gets_404_and_nothing_changes(client, circulated, member):
    client.force_login(member)
    response = client.post(
        _approval_page(circulated), {"decision": "return", "comment": "Item 2 is wrong."}
    )
    assert response.status_code == 404
    circulated.refresh_from_db()
    assert circulated.minutes_status == MinutesStatus.CIRCULATED


def test_a_second_chair_cannot_return_minutes_the_first_approved(circulated, chair):
    other = UserFactory(username="cochair")
    AttendanceFactory(meeting=circulated, user=other, role="chair")
    services.minutes_approve(meeting=circulated, by=chair)
    with pytest.raises(ValidationError):
        services.minutes_return(meeting=circulated, by=other, comment="Too late.")
