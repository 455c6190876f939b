"""Exporting a meeting to a file that imports back to the same meeting."""

from pathlib import Path

from classification.levels import Level

from ..models import (
    Meeting,
)
from .declarations import export_declarations
from .fields import (
    FORMAT,
    MeetingFileError,
    restriction_of,
)
from .people import export_people


def export_meeting(
    meeting: Meeting, *, papers_dir: Path | None = None, base_dir: Path | None = None
) -> dict:
    """The meeting as a `sscportal.meeting/2` document.

    The current version of each paper is copied into `papers_dir` and named relative to
    `base_dir` (the folder of the JSON file); without `papers_dir`, papers cannot be exported.
    Items and papers say whether they are published (papers, whether withdrawn), so that
    a draft or a withdrawn paper stays so when the export is imported again. The people the
    meeting names come with their organisations and their standing in its committee, and
    each item with its declarations of interest.
    """
    items = (
        meeting.items.order_by("number")
        .prefetch_related(
            "recusals__user", "papers__versions", "decisions__kind", "decisions__party"
        )
        .prefetch_related("actions__owner_user", "declarations__declarant")
    )
    committee = meeting.committee
    return {
        "format": FORMAT,
        "committee": {
            "code": committee.code,
            "name": committee.name,
            "headlines_preamble": committee.headlines_preamble,
            "website": committee.website_url,
        },
        "number": meeting.number,
        "date": meeting.date.isoformat(),
        "start_time": f"{meeting.start_time:%H:%M}",
        "end_time": f"{meeting.end_time:%H:%M}",
        "next_meeting": meeting.next_meeting.isoformat() if meeting.next_meeting else None,
        "location": meeting.location,
        "status": meeting.status,
        "minutes_status": meeting.minutes_status,
        "attendees": [
            {"username": attendance.user.username, "role": attendance.role}
            for attendance in meeting.attendances.select_related("user").order_by("user__username")
        ],
        **export_people(meeting),
        "items": [_export_item(item, papers_dir, base_dir) for item in items],
    }


def _export_item(item, papers_dir, base_dir):
    return {
        "number": item.number,
        "section": item.section,
        "title": item.title,
        "presenter": item.presenter,
        "purpose": item.purpose,
        "classification": Level(item.level).label,
        **restriction_of(item),
        "headline_mode": item.headline_mode,
        "headline": item.headline,
        "minutes": item.minutes,
        "published": item.published_at is not None,
        "recused": sorted(recusal.user.username for recusal in item.recusals.all()),
        "papers": [
            _export_paper(paper, f"item-{item.number}-paper-{index}.pdf", papers_dir, base_dir)
            for index, paper in enumerate(item.papers.all(), start=1)
        ],
        "decisions": [
            {
                "kind": decision.kind.code,
                "party": decision.party.name if decision.party else "",
                "outcome": decision.outcome,
                "classification": Level(decision.level).label,
                **restriction_of(decision),
                "note": decision.note,
            }
            for decision in item.decisions.all()
        ],
        "actions": [
            {
                "reference": action.reference,
                "description": action.description,
                "owner": action.owner,
                "due": action.due.isoformat() if action.due else None,
                "status": action.status,
                "classification": Level(action.level).label,
                **restriction_of(action),
            }
            for action in item.actions.all()
        ],
        "declarations": export_declarations(item),
    }


def _export_paper(paper, file_name, papers_dir, base_dir):
    if papers_dir is None:
        raise MeetingFileError(
            f"item {paper.item.number} has papers: export to a file (-o) so they can be written"
        )
    version = paper.current_version
    if version is None:
        raise MeetingFileError(f"item {paper.item.number} paper {paper.title!r} has no file")
    papers_dir.mkdir(parents=True, exist_ok=True)
    target = papers_dir / file_name
    with version.file.open("rb") as source:
        target.write_bytes(source.read())
    return {
        "title": paper.title,
        "classification": Level(paper.level).label,
        **restriction_of(paper),
        "file": str(target.relative_to(base_dir)),
        "published": paper.published_at is not None,
        "withdrawn": paper.withdrawn_at is not None,
    }
