"""Submitting, approving, rendering and publishing the Headlines."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from kombu.exceptions import OperationalError

from classification.visibility import is_chair
from headlines import services, tasks
from headlines.models import HeadlinesRequest, HeadlinesVersion
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _approve(meeting, secretariat, chair, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        request = services.headlines_submit(meeting=meeting, by=secretariat)
        services.headlines_approve(request=request, by=chair)
    request.refresh_from_db()
    return request


def test_the_chairs_approval_publishes_a_pdf_with_its_sha256(
    held_meeting, secretariat, chair, django_capture_on_commit_callbacks
):
    request = _approve(held_meeting, secretariat, chair, django_capture_on_commit_callbacks)
    assert request.status == HeadlinesRequest.Status.PUBLISHED
    version = request.version
    with version.pdf.open("rb") as pdf:
        content = pdf.read()
    assert content.startswith(b"%PDF-")
    import hashlib

    assert version.sha256 == hashlib.sha256(content).hexdigest()


def test_publishing_moves_the_meeting_to_headlines_published(
    held_meeting, secretariat, chair, django_capture_on_commit_callbacks
):
    _approve(held_meeting, secretariat, chair, django_capture_on_commit_callbacks)
    held_meeting.refresh_from_db()
    assert held_meeting.status == "headlines_published"


def test_only_the_secretariat_submits(held_meeting, chair):
    with pytest.raises(PermissionDenied):
        services.headlines_submit(meeting=held_meeting, by=chair)


def test_headlines_cannot_be_submitted_before_the_meeting_is_held(held_meeting, secretariat):
    held_meeting.status = "agenda_published"
    held_meeting.save()
    with pytest.raises(ValidationError, match="once the meeting has been held"):
        services.headlines_submit(meeting=held_meeting, by=secretariat)


def test_only_the_chair_of_the_meeting_approves(held_meeting, secretariat, member):
    request = services.headlines_submit(meeting=held_meeting, by=secretariat)
    with pytest.raises(PermissionDenied, match="Only the chair"):
        services.headlines_approve(request=request, by=member)


def test_the_chair_may_return_the_headlines_with_a_reason(held_meeting, secretariat, chair):
    request = services.headlines_submit(meeting=held_meeting, by=secretariat)
    request = services.headlines_return(request=request, by=chair, comment="Reword item 3.")
    assert request.status == HeadlinesRequest.Status.RETURNED
    assert HeadlinesVersion.objects.count() == 0


def test_returning_without_a_reason_is_refused(held_meeting, secretariat, chair):
    request = services.headlines_submit(meeting=held_meeting, by=secretariat)
    with pytest.raises(ValidationError, match="Say why"):
        services.headlines_return(request=request, by=chair, comment=" ")


def test_the_chair_approves_what_was_submitted_not_later_edits(
    held_meeting, secretariat, chair, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = services.headlines_submit(meeting=held_meeting, by=secretariat)
        held_meeting.items.filter(number=3).update(headline="Edited after submission.")
        services.headlines_approve(request=request, by=chair)
    version = HeadlinesVersion.objects.get()
    assert "Updates were given." in version.text
    assert "Edited after submission." not in version.text


def test_rendering_twice_publishes_one_version(
    held_meeting, secretariat, chair, django_capture_on_commit_callbacks
):
    request = _approve(held_meeting, secretariat, chair, django_capture_on_commit_callbacks)
    services.headlines_render(request_id=request.pk)
    assert HeadlinesVersion.objects.count() == 1


def test_a_correction_publishes_a_new_version_and_keeps_the_old(
    held_meeting, secretariat, chair, client, django_capture_on_commit_callbacks
):
    _approve(held_meeting, secretariat, chair, django_capture_on_commit_callbacks)
    held_meeting.items.filter(number=3).update(headline="Corrected text.")
    _approve(held_meeting, secretariat, chair, django_capture_on_commit_callbacks)
    assert list(HeadlinesVersion.objects.values_list("number", flat=True)) == [2, 1]
    assert client.get("/headlines/SSC/89/v1.pdf").status_code == 200


def test_approving_unchanged_headlines_again_adds_no_version(
    held_meeting, secretariat, chair, django_capture_on_commit_callbacks
):
    first = _approve(held_meeting, secretariat, chair, django_capture_on_commit_callbacks)
    second = _approve(held_meeting, secretariat, chair, django_capture_on_commit_callbacks)
    assert second.version == first.version
    assert HeadlinesVersion.objects.count() == 1


def test_with_the_broker_down_the_approval_is_kept_and_sent_later(
    held_meeting, secretariat, chair, django_capture_on_commit_callbacks, monkeypatch
):
    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    with monkeypatch.context() as patch:
        patch.setattr(tasks.headlines_render_task, "apply_async", broker_down)
        request = _approve(held_meeting, secretariat, chair, django_capture_on_commit_callbacks)
    assert request.status == HeadlinesRequest.Status.APPROVED
    assert request.dispatched_at is None

    assert services.dispatch_pending() == 1
    request.refresh_from_db()
    assert request.status == HeadlinesRequest.Status.PUBLISHED
    assert HeadlinesVersion.objects.count() == 1


def test_the_render_pending_command_sends_what_the_broker_missed(
    held_meeting, secretariat, chair, django_capture_on_commit_callbacks, monkeypatch
):
    from django.core.management import call_command

    with monkeypatch.context() as patch:
        patch.setattr(
            tasks.headlines_render_task,
            "apply_async",
            lambda *a, **k: (_ for _ in ()).throw(ConnectionRefusedError()),
        )
        _approve(held_meeting, secretariat, chair, django_capture_on_commit_callbacks)
    call_command("render_pending")
    assert HeadlinesVersion.objects.count() == 1


def test_a_failed_render_is_recorded_and_can_be_retried(
    held_meeting, secretariat, chair, django_capture_on_commit_callbacks, monkeypatch
):
    def broken_renderer(document, *, approved_at):
        raise RuntimeError("fonts missing")

    with monkeypatch.context() as patch:
        patch.setattr(services, "headlines_pdf", broken_renderer)
        request = _approve(held_meeting, secretariat, chair, django_capture_on_commit_callbacks)
    assert request.status == HeadlinesRequest.Status.FAILED
    assert request.error == "RuntimeError: fonts missing"

    with django_capture_on_commit_callbacks(execute=True):
        services.headlines_retry(request=request, by=None)
    request.refresh_from_db()
    assert request.status == HeadlinesRequest.Status.PUBLISHED


def test_publish_headlines_does_everything_in_one_step(held_meeting, secretariat, capsys):
    from django.core.management import call_command

    call_command("publish_headlines", held_meeting.reference)
    assert "served at /headlines/SSC/89/v1.pdf" in capsys.readouterr().out
    assert HeadlinesVersion.objects.get().meeting == held_meeting


def test_a_stale_headline_edit_is_refused(held_meeting):
    from meetings.services import agenda_item_headline_update

    item = held_meeting.items.get(number=3)
    agenda_item_headline_update(
        item=item, headline="First", headline_mode="full", expected_version=1, by=None
    )
    with pytest.raises(ValidationError, match="changed by someone else"):
        agenda_item_headline_update(
            item=item, headline="Second", headline_mode="full", expected_version=1, by=None
        )
    item.refresh_from_db()
    assert item.headline == "First"


def test_an_unknown_user_is_no_chair(held_meeting):
    assert not is_chair(UserFactory(), held_meeting)
