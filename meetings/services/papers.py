"""Papers and their versions: uploads, withdrawals and the stamped copies readers take."""

import datetime
import hashlib

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import transaction
from django.utils import timezone

from audit.models import AuditEvent
from audit.services import Origin, audit_record
from classification.levels import Level
from classification.models import User
from classification.restrictions import restriction_inherit

from ..events import paper_version_added, paper_version_withdrawn
from ..models import (
    WITHDRAWAL_REASON_MAX,
    AgendaItem,
    Paper,
    PaperVersion,
)
from ..papers import check_pdf
from ..watermark import stamp_pdf
from . import notices
from .guards import item_locked, meeting_locked, secretariat_check


@transaction.atomic
def paper_version_add(
    *, paper: Paper, content: bytes, by: User | None, original_name: str = ""
) -> PaperVersion:
    """Store `content` as the paper's next version, after checking it is a PDF within the cap.

    Earlier versions are kept: a replacement never overwrites. A replacement of a published
    paper is told to those who can see it.
    """
    secretariat_check(by, "uploads papers", committee=paper.item.meeting.committee_id)
    check_pdf(content)
    latest = paper.versions.select_for_update().order_by("-number").first()
    version = PaperVersion(
        paper=paper,
        number=(latest.number + 1) if latest else 1,
        original_name=original_name[:255],
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=by,
    )
    version.file.save("upload.pdf", ContentFile(content), save=True)
    paper_version_added.send(sender=PaperVersion, paper=paper, version=version)
    if latest is not None and paper.published_at and paper.withdrawn_at is None:
        notices.paper_replaced(paper, version_number=version.number, version_id=version.pk, by=by)
    return version


@transaction.atomic
def paper_add(
    *,
    item: AgendaItem,
    title: str,
    level: int,
    content: bytes,
    by: User | None,
    original_name: str = "",
    restriction_reason: str = "",
    review_on: datetime.date | None = None,
) -> Paper:
    """Attach a new paper (unpublished until the agenda's papers are published).

    Its level is checked against the item's level as it is under the item's lock, so a paper
    cannot be left below an item raised at the same moment. A restricted paper given no
    reason or review date takes the item's.
    """
    secretariat_check(by, "uploads papers", committee=item.meeting.committee_id)
    check_pdf(content)
    meeting_locked(item.meeting)
    item = item_locked(item.pk)
    paper = Paper(
        item=item,
        title=title,
        level=level,
        restriction_reason=restriction_reason,
        review_on=review_on,
    )
    restriction_inherit(paper, item)
    paper.full_clean()
    paper.save()
    paper_version_add(paper=paper, content=content, original_name=original_name, by=by)
    return paper


@transaction.atomic
def paper_withdraw(*, paper: Paper, by: User | None) -> Paper:
    """Withdraw a paper: members no longer see it; its versions are kept. The audit log
    keeps who withdrew it and when, once, however many times it is asked."""
    secretariat_check(by, "withdraws papers", committee=paper.item.meeting.committee_id)
    # Locks in the order meeting → paper, as withdrawing a version does.
    meeting_locked(paper.item.meeting)
    locked = Paper.objects.select_for_update(of=("self",)).get(pk=paper.pk)
    if locked.withdrawn_at is None:
        locked.withdrawn_at = timezone.now()
        locked.save(update_fields=["withdrawn_at"])
        audit_record(kind=AuditEvent.Kind.PAPER_WITHDRAWN, user=by, obj=locked, level=locked.level)
    paper.withdrawn_at = locked.withdrawn_at
    return paper


@transaction.atomic
def paper_version_withdraw(*, version: PaperVersion, by: User | None, reason: str) -> PaperVersion:
    """Withdraw one version of a paper, uploaded by mistake; `reason` says why.

    From then on the version answers 404 to everyone but the secretariat. Once this commits
    its file is deleted from storage, and so is every papers pack holding it (packs receives
    `events.paper_version_withdrawn`); the audit log
    keeps who withdrew it, when and why. If it was the paper's current version, the paper is
    served from its newest version left. The last version still served cannot be withdrawn:
    a paper on the agenda always has a file, so the corrected file is uploaded first (or the
    whole paper withdrawn).
    """
    secretariat_check(
        by, "withdraws a version of a paper", committee=version.paper.item.meeting.committee_id
    )
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {"reason": "Say why the version is withdrawn: the reason is kept in the audit log."}
        )
    if len(reason) > WITHDRAWAL_REASON_MAX:
        raise ValidationError(
            {
                "reason": f"Keep the reason within {WITHDRAWAL_REASON_MAX} characters "
                f"(it has {len(reason)})."
            }
        )
    # Locks in the order party → meeting → item → paper: saving a version revises the meeting,
    # and the paper's lock makes two withdrawals of its last two versions take turns.
    meeting_locked(version.paper.item.meeting)
    paper = (
        Paper.objects.select_for_update(of=("self",))
        .select_related("item")
        .get(pk=version.paper_id)
    )
    version = PaperVersion.objects.get(pk=version.pk)
    if version.withdrawn_at is not None:
        raise ValidationError(
            f"Version {version.number} of “{paper}” was already withdrawn on "
            f"{timezone.localtime(version.withdrawn_at):%-d %B %Y at %H:%M}."
        )
    if not paper.versions.served().exclude(pk=version.pk).exists():
        raise ValidationError(
            f"Version {version.number} is the only version of “{paper}” still served: upload "
            "the corrected file as a new version first, then withdraw this one; or withdraw "
            "the paper."
        )
    version.withdrawn_at = timezone.now()
    version.withdrawn_by = by
    version.withdrawal_reason = reason
    version.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
    audit_record(
        kind=AuditEvent.Kind.PAPER_VERSION_WITHDRAWN,
        user=by,
        obj=paper,
        version=version.number,
        level=paper.level,
        reason=reason,
        original_name=version.original_name,
        sha256=version.sha256,
    )
    _delete_files_on_commit([version.file.name], version.file.storage)
    paper_version_withdrawn.send(sender=PaperVersion, paper=paper, number=version.number)
    return version


def _delete_files_on_commit(names: list[str], storage: Storage) -> None:
    # Deleted only once the withdrawal is kept: a rolled-back one leaves every file in place.
    def delete() -> None:
        for name in names:
            storage.delete(name)

    transaction.on_commit(delete)


def paper_copy_for_reader(
    *, paper: Paper, version: PaperVersion, reader: User, origin: Origin, inline: bool
) -> bytes:
    """The copy of an AMBER or RED paper that leaves the portal: stamped and recorded.

    Every page names the level, the reader and the time, so a leaked copy names its source;
    the audit log records who took which version, when and from where.
    """
    with version.file.open("rb") as stored:
        content = stored.read()
    stamped = stamp_pdf(
        content,
        level_label=Level(paper.level).label,
        reader=reader.get_full_name() or reader.get_username(),
        at=timezone.now(),
    )
    audit_record(
        kind=AuditEvent.Kind.PAPER_OPENED if inline else AuditEvent.Kind.PAPER_DOWNLOADED,
        user=reader,
        origin=origin,
        obj=paper,
        version=version.number,
        level=paper.level,
    )
    return stamped
