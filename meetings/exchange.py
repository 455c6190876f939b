"""The meeting exchange format (`sscportal.meeting/1`, docs/DESIGN.md): import and export.

An import either writes the whole meeting or nothing; every problem is reported with the
place in the file where it stands ("items[3] (item 4) papers[0].classification: ...").
"""

import datetime
import json
import reprlib
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone

from assessments.services import party_named
from classification.levels import Level, MeetingStatus, MinutesStatus

from .models import (
    Action,
    AgendaItem,
    Attendance,
    Committee,
    Decision,
    DecisionKind,
    Meeting,
    Paper,
    Recusal,
)
from .papers import check_pdf, check_size
from .services import attendance_record, paper_version_add

FORMAT = "sscportal.meeting/1"

# Model fields that the file calls by another name, so that a refusal names the file's field.
FILE_NAMES = {
    "level": "classification",
    "website_url": "website",
    "owner_user": "owner",
    "owner_organisation": "owner",
}


class MeetingFileError(ValueError):
    """A meeting file that cannot be imported; the message names the place and the problem."""


def _fail(where: str, problem: str):
    raise MeetingFileError(f"{where}: {problem}" if where else problem)


def _field(record: dict, name: str, where: str, *, kind=str, required=True, default=None):
    if not isinstance(record, dict):
        _fail(where, f"should be a JSON object, not {record!r}")
    if name not in record or record[name] is None:
        if required:
            _fail(f"{where}.{name}" if where else name, "is missing")
        return default
    value = record[name]
    place = f"{where}.{name}" if where else name
    if not isinstance(value, kind):
        _fail(place, f"should be a {kind.__name__}, not {reprlib.repr(value)}")
    if isinstance(value, str):
        _check_text(value, place)
    return value


def _check_text(value: str, place: str) -> None:
    """Refuse text no database can store: NUL characters and lone surrogates."""
    if "\x00" in value:
        _fail(place, "contains a NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        _fail(place, "is not valid Unicode text (it holds a lone surrogate)")


def _date(record, name, where, *, required=True):
    value = _field(record, name, where, required=required)
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        _fail(f"{where}.{name}" if where else name, f"{value!r} is not a date like 2019-11-13")


def _choice(record, name, where, choices, *, default=None):
    value = _field(record, name, where, required=default is None, default=default)
    if value not in choices.values:
        allowed = ", ".join(choices.values)
        _fail(f"{where}.{name}" if where else name, f"unknown value {value!r} (expected {allowed})")
    return value


def _level(record, where, *, default=None):
    value = _field(record, "classification", where, required=default is None)
    if value is None:
        return default
    try:
        return Level.from_name(value)
    except ValueError as error:
        _fail(f"{where}.classification", str(error))


def _save(obj, where):
    _check(obj, where)
    obj.save()
    return obj


def _check(obj, where):
    """Validate `obj`, naming the file's field of each problem."""
    try:
        obj.full_clean()
    except ValidationError as error:
        raise MeetingFileError(
            "; ".join(
                _problem(where, field, " ".join(messages))
                for field, messages in error.message_dict.items()
            )
        ) from None


def _problem(where, field, message):
    if field != NON_FIELD_ERRORS:
        name = FILE_NAMES.get(field, field)
        where = f"{where}.{name}" if where else name
    return f"{where}: {message}" if where else message


def load_meeting_file(path: str | Path) -> Meeting:
    """Import the meeting in the JSON file at `path` (papers are read relative to it)."""
    path = Path(path)
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise MeetingFileError(f"cannot read {path}: {error.strerror}") from None
    except RecursionError:
        raise MeetingFileError(f"{path} is nested too deeply to be a meeting file") from None
    except ValueError as error:  # not JSON, not UTF-8, or a number too long to read
        raise MeetingFileError(f"{path} is not valid JSON: {error}") from None
    return import_meeting(document, base_dir=path.parent)


def import_meeting(document: dict, *, base_dir: Path) -> Meeting:
    """Create the meeting described by `document`; all or nothing, paper files included."""
    stored = []
    try:
        with transaction.atomic():
            return _import_meeting(document, base_dir, stored)
    except BaseException:
        for file in stored:
            file.delete(save=False)
        raise


def _import_meeting(document, base_dir, stored):
    """Write the meeting; `stored` collects the paper files written, to remove on failure."""
    if not isinstance(document, dict):
        _fail("", "the file should hold one JSON object")
    if document.get("format") != FORMAT:
        _fail("format", f"expected {FORMAT!r}, found {document.get('format')!r}")
    users = _users_named(document)

    committee_record = _field(document, "committee", "", kind=dict)
    code = _field(committee_record, "code", "committee")
    committee = Committee.objects.filter(code=code).first() or _save(
        Committee(
            code=code,
            name=_field(committee_record, "name", "committee"),
            headlines_preamble=_field(
                committee_record, "headlines_preamble", "committee", required=False, default=""
            ),
            website_url=_field(
                committee_record, "website", "committee", required=False, default=""
            ),
        ),
        "committee",
    )
    number = _field(document, "number", "", kind=int)
    if Meeting.objects.filter(committee=committee, number=number).exists():
        _fail("number", f"meeting {code} {number} already exists")
    status = _choice(document, "status", "", MeetingStatus, default=MeetingStatus.DRAFT)
    approved = status in (MeetingStatus.MINUTES_APPROVED, MeetingStatus.HEADLINES_PUBLISHED)
    minutes_status = _choice(
        document,
        "minutes_status",
        "",
        MinutesStatus,
        default=MinutesStatus.APPROVED if approved else MinutesStatus.DRAFT,
    )
    if status == MeetingStatus.DRAFT and minutes_status != MinutesStatus.DRAFT:
        # Everything of a draft meeting is the secretariat's: a record can't be out already.
        _fail(
            "minutes_status",
            "the meeting's status is draft, so its minutes are a draft too, "
            f"not '{minutes_status}'",
        )
    meeting = _save(
        Meeting(
            committee=committee,
            number=number,
            date=_date(document, "date", ""),
            next_meeting=_date(document, "next_meeting", "", required=False),
            location=_field(document, "location", "", required=False, default=""),
            status=status,
            minutes_status=minutes_status,
        ),
        "",
    )
    for index, attendee in enumerate(
        _field(document, "attendees", "", kind=list, required=False) or []
    ):
        where = f"attendees[{index}]"
        attendance = Attendance(
            meeting=meeting,
            user=users[_field(attendee, "username", where)],
            role=_choice(attendee, "role", where, Attendance.Role, default=Attendance.Role.MEMBER),
        )
        _check(attendance, where)
        # Recorded by the service, which grants the meeting's RED business with it.
        attendance_record(meeting=meeting, user=attendance.user, role=attendance.role, by=None)
    published = status != MeetingStatus.DRAFT
    numbers = set()
    for index, item_record in enumerate(_field(document, "items", "", kind=list)):
        where = f"items[{index}]"
        item_number = _field(item_record, "number", where, kind=int)
        if item_number in numbers:
            _fail(f"{where}.number", f"item number {item_number} is used twice")
        numbers.add(item_number)
        _import_item(
            meeting,
            item_record,
            f"{where} (item {item_number})",
            users,
            published,
            base_dir,
            stored,
        )
    return meeting


def _users_named(document: dict) -> dict:
    """The users named as attendees or recused, by username; an error lists any unknown."""
    names = set()
    for index, attendee in enumerate(
        _field(document, "attendees", "", kind=list, required=False) or []
    ):
        if isinstance(attendee, dict) and isinstance(attendee.get("username"), str):
            _check_text(attendee["username"], f"attendees[{index}].username")
            names.add(attendee["username"])
    for index, item in enumerate(_field(document, "items", "", kind=list)):
        if isinstance(item, dict) and isinstance(item.get("recused"), list):
            for name in item["recused"]:
                if isinstance(name, str):
                    _check_text(name, f"items[{index}].recused")
                    names.add(name)
    users = {user.username: user for user in get_user_model().objects.filter(username__in=names)}
    unknown = sorted(names - users.keys())
    if unknown:
        _fail("attendees/recused", f"unknown username(s): {', '.join(unknown)}")
    return users


def _published_in(meeting, published: bool, where: str, what: str) -> bool:
    """`published`, refused for the items and papers of a draft meeting (the secretariat's)."""
    if published and meeting.status == MeetingStatus.DRAFT:
        _fail(
            f"{where}.published",
            f"the meeting's status is draft, so its {what} cannot be published: "
            "publish the agenda once imported",
        )
    return published


def _import_item(meeting, record, where, users, published, base_dir, stored):
    published = _published_in(
        meeting,
        _field(record, "published", where, kind=bool, required=False, default=published),
        where,
        "items",
    )
    level = _level(record, where)
    item = _save(
        AgendaItem(
            meeting=meeting,
            number=record["number"],
            section=_choice(record, "section", where, AgendaItem.Section),
            title=_field(record, "title", where),
            presenter=_field(record, "presenter", where, required=False, default=""),
            purpose=_choice(record, "purpose", where, AgendaItem.Purpose, default="discussion"),
            level=level,
            headline_mode=_choice(
                record,
                "headline_mode",
                where,
                AgendaItem.HeadlineMode,
                default=AgendaItem.headline_mode_for(level),
            ),
            headline=_field(record, "headline", where, required=False, default=""),
            minutes=_field(record, "minutes", where, required=False, default=""),
            published_at=timezone.now() if published else None,
        ),
        where,
    )
    recused = _field(record, "recused", where, kind=list, required=False) or []
    for index, username in enumerate(recused):
        if not isinstance(username, str):
            _fail(f"{where}.recused", f"{username!r} is not a username")
        if username in recused[:index]:
            _fail(f"{where}.recused", f"{username} is recused twice")
        Recusal.objects.create(item=item, user=users[username])
    for index, paper in enumerate(_field(record, "papers", where, kind=list, required=False) or []):
        _import_paper(item, paper, f"{where} papers[{index}]", base_dir, stored)
    for index, decision in enumerate(
        _field(record, "decisions", where, kind=list, required=False) or []
    ):
        _import_decision(item, decision, f"{where} decisions[{index}]")
    for index, action in enumerate(
        _field(record, "actions", where, kind=list, required=False) or []
    ):
        _import_action(item, action, f"{where} actions[{index}]")


def _import_paper(item, record, where, base_dir, stored):
    relative = _field(record, "file", where)
    file_path = (base_dir / relative).resolve()
    if not file_path.is_relative_to(base_dir.resolve()):
        _fail(f"{where}.file", f"{relative} is outside the folder of the meeting file")
    try:
        size = file_path.stat().st_size
    except OSError as error:
        _fail(f"{where}.file", f"cannot read {relative}: {error.strerror}")
    if not file_path.is_file():
        _fail(f"{where}.file", f"{relative!r} is not a file")
    try:
        check_size(size)
    except ValidationError as error:
        _fail(f"{where}.file", " ".join(error.messages))
    try:
        content = file_path.read_bytes()
    except OSError as error:
        _fail(f"{where}.file", f"cannot read {relative}: {error.strerror}")
    try:
        check_pdf(content)
    except ValidationError as error:
        _fail(f"{where}.file", " ".join(error.messages))
    published = _published_in(
        item.meeting,
        _field(
            record, "published", where, kind=bool, required=False, default=bool(item.published_at)
        ),
        where,
        "papers",
    )
    withdrawn = _field(record, "withdrawn", where, kind=bool, required=False, default=False)
    paper = _save(
        Paper(
            item=item,
            title=_field(record, "title", where),
            level=_level(record, where, default=item.level),
            published_at=timezone.now() if published else None,
            withdrawn_at=timezone.now() if withdrawn else None,
        ),
        where,
    )
    version = paper_version_add(
        paper=paper, content=content, original_name=Path(relative).name, by=None
    )
    stored.append(version.file)


def _import_decision(item, record, where):
    code = _field(record, "kind", where)
    kind = DecisionKind.objects.filter(code=code).first()
    if kind is None:
        known = ", ".join(DecisionKind.objects.values_list("code", flat=True))
        _fail(f"{where}.kind", f"unknown decision kind {code!r} (expected {known})")
    party_name = _field(record, "party", where, required=False, default="")
    party = None
    if party_name:
        try:
            party = party_named(party_name)
        except ValidationError as error:
            _fail(f"{where}.party", " ".join(error.messages))
    _save(
        Decision(
            item=item,
            kind=kind,
            party=party,
            outcome=_field(record, "outcome", where, required=False, default=""),
            note=_field(record, "note", where, required=False, default=""),
            level=_level(record, where, default=kind.default_level),
        ),
        where,
    )


def _import_action(item, record, where):
    owner = _field(record, "owner", where)
    owner_user = get_user_model().objects.filter(username=owner).first()
    reference = _field(record, "reference", where)
    if Action.objects.filter(reference=reference).exists():
        _fail(f"{where}.reference", f"action {reference} already exists")
    _save(
        Action(
            item=item,
            reference=reference,
            description=_field(record, "description", where),
            owner_user=owner_user,
            owner_organisation="" if owner_user else owner,
            due=_date(record, "due", where, required=False),
            status=_choice(record, "status", where, Action.Status, default="open"),
            level=_level(record, where, default=item.level),
        ),
        where,
    )


def export_meeting(
    meeting: Meeting, *, papers_dir: Path | None = None, base_dir: Path | None = None
) -> dict:
    """The meeting as a `sscportal.meeting/1` document.

    The current version of each paper is copied into `papers_dir` and named relative to
    `base_dir` (the folder of the JSON file); without `papers_dir`, papers cannot be exported.
    Items and papers say whether they are published (papers, whether withdrawn), so that
    a draft or a withdrawn paper stays so when the export is imported again.
    """
    items = (
        meeting.items.order_by("number")
        .prefetch_related(
            "recusals__user", "papers__versions", "decisions__kind", "decisions__party"
        )
        .prefetch_related("actions__owner_user")
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
        "next_meeting": meeting.next_meeting.isoformat() if meeting.next_meeting else None,
        "location": meeting.location,
        "status": meeting.status,
        "minutes_status": meeting.minutes_status,
        "attendees": [
            {"username": attendance.user.username, "role": attendance.role}
            for attendance in meeting.attendances.select_related("user").order_by("user__username")
        ],
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
            }
            for action in item.actions.all()
        ],
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
        "file": str(target.relative_to(base_dir)),
        "published": paper.published_at is not None,
        "withdrawn": paper.withdrawn_at is not None,
    }
