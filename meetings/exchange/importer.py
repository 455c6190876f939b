"""Importing a meeting file: all of it in one transaction, or nothing."""

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from assessments.services import party_named
from classification.levels import MeetingStatus, MinutesStatus
from committees.models import Committee

from ..models import (
    Action,
    AgendaItem,
    Attendance,
    Decision,
    DecisionKind,
    Meeting,
    Paper,
    Recusal,
)
from ..papers import check_pdf, check_size
from ..services import attendance_record, paper_version_add
from .declarations import import_declarations
from .fields import (
    FORMAT_1,
    FORMATS,
    MeetingFileError,
    check_record,
    check_text,
    fail,
    read_choice,
    read_date,
    read_field,
    read_level,
    read_restriction,
    read_time,
    restricted_saved,
    save_checked,
)
from .people import import_people


def load_meeting_file(path: str | Path, *, added: list[str] | None = None) -> Meeting:
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
    return import_meeting(document, base_dir=path.parent, added=added)


def import_meeting(document: dict, *, base_dir: Path, added: list[str] | None = None) -> Meeting:
    """Create the meeting described by `document`; all or nothing, paper files included.

    What a file of format /2 adds beyond the meeting (organisations, a person's organisation,
    memberships and secretariat assignments) is told in `added`, one line each.
    """
    stored: list = []
    told: list[str] = []
    try:
        with transaction.atomic():
            meeting = _import_meeting(document, base_dir, stored, told)
    except BaseException:
        for file in stored:
            file.delete(save=False)
        raise
    if added is not None:
        added.extend(told)
    return meeting


def _import_meeting(document, base_dir, stored, added):
    """Write the meeting; `stored` collects the paper files written, to remove on failure,
    and `added` what the file adds beyond the meeting."""
    if not isinstance(document, dict):
        fail("", "the file should hold one JSON object")
    if document.get("format") not in FORMATS:
        expected = " or ".join(repr(name) for name in FORMATS)
        fail("format", f"expected {expected}, found {document.get('format')!r}")
    # A file of format /1 holds no people and no declarations of interest: any such field in
    # it is ignored, as it always was.
    format_2 = document["format"] != FORMAT_1
    users = _users_named(document, format_2)

    committee_record = read_field(document, "committee", "", kind=dict)
    code = read_field(committee_record, "code", "committee")
    committee = Committee.objects.filter(code=code).first() or save_checked(
        Committee(
            code=code,
            name=read_field(committee_record, "name", "committee"),
            headlines_preamble=read_field(
                committee_record, "headlines_preamble", "committee", required=False, default=""
            ),
            website_url=read_field(
                committee_record, "website", "committee", required=False, default=""
            ),
        ),
        "committee",
    )
    number = read_field(document, "number", "", kind=int)
    if Meeting.objects.filter(committee=committee, number=number).exists():
        fail("number", f"meeting {code} {number} already exists")
    status = read_choice(document, "status", "", MeetingStatus, default=MeetingStatus.DRAFT)
    approved = status in (MeetingStatus.MINUTES_APPROVED, MeetingStatus.HEADLINES_PUBLISHED)
    minutes_status = read_choice(
        document,
        "minutes_status",
        "",
        MinutesStatus,
        default=MinutesStatus.APPROVED if approved else MinutesStatus.DRAFT,
    )
    if status == MeetingStatus.DRAFT and minutes_status != MinutesStatus.DRAFT:
        # Everything of a draft meeting is the secretariat's: a record can't be out already.
        fail(
            "minutes_status",
            "the meeting's status is draft, so its minutes are a draft too, "
            f"not '{minutes_status}'",
        )
    meeting = save_checked(
        Meeting(
            committee=committee,
            number=number,
            date=read_date(document, "date", ""),
            # Absent from files written before meetings had times: the usual 10:00 to 12:00.
            start_time=read_time(document, "start_time", "", default=_field_default("start_time")),
            end_time=read_time(document, "end_time", "", default=_field_default("end_time")),
            next_meeting=read_date(document, "next_meeting", "", required=False),
            location=read_field(document, "location", "", required=False, default=""),
            status=status,
            minutes_status=minutes_status,
        ),
        "",
    )
    if format_2:
        import_people(document, committee, users, added)
    for index, attendee in enumerate(
        read_field(document, "attendees", "", kind=list, required=False) or []
    ):
        where = f"attendees[{index}]"
        attendance = Attendance(
            meeting=meeting,
            user=users[read_field(attendee, "username", where)],
            role=read_choice(
                attendee, "role", where, Attendance.Role, default=Attendance.Role.MEMBER
            ),
        )
        check_record(attendance, where)
        # Recorded by the service, which grants the meeting's RED business with it.
        attendance_record(meeting=meeting, user=attendance.user, role=attendance.role, by=None)
    published = status != MeetingStatus.DRAFT
    numbers = set()
    for index, item_record in enumerate(read_field(document, "items", "", kind=list)):
        where = f"items[{index}]"
        item_number = read_field(item_record, "number", where, kind=int)
        if item_number in numbers:
            fail(f"{where}.number", f"item number {item_number} is used twice")
        numbers.add(item_number)
        _import_item(
            meeting,
            item_record,
            f"{where} (item {item_number})",
            users,
            published,
            base_dir,
            stored,
            format_2,
        )
    return meeting


def _field_default(name: str):
    return Meeting._meta.get_field(name).get_default()


def _users_named(document: dict, with_people: bool) -> dict:
    """The users named as attendees, recused or (`with_people`) people, by username; an error
    lists any unknown."""
    names = set()
    people = read_field(document, "people", "", kind=list, required=False) if with_people else []
    for index, person in enumerate(people or []):
        if isinstance(person, dict) and isinstance(person.get("username"), str):
            check_text(person["username"], f"people[{index}].username")
            names.add(person["username"])
    for index, attendee in enumerate(
        read_field(document, "attendees", "", kind=list, required=False) or []
    ):
        if isinstance(attendee, dict) and isinstance(attendee.get("username"), str):
            check_text(attendee["username"], f"attendees[{index}].username")
            names.add(attendee["username"])
    for index, item in enumerate(read_field(document, "items", "", kind=list)):
        if isinstance(item, dict) and isinstance(item.get("recused"), list):
            for name in item["recused"]:
                if isinstance(name, str):
                    check_text(name, f"items[{index}].recused")
                    names.add(name)
    users = {user.username: user for user in get_user_model().objects.filter(username__in=names)}
    unknown = sorted(names - users.keys())
    if unknown:
        place = "attendees/recused/people" if with_people else "attendees/recused"
        fail(place, f"unknown username(s): {', '.join(unknown)}")
    return users


def _published_in(meeting, published: bool, where: str, what: str) -> bool:
    """`published`, refused for the items and papers of a draft meeting (the secretariat's)."""
    if published and meeting.status == MeetingStatus.DRAFT:
        fail(
            f"{where}.published",
            f"the meeting's status is draft, so its {what} cannot be published: "
            "publish the agenda once imported",
        )
    return published


def _import_item(meeting, record, where, users, published, base_dir, stored, format_2):
    published = _published_in(
        meeting,
        read_field(record, "published", where, kind=bool, required=False, default=published),
        where,
        "items",
    )
    level = read_level(record, where)
    item = restricted_saved(
        AgendaItem(
            meeting=meeting,
            number=record["number"],
            section=read_choice(record, "section", where, AgendaItem.Section),
            title=read_field(record, "title", where),
            presenter=read_field(record, "presenter", where, required=False, default=""),
            purpose=read_choice(record, "purpose", where, AgendaItem.Purpose, default="discussion"),
            level=level,
            headline_mode=read_choice(
                record,
                "headline_mode",
                where,
                AgendaItem.HeadlineMode,
                default=AgendaItem.headline_mode_for(level),
            ),
            headline=read_field(record, "headline", where, required=False, default=""),
            minutes=read_field(record, "minutes", where, required=False, default=""),
            published_at=timezone.now() if published else None,
            **read_restriction(record, where),
        ),
        where,
    )
    recused = read_field(record, "recused", where, kind=list, required=False) or []
    for index, username in enumerate(recused):
        if not isinstance(username, str):
            fail(f"{where}.recused", f"{username!r} is not a username")
        if username in recused[:index]:
            fail(f"{where}.recused", f"{username} is recused twice")
        if not Attendance.objects.filter(meeting=meeting, user=users[username]).exists():
            fail(
                f"{where}.recused",
                f"{username} does not attend this meeting: only an attendee is recused",
            )
        Recusal.objects.create(item=item, user=users[username])
    for index, paper in enumerate(
        read_field(record, "papers", where, kind=list, required=False) or []
    ):
        _import_paper(item, paper, f"{where} papers[{index}]", base_dir, stored)
    for index, decision in enumerate(
        read_field(record, "decisions", where, kind=list, required=False) or []
    ):
        _import_decision(item, decision, f"{where} decisions[{index}]")
    for index, action in enumerate(
        read_field(record, "actions", where, kind=list, required=False) or []
    ):
        _import_action(item, action, f"{where} actions[{index}]")
    if format_2:
        import_declarations(item, record, where, users)


def _import_paper(item, record, where, base_dir, stored):
    relative = read_field(record, "file", where)
    file_path = (base_dir / relative).resolve()
    if not file_path.is_relative_to(base_dir.resolve()):
        fail(f"{where}.file", f"{relative} is outside the folder of the meeting file")
    try:
        size = file_path.stat().st_size
    except OSError as error:
        fail(f"{where}.file", f"cannot read {relative}: {error.strerror}")
    if not file_path.is_file():
        fail(f"{where}.file", f"{relative!r} is not a file")
    try:
        check_size(size)
    except ValidationError as error:
        fail(f"{where}.file", " ".join(error.messages))
    try:
        content = file_path.read_bytes()
    except OSError as error:
        fail(f"{where}.file", f"cannot read {relative}: {error.strerror}")
    try:
        check_pdf(content)
    except ValidationError as error:
        fail(f"{where}.file", " ".join(error.messages))
    published = _published_in(
        item.meeting,
        read_field(
            record, "published", where, kind=bool, required=False, default=bool(item.published_at)
        ),
        where,
        "papers",
    )
    withdrawn = read_field(record, "withdrawn", where, kind=bool, required=False, default=False)
    paper = restricted_saved(
        Paper(
            item=item,
            title=read_field(record, "title", where),
            level=read_level(record, where, default=item.level),
            published_at=timezone.now() if published else None,
            withdrawn_at=timezone.now() if withdrawn else None,
            **read_restriction(record, where),
        ),
        where,
        item,
    )
    version = paper_version_add(
        paper=paper, content=content, original_name=Path(relative).name, by=None
    )
    stored.append(version.file)


def _import_decision(item, record, where):
    code = read_field(record, "kind", where)
    kind = DecisionKind.objects.filter(code=code).first()
    if kind is None:
        known = ", ".join(DecisionKind.objects.values_list("code", flat=True))
        fail(f"{where}.kind", f"unknown decision kind {code!r} (expected {known})")
    party_name = read_field(record, "party", where, required=False, default="")
    party = None
    if party_name:
        try:
            party = party_named(party_name)
        except ValidationError as error:
            fail(f"{where}.party", " ".join(error.messages))
    restricted_saved(
        Decision(
            item=item,
            kind=kind,
            party=party,
            outcome=read_field(record, "outcome", where, required=False, default=""),
            note=read_field(record, "note", where, required=False, default=""),
            level=read_level(record, where, default=kind.default_level),
            **read_restriction(record, where),
        ),
        where,
        item,
    )


def _import_action(item, record, where):
    owner = read_field(record, "owner", where)
    owner_user = get_user_model().objects.filter(username=owner).first()
    reference = read_field(record, "reference", where)
    if Action.objects.filter(reference=reference).exists():
        fail(f"{where}.reference", f"action {reference} already exists")
    restricted_saved(
        Action(
            item=item,
            reference=reference,
            description=read_field(record, "description", where),
            owner_user=owner_user,
            owner_organisation="" if owner_user else owner,
            due=read_date(record, "due", where, required=False),
            status=read_choice(record, "status", where, Action.Status, default="open"),
            level=read_level(record, where, default=item.level),
            **read_restriction(record, where),
        ),
        where,
        item,
    )
