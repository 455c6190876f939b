"""The secretariat withdraws Headlines awaiting the chair, to change the draft and submit anew."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from audit.models import AuditEvent
from committees.models import Committee
from headlines import services
from headlines.models import HeadlinesRequest
from notifications import services as notifications
from notifications.models import Delivery, Kind
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

Status = HeadlinesRequest.Status


@pytest.fixture
def submitted(held_meeting, secretariat, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        request = services.headlines_submit(meeting=held_meeting, by=secretariat)
    mail.outbox.clear()
    return request


def _withdraw_url(request):
    return reverse("headlines:headlines_withdraw", args=[request.pk])


def test_withdrawn_headlines_no_longer_await_the_chair(submitted, secretariat):
    services.headlines_withdraw(request=submitted, by=secretariat)
    submitted.refresh_from_db()
    assert submitted.status == Status.WITHDRAWN
    assert submitted.withdrawn_by == secretariat
    assert submitted.withdrawn_at is not None


def test_a_withdrawal_is_kept_in_the_audit_log(submitted, secretariat):
    services.headlines_withdraw(request=submitted, by=secretariat)
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.HEADLINES_WITHDRAWN)
    assert (event.user, event.object_id) == (secretariat, str(submitted.pk))
    assert event.detail == {"document_sha256": submitted.document_sha256}


def test_withdrawn_headlines_can_be_changed_and_submitted_again(
    submitted, secretariat, held_meeting
):
    services.headlines_withdraw(request=submitted, by=secretariat)
    item = held_meeting.items.get(number=3)
    item.headline = "Corrected updates were given."
    item.save()
    again = services.headlines_submit(meeting=held_meeting, by=secretariat)
    assert again.status == Status.SUBMITTED
    assert again.document_sha256 != submitted.document_sha256


def test_headlines_the_chair_has_decided_on_cannot_be_withdrawn(submitted, secretariat, chair):
    services.headlines_return(request=submitted, by=chair, comment="Too long.")
    with pytest.raises(ValidationError, match="Only Headlines awaiting the chair's approval"):
        services.headlines_withdraw(request=submitted, by=secretariat)


def test_only_the_secretariat_withdraws_headlines(submitted, chair):
    with pytest.raises(PermissionDenied):
        services.headlines_withdraw(request=submitted, by=chair)
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_withdrawing_on_the_draft_page_returns_to_the_draft(client, submitted, secretariat):
    client.force_login(secretariat)
    response = client.post(_withdraw_url(submitted), follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "headlines:headlines_compose", args=["SSC", 89]
    )
    assert "Withdrawn: the chair no longer has them to approve." in response.content.decode()
    assert "Submit this draft to the chair" in response.content.decode()


def test_the_chair_posting_a_withdrawal_gets_404(client, submitted, chair):
    client.force_login(chair)
    assert client.post(_withdraw_url(submitted)).status_code == 404
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_the_secretariat_of_another_committee_posting_a_withdrawal_gets_404(client, submitted):
    other = Committee.objects.create(code="TABASC", name="Technical Architecture")
    client.force_login(UserFactory(username="tabasc-sec", secretariat_of=other))
    assert client.post(_withdraw_url(submitted)).status_code == 404


def test_the_chair_told_of_the_submission_is_told_of_its_withdrawal(
    submitted, secretariat, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.headlines_withdraw(request=submitted, by=secretariat)
    [message] = mail.outbox
    assert message.to == ["chair@example.org"]
    assert "withdrawn" in message.subject


def test_a_chair_never_told_of_the_submission_is_not_told_of_its_withdrawal(
    held_meeting, secretariat, chair, django_capture_on_commit_callbacks
):
    notifications.preferences_save(user=chair, deliveries={Kind.HEADLINES_SUBMITTED: Delivery.OFF})
    with django_capture_on_commit_callbacks(execute=True):
        request = services.headlines_submit(meeting=held_meeting, by=secretariat)
        services.headlines_withdraw(request=request, by=secretariat)
    assert mail.outbox == []
