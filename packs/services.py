"""Papers packs: one PDF of a meeting's papers for one reader, rendered in the background.

A member asks for a pack (`pack_request`); the render is sent to Celery once the request
commits, and if the broker is down the pack stays queued until the periodic sweep
(`dispatch_pending_packs`) sends it. A pack is identified by its reader and the (paper,
version) list it holds, so a second request reuses a ready pack and any change to the papers
the reader sees makes a new one.

`render_pack(pack)` is the render itself, a plain function (no Celery, no request) that the
task and the benchmark call alike.
"""

import datetime
import hashlib
import io
import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError

from audit.models import AuditEvent
from audit.services import Origin, audit_record
from classification.levels import Level
from classification.models import User, Viewer
from meetings.models import Meeting, Paper, PaperVersion
from meetings.watermark import PageStamper, stamp_text
from sscportal.dispatch import send_to_broker
from sscportal.pdf import render_pdf

from .models import Pack

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    # What `pack_papers` adds to each paper: the number of its current version.
    class _PackPaper(TypedDict):
        current: int


# A render not finished in this time is taken to have died with its worker.
RENDER_STALE_AFTER = datetime.timedelta(minutes=10)


class PackOutdated(ValueError):
    """The papers a pack was requested for are no longer the ones its reader sees."""


def pack_papers(*, user: User, meeting: Meeting) -> "QuerySet[WithAnnotations[Paper, _PackPaper]]":
    """The papers of `meeting` that `user` may see, as a pack holds them.

    In agenda order (item number, then the order the papers were added), each annotated with
    its `current` version number (the newest not withdrawn). Papers without a file yet are
    left out, and so are withdrawn papers, which only the secretariat still sees.
    """
    return (
        Paper.objects.visible_to(user)
        .filter(item__meeting=meeting, withdrawn_at__isnull=True)
        .annotate(current=Max("versions__number", filter=Q(versions__withdrawn_at__isnull=True)))
        .filter(current__isnull=False)
        .order_by("item__number", "created_at", "pk")
    )


def pack_contents(*, user: User, meeting: Meeting) -> list[list[int]]:
    """[paper id, current version number, level] of each paper of the pack, in one query.

    The level is part of it so that re-classifying a paper makes a new pack, stamped anew.
    """
    rows = pack_papers(user=user, meeting=meeting).values_list("pk", "current", "level")
    return [[paper_id, version, level] for paper_id, version, level in rows]


def pack_key(*, user_id: int, contents: list[list[int]]) -> str:
    """SHA-256 of the reader's id and the (paper id, version, level) list: its identity."""
    canonical = json.dumps([user_id, contents], separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def pack_current(
    *, user: Viewer, meeting: Meeting, contents: list[list[int]] | None = None
) -> Pack | None:
    """`user`'s pack of the papers of `meeting` as they stand now, if one was requested.

    `contents` is `pack_contents(user=user, meeting=meeting)`, when the caller has it.
    """
    if not user.is_authenticated:
        return None
    if contents is None:
        contents = pack_contents(user=user, meeting=meeting)
    key = pack_key(user_id=user.pk, contents=contents)
    return Pack.objects.owned_by(user).filter(meeting=meeting, key=key).first()


@transaction.atomic
def pack_request(*, user: User, meeting: Meeting) -> Pack:
    """Ask for `user`'s pack of `meeting`; a ready pack of the same papers is reused as it is.

    A new pack is queued and its render sent once this commits; a failed one is queued again.
    """
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied("Sign in to ask for a papers pack.")
    contents = pack_contents(user=user, meeting=meeting)
    if not contents:
        raise ValidationError("There are no papers of this meeting that you can see yet.")
    pack, created = Pack.objects.get_or_create(
        meeting=meeting,
        user=user,
        key=pack_key(user_id=user.pk, contents=contents),
        defaults={"contents": contents, "papers_total": len(contents)},
    )
    pack = Pack.objects.select_for_update().get(pk=pack.pk)
    if created or pack.status == Pack.Status.FAILED:
        _queue(pack)
    return pack


@transaction.atomic
def pack_retry(*, pack: Pack) -> Pack:
    """Queue a failed render again."""
    pack = Pack.objects.select_for_update().get(pk=pack.pk)
    if pack.status != Pack.Status.FAILED:
        raise ValidationError("Only a failed pack can be rendered again.")
    _queue(pack)
    return pack


def _queue(pack: Pack) -> None:
    pack.status = Pack.Status.QUEUED
    pack.error = ""
    pack.papers_done = 0
    pack.dispatched_at = None
    pack.save(update_fields=["status", "error", "papers_done", "dispatched_at"])
    transaction.on_commit(lambda: dispatch_pack(pack.pk))


def dispatch_pack(pack_id: int) -> bool:
    """Send the render of a queued pack to the workers; False if it could not be sent.

    The pack is already saved as queued, so a failed send loses nothing: the sweep sends it.
    """
    from .tasks import pack_build_task

    if not send_to_broker(pack_build_task, pack_id, what=f"Papers pack {pack_id}"):
        return False
    Pack.objects.filter(pk=pack_id).update(dispatched_at=timezone.now())
    return True


def dispatch_pending_packs(*, now: datetime.datetime | None = None) -> int:
    """Send every queued pack that was never sent, and every render that went stale."""
    now = now or timezone.now()
    Status = Pack.Status
    pending = Pack.objects.filter(status=Status.QUEUED, dispatched_at__isnull=True)
    stale = Pack.objects.filter(
        status__in=[Status.QUEUED, Status.RENDERING], dispatched_at__lt=now - RENDER_STALE_AFTER
    )
    return sum(dispatch_pack(pk) for pk in (pending | stale).values_list("pk", flat=True))


def pack_build(*, pack_id: int) -> Pack:
    """Render a queued pack and store its PDF. Idempotent: a ready pack is left as it is."""
    with transaction.atomic():
        pack = Pack.objects.select_for_update().get(pk=pack_id)
        if pack.status == Pack.Status.READY:
            return pack
        pack.status = Pack.Status.RENDERING
        pack.attempts += 1
        pack.papers_done = 0
        pack.save(update_fields=["status", "attempts", "papers_done"])

    def progress(done: int) -> None:
        Pack.objects.filter(pk=pack_id).update(papers_done=done)

    pack = Pack.objects.select_related("meeting__committee", "user").get(pk=pack_id)
    path = render_pack(pack, progress=progress)
    try:
        return _store(pack_id, path, level=pack.level)
    finally:
        path.unlink(missing_ok=True)


@transaction.atomic
def _store(pack_id: int, path: Path, *, level: int) -> Pack:
    pack = Pack.objects.select_for_update().get(pk=pack_id)
    if pack.status == Pack.Status.READY:  # a duplicate render finished first
        return pack
    digest = hashlib.sha256()
    with path.open("rb") as rendered:
        for chunk in iter(lambda: rendered.read(1 << 20), b""):
            digest.update(chunk)
        rendered.seek(0)
        pack.file.save("pack.pdf", File(rendered), save=False)
    pages = len(PdfReader(path).pages)
    pack.status = Pack.Status.READY
    pack.level = level
    pack.sha256 = digest.hexdigest()
    pack.size = path.stat().st_size
    pack.pages = pages
    pack.papers_done = pack.papers_total
    pack.rendered_at = timezone.now()
    pack.error = ""
    pack.save()
    _discard_superseded(pack)
    return pack


def _discard_superseded(pack: Pack) -> None:
    """Delete the reader's earlier packs of the meeting: they hold papers as they were."""
    old = Pack.objects.filter(
        meeting=pack.meeting_id,
        user=pack.user_id,
        status__in=[Pack.Status.READY, Pack.Status.FAILED],
    ).exclude(pk=pack.pk)
    files = [name for name in old.values_list("file", flat=True) if name]
    old.delete()
    storage = pack.file.storage

    def delete_files() -> None:
        for name in files:
            storage.delete(name)

    transaction.on_commit(delete_files)


def packs_holding_discard(*, paper: Paper, number: int) -> None:
    """Delete the rendered packs holding version `number` of `paper`: its copies.

    Called as the version is withdrawn, in its transaction; the files go once it commits.
    """
    rendered = Pack.objects.filter(
        meeting=paper.item.meeting_id, status__in=[Pack.Status.READY, Pack.Status.FAILED]
    )
    holding = [
        pack
        for pack in rendered.only("pk", "contents", "file")
        if any(entry[:2] == [paper.pk, number] for entry in pack.contents)
    ]
    if not holding:
        return
    Pack.objects.filter(pk__in=[pack.pk for pack in holding]).delete()
    files = [pack.file.name for pack in holding if pack.file]
    storage = Pack.file.field.storage

    def delete_files() -> None:
        for name in files:
            storage.delete(name)

    transaction.on_commit(delete_files)


def pack_render_failed(*, pack_id: int, error: str) -> None:
    """Record that a render failed, for the page to show with a retry button."""
    Pack.objects.filter(pk=pack_id).exclude(status=Pack.Status.READY).update(
        status=Pack.Status.FAILED, error=error[:2000]
    )


def pack_downloaded(*, pack: Pack, origin: Origin) -> AuditEvent:
    """Record that the pack left the portal: who, which papers and versions, from where."""
    return audit_record(
        kind=AuditEvent.Kind.PACK_DOWNLOADED,
        user=pack.user,
        origin=origin,
        obj=pack.meeting,
        level=pack.level,
        papers=[{"paper": paper_id, "version": version} for paper_id, version, _ in pack.contents],
        sha256=pack.sha256,
    )


# The render.


@dataclass
class _Entry:
    paper: Paper
    version: PaperVersion


def _entries(pack: Pack) -> list[_Entry]:
    """The pack's papers and versions, each still visible to its reader, in pack order."""
    ids = [paper_id for paper_id, *_ in pack.contents]
    visible = Paper.objects.visible_to(pack.user).filter(pk__in=ids).select_related("item")
    papers = {paper.pk: paper for paper in visible}
    versions = {
        (version.paper_id, version.number): version
        for version in PaperVersion.objects.served()
        .filter(paper_id__in=ids)
        .only("id", "paper_id", "number", "file")
    }
    entries = []
    for paper_id, number, _ in pack.contents:
        if paper_id not in papers or (paper_id, number) not in versions:
            raise PackOutdated(
                "The papers have changed since this pack was requested: ask for a new pack."
            )
        entries.append(_Entry(papers[paper_id], versions[paper_id, number]))
    return entries


def _reader_name(user: User) -> str:
    return user.get_full_name() or user.get_username()


def render_pack(pack: Pack, *, progress: Callable[[int], object] | None = None) -> Path:
    """Render `pack` to a temporary PDF file and return its path; the caller deletes it.

    The PDF is a cover page (meeting, reader, time, the included papers by item), then the
    version of each paper that `pack.contents` names, in agenda order, with a bookmark per
    item ("N. Item title") holding one per paper. Every page carries the stamp of the
    highest level in the pack, the reader's name and the time of the render. `progress(n)`
    is called after the n-th paper; `pack.level` is set to the level stamped (not saved).
    Raises PackOutdated if a paper is no longer the reader's to see, ValueError if one
    cannot be read. No Celery, no request, no writes: the task and the benchmark call it
    alike, e.g.

        contents = pack_contents(user=user, meeting=meeting)
        pack = Pack(meeting=meeting, user=user, contents=contents,
                    key=pack_key(user_id=user.pk, contents=contents))
        path = render_pack(pack)  # then path.unlink()

    Memory: each paper is read from its stored file and copied in, its pages stamped (their
    content wrapped, never decoded: see `PageStamper`); pypdf holds the copied (compressed)
    streams until the one write to the temporary file, so the peak grows with the papers'
    total size, not with the decoded pages. The stamp is rendered once per page size, and
    is in the file once per page size, not per page.
    """
    entries = _entries(pack)
    at = timezone.now()
    level = Level(max(max(entry.paper.level, entry.paper.item.level) for entry in entries))
    writer = PdfWriter()
    text = stamp_text(level_label=level.label, reader=_reader_name(pack.user), at=at)
    stamper = PageStamper(writer, text=text, at=at)
    writer.append(PdfReader(io.BytesIO(_cover(pack, entries, level, at))), import_outline=False)
    for page in writer.pages:
        stamper.stamp(page)

    item_outline, item_id = None, None
    for done, entry in enumerate(entries, start=1):
        first = len(writer.pages)
        try:
            with entry.version.file.open("rb") as stored:
                writer.append(_readable(stored), import_outline=False)
        except (PyPdfError, KeyError, TypeError, AttributeError, IndexError, OSError) as error:
            raise ValueError(
                f"Paper “{entry.paper.title}” (version {entry.version.number}) could not be "
                f"read: {error}"
            ) from None
        for page in writer.pages[first:]:
            stamper.stamp(page)
        item = entry.paper.item
        if item.pk != item_id:
            item_outline = writer.add_outline_item(
                title=f"{item.number}. {item.title}", page_number=first
            )
            item_id = item.pk
        writer.add_outline_item(title=entry.paper.title, page_number=first, parent=item_outline)
        if progress:
            progress(done)

    meeting = pack.meeting
    writer.add_metadata(
        {
            "/Title": f"Papers pack: {meeting.committee.code} {meeting.reference}",
            "/Subject": f"{level.label}: prepared for {_reader_name(pack.user)}",
        }
    )
    writer.page_mode = "/UseOutlines"
    pack.level = level
    with tempfile.NamedTemporaryFile(prefix="pack-", suffix=".pdf", delete=False) as out:
        writer.write(out)
    return Path(out.name)


def _readable(stored: File) -> PdfReader:
    reader = PdfReader(stored)
    if reader.is_encrypted and not reader.decrypt(""):
        raise ValueError("it is encrypted with a password")
    return reader


def _cover(pack: Pack, entries: list[_Entry], level: Level, at: datetime.datetime) -> bytes:
    """The cover page: the meeting, the reader, the time and the papers included, by item."""
    items: list[dict] = []
    for entry in entries:
        item = entry.paper.item
        if not items or items[-1]["item"].pk != item.pk:
            items.append({"item": item, "papers": []})
        items[-1]["papers"].append(entry)
    utc = at.astimezone(datetime.UTC)
    html = render_to_string(
        "packs/cover.html",
        {
            "meeting": pack.meeting,
            "reader": _reader_name(pack.user),
            "username": pack.user.get_username(),
            "prepared": f"{utc.day} {utc:%B %Y, %H:%M} UTC",
            "level": level,
            "items": items,
        },
    )
    return render_pdf(html, dated=at)
