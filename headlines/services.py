"""Domain writes for the Headlines: submit, withdraw, approve, return, render, sign, publish.

The render is dispatched to Celery only after the approval commits; if the broker is down,
the approved request stays in the database and `dispatch_pending` (run by the periodic sweep
and by `manage.py render_pending`) sends it later. Rendering is idempotent: a document is
published once, however many times its render runs.
"""

import datetime
import hashlib
import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from audit.models import AuditEvent
from audit.services import audit_record
from classification.levels import MeetingStatus
from classification.models import User
from classification.visibility import may_act_for_secretariat
from meetings.models import Meeting
from meetings.services import chair_check, notices
from sscportal.dispatch import send_to_broker

from .composer import HeadlinesDocument, compose_headlines
from .models import HeadlinesRequest, HeadlinesVersion
from .rendering import headlines_pdf, headlines_text
from .selectors import headlines_record
from .signing import portal_signer, sign_pdf

# A render not finished in this time is taken to have died with its worker.
RENDER_STALE_AFTER = datetime.timedelta(minutes=10)
PUBLISHABLE_STATUSES = (
    MeetingStatus.HELD,
    MeetingStatus.MINUTES_APPROVED,
    MeetingStatus.HEADLINES_PUBLISHED,
)


def document_digest(document: HeadlinesDocument) -> str:
    """SHA-256 of the document's canonical JSON: the identity of what is published."""
    canonical = json.dumps(document.as_dict(), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def headlines_compose(*, meeting: Meeting) -> HeadlinesDocument:
    """The Headlines of `meeting` as its record stands now."""
    return compose_headlines(headlines_record(meeting))


@transaction.atomic
def headlines_submit(*, meeting: Meeting, by: User) -> HeadlinesRequest:
    """The committee's secretariat submits the Headlines for approval; the chair is told."""
    request = _submission(meeting, by)
    notices.headlines_submitted(request.meeting, request_id=request.pk, by=by)
    return request


def headlines_submit_refusal(meeting: Meeting) -> str:
    """Why `meeting`'s Headlines cannot be submitted now ("" if they can).

    Asked by the submission under the meeting's lock, and by the draft's page, which offers
    the button only where this is "".
    """
    if meeting.status not in PUBLISHABLE_STATUSES:
        return (
            f"The Headlines can be submitted once the meeting has been held "
            f"(it is “{meeting.get_status_display()}”)."
        )
    if meeting.headlines_requests.filter(status=HeadlinesRequest.Status.SUBMITTED).exists():
        return (
            "Headlines already await the chair's approval for this meeting: withdraw them "
            "to change the draft."
        )
    return ""


def _submission(meeting: Meeting, by: User) -> HeadlinesRequest:
    if by is None or not may_act_for_secretariat(by, meeting.committee_id):
        raise PermissionDenied(
            "Only the secretariat submits Headlines, in a session verified by its second factor."
        )
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if refusal := headlines_submit_refusal(meeting):
        raise ValidationError(refusal)
    document = headlines_compose(meeting=meeting)
    return HeadlinesRequest.objects.create(
        meeting=meeting,
        document=document.as_dict(),
        document_sha256=document_digest(document),
        submitted_by=by,
    )


@transaction.atomic
def headlines_withdraw(*, request: HeadlinesRequest, by: User | None) -> HeadlinesRequest:
    """The secretariat takes back Headlines the chair has not yet decided on.

    The draft is the secretariat's again, to change and submit anew; the withdrawal is kept
    in the audit log, and the chairs who were told of the submission are told of it.
    """
    if not may_act_for_secretariat(by, request.meeting.committee_id):
        raise PermissionDenied(
            "Only the secretariat withdraws Headlines, in a session verified by its second factor."
        )
    request = HeadlinesRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != HeadlinesRequest.Status.SUBMITTED:
        raise ValidationError(
            f"Only Headlines awaiting the chair's approval can be withdrawn (these are "
            f"“{request.get_status_display()}”)."
        )
    request.status = HeadlinesRequest.Status.WITHDRAWN
    request.withdrawn_by = by
    request.withdrawn_at = timezone.now()
    request.save(update_fields=["status", "withdrawn_by", "withdrawn_at"])
    audit_record(
        kind=AuditEvent.Kind.HEADLINES_WITHDRAWN,
        user=by,
        obj=request,
        document_sha256=request.document_sha256,
    )
    notices.headlines_withdrawn(request.meeting, request_id=request.pk, by=by)
    return request


def _decide(request: HeadlinesRequest, by: User) -> HeadlinesRequest:
    request = HeadlinesRequest.objects.select_for_update().get(pk=request.pk)
    chair_check(by, request.meeting, doing="approves its Headlines")
    if request.status != HeadlinesRequest.Status.SUBMITTED:
        raise ValidationError(
            f"These Headlines are no longer awaiting approval ({request.get_status_display()})."
        )
    request.decided_by = by
    request.decided_at = timezone.now()
    return request


@transaction.atomic
def headlines_approve(*, request: HeadlinesRequest, by: User) -> HeadlinesRequest:
    """The chair approves submitted Headlines; the render is sent once this commits."""
    request = _decide(request, by)
    request.status = HeadlinesRequest.Status.APPROVED
    request.save()
    _dispatch_on_commit(request)
    return request


@transaction.atomic
def headlines_return(*, request: HeadlinesRequest, by: User, comment: str) -> HeadlinesRequest:
    """The chair sends submitted Headlines back to the secretariat, saying why."""
    if not comment.strip():
        raise ValidationError("Say why the Headlines are returned.")
    request = _decide(request, by)
    request.status = HeadlinesRequest.Status.RETURNED
    request.comment = comment.strip()
    request.save()
    notices.headlines_returned(request.meeting, request_id=request.pk, by=by)
    return request


@transaction.atomic
def headlines_retry(*, request: HeadlinesRequest, by: User | None) -> HeadlinesRequest:
    """Queue a failed render again."""
    if not may_act_for_secretariat(by, request.meeting.committee_id):
        raise PermissionDenied(
            "Only the secretariat retries a render, in a session verified by its second factor."
        )
    request = HeadlinesRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != HeadlinesRequest.Status.FAILED:
        raise ValidationError("Only a failed render can be retried.")
    request.status = HeadlinesRequest.Status.APPROVED
    request.error = ""
    request.save()
    _dispatch_on_commit(request)
    return request


def _dispatch_on_commit(request: HeadlinesRequest) -> None:
    transaction.on_commit(lambda: dispatch_render(request.pk))


def dispatch_render(request_id: int) -> bool:
    """Send the render of an approved request to the workers; False if the broker is down.

    The request is already saved, so a failed send loses nothing: the sweep sends it later.
    """
    from .tasks import headlines_render_task

    what = f"Headlines request {request_id}"
    if not send_to_broker(headlines_render_task, request_id, what=what):
        return False
    HeadlinesRequest.objects.filter(pk=request_id).update(dispatched_at=timezone.now())
    return True


def dispatch_pending(*, now: datetime.datetime | None = None) -> int:
    """Send every approved render that was never sent, or whose render went stale."""
    now = now or timezone.now()
    Status = HeadlinesRequest.Status
    pending = HeadlinesRequest.objects.filter(status=Status.APPROVED, dispatched_at__isnull=True)
    stale = HeadlinesRequest.objects.filter(
        status__in=[Status.APPROVED, Status.RENDERING],
        dispatched_at__lt=now - RENDER_STALE_AFTER,
    )
    sent = 0
    for request_id in (pending | stale).values_list("pk", flat=True):
        sent += dispatch_render(request_id)
    return sent


def headlines_render(*, request_id: int, announce: bool = True) -> HeadlinesVersion | None:
    """Render, sign and publish an approved request. Idempotent: reruns publish nothing new.

    Raises `SigningUnavailable` when the portal's signing key cannot be used; the request is
    then not published (the task records it as failed, with the reason). A new version is
    told to the meeting's attendees, unless `announce` is False.
    """
    Status = HeadlinesRequest.Status
    with transaction.atomic():
        request = HeadlinesRequest.objects.select_for_update().get(pk=request_id)
        if request.status == Status.PUBLISHED:
            return request.version
        if request.status not in (Status.APPROVED, Status.RENDERING, Status.FAILED):
            raise ValidationError(f"Headlines request {request_id} is not approved.")
        request.status = Status.RENDERING
        request.attempts += 1
        request.save(update_fields=["status", "attempts"])

    # The key is checked before the render: a missing or wrong key stops here, and nothing
    # unsigned is ever written or published.
    signer = portal_signer()
    document = HeadlinesDocument.from_dict(request.document)
    pdf = sign_pdf(headlines_pdf(document, approved_at=request.decided_at), signer=signer)

    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=request.meeting_id)
        version = meeting.headlines_versions.filter(document_sha256=request.document_sha256).first()
        if version is None:
            version = _publish_version(meeting, document, request.document_sha256, pdf)
            if announce:
                notices.headlines_published(meeting, version_number=version.number)
        HeadlinesRequest.objects.filter(pk=request_id).update(
            status=Status.PUBLISHED, version=version, error=""
        )
        if meeting.status != MeetingStatus.HEADLINES_PUBLISHED:
            meeting.status = MeetingStatus.HEADLINES_PUBLISHED
            meeting.save(update_fields=["status"])
    return version


def _publish_version(
    meeting: Meeting, document: HeadlinesDocument, document_sha256: str, pdf: bytes
) -> HeadlinesVersion:
    latest = meeting.headlines_versions.aggregate(latest=Max("number"))["latest"] or 0
    version = HeadlinesVersion(
        meeting=meeting,
        number=latest + 1,
        document=document.as_dict(),
        document_sha256=document_sha256,
        text=headlines_text(document),
        sha256=hashlib.sha256(pdf).hexdigest(),
        size=len(pdf),
    )
    version.pdf.save("headlines.pdf", ContentFile(pdf), save=True)
    return version


def headlines_render_failed(*, request_id: int, error: str) -> None:
    """Record that a render failed, for the page to show with a retry."""
    HeadlinesRequest.objects.filter(pk=request_id).exclude(
        status=HeadlinesRequest.Status.PUBLISHED
    ).update(status=HeadlinesRequest.Status.FAILED, error=error[:2000])


@transaction.atomic
def headlines_publish_now(*, meeting: Meeting, by: User) -> HeadlinesVersion:
    """Compose, approve and render in one step (historical meetings; `publish_headlines`).

    Nobody is told: this is the operator's backfill of meetings long past.
    """
    request = _submission(meeting, by)
    request.status = HeadlinesRequest.Status.APPROVED
    request.decided_by = by
    request.decided_at = timezone.now()
    request.save()
    version = headlines_render(request_id=request.pk, announce=False)
    # None only for a request published before: this one was submitted just now.
    assert version is not None
    return version
