"""Domain writes on meetings: called by views, commands and tasks alike."""

import datetime
import hashlib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Case, F, Max, Q, Value, When
from django.urls import reverse
from django.utils import timezone

from assessments import services as assessments_services
from audit.models import AuditEvent
from audit.services import Origin, audit_record
from classification.levels import Level, MeetingStatus, MinutesStatus
from classification.visibility import is_chair, may_act_for_secretariat
from sscportal.dispatch import send_to_broker
from sscportal.params import parse_number

from .models import (
    Action,
    AgendaItem,
    AgendaNotice,
    AgendaPublication,
    Attendance,
    Decision,
    DecisionKind,
    Meeting,
    MeetingStatusChange,
    Paper,
    PaperVersion,
    Recusal,
)
from .papers import check_pdf
from .watermark import stamp_pdf

# A notices task not finished in this time is taken to have died with its worker.
NOTICES_STALE_AFTER = datetime.timedelta(minutes=10)


def _secretariat_only(by, doing: str) -> None:
    """Refuse `by` unless it is the secretariat in a verified session, or a command or task.

    Every write that publishes, circulates or changes who may see something asks it here,
    whichever view, command or task calls it.
    """
    if not may_act_for_secretariat(by):
        raise PermissionDenied(
            f"Only the secretariat {doing}, in a session verified by its second factor."
        )


def chair_check(by, meeting: Meeting, *, doing: str = "approves its record") -> None:
    """Refuse `by` unless it acts as the chair of `meeting` (`is_chair`): verified, active."""
    if not is_chair(by, meeting):
        raise PermissionDenied(
            f"Only the chair of the meeting {doing}, in a session verified by a second factor."
        )


@transaction.atomic
def attendance_record(
    *, meeting: Meeting, user, by, role: str = Attendance.Role.MEMBER
) -> Attendance:
    """Record `user` as attending `meeting`; this grants the meeting's RED business."""
    _secretariat_only(by, "records attendance")
    attendance, _ = Attendance.objects.update_or_create(
        meeting=meeting, user=user, defaults={"role": role}
    )
    return attendance


@transaction.atomic
def attendance_remove(*, meeting: Meeting, user, by) -> None:
    """Remove `user` from `meeting`'s attendees; their RED grant goes with it."""
    _secretariat_only(by, "records attendance")
    for attendance in Attendance.objects.filter(meeting=meeting, user=user):
        attendance.delete()


def recusal_add(*, item, user, by, reason: str = "") -> Recusal:
    """Recuse `user` from `item`: they see neither it nor its papers, decisions or minutes."""
    _secretariat_only(by, "records recusals")
    recusal, _ = Recusal.objects.get_or_create(item=item, user=user, defaults={"reason": reason})
    return recusal


@transaction.atomic
def agenda_publish(*, meeting: Meeting, by) -> AgendaPublication | None:
    """Make the agenda and its papers visible to members at their levels, and tell them.

    Returns the publication (None when there was nothing new to publish). Members are
    e-mailed by a task sent once this commits; if the broker is down, the publication stays
    pending in the database and the periodic sweep sends it.
    """
    _secretariat_only(by, "publishes the agenda")
    meeting = _locked(meeting)
    now = timezone.now()
    items = meeting.items.filter(published_at__isnull=True).update(published_at=now)
    papers = Paper.objects.filter(
        item__meeting=meeting, published_at__isnull=True, withdrawn_at__isnull=True
    ).update(published_at=now)
    _revise(meeting.pk)
    if meeting.status == MeetingStatus.DRAFT:
        _status_move(meeting, MeetingStatus.AGENDA_PUBLISHED, by=by)
    if not (items or papers):
        return None
    publication = AgendaPublication.objects.create(meeting=meeting, published_at=now, by=by)
    transaction.on_commit(lambda: dispatch_agenda_notices(publication.pk))
    return publication


def dispatch_agenda_notices(publication_id: int) -> bool:
    """Send the notices task; False (and left for the sweep) if the broker is down."""
    from .tasks import agenda_notices_send_task

    what = f"Notices of agenda publication {publication_id}"
    if not send_to_broker(agenda_notices_send_task, publication_id, what=what):
        return False
    AgendaPublication.objects.filter(pk=publication_id).update(dispatched_at=timezone.now())
    return True


def dispatch_pending_agenda_notices(*, now=None) -> int:
    """Send the notices of publications the broker missed, or whose task died."""
    now = now or timezone.now()
    pending = AgendaPublication.objects.filter(notices_sent_at__isnull=True).filter(
        Q(dispatched_at__isnull=True) | Q(dispatched_at__lt=now - NOTICES_STALE_AFTER)
    )
    return sum(dispatch_agenda_notices(pk) for pk in pending.values_list("pk", flat=True))


def agenda_notice_recipients(meeting: Meeting):
    """Committee members to tell of a publication: attendees and AMBER-cleared accounts."""
    User = get_user_model()
    return (
        User.objects.filter(is_active=True, is_secretariat=False)
        .exclude(email="")
        .filter(Q(attendances__meeting=meeting) | Q(clearance__gte=Level.AMBER))
        .distinct()
    )


def agenda_notices_send(*, publication: AgendaPublication) -> int:
    """E-mail each member who can see something new; idempotent per member and publication.

    The e-mail carries no titles or content, only a link: what it links to is shown to each
    reader at their own level.
    """
    meeting = publication.meeting
    url = settings.SITE_URL.rstrip("/") + reverse(
        "meeting_detail", args=[meeting.committee.code, meeting.number]
    )
    already = set(publication.notices.values_list("user_id", flat=True))
    sent = 0
    for user in agenda_notice_recipients(meeting).exclude(pk__in=already):
        new_items = AgendaItem.objects.visible_to(user).filter(
            meeting=meeting, published_at=publication.published_at
        )
        new_papers = Paper.objects.visible_to(user).filter(
            item__meeting=meeting, published_at=publication.published_at
        )
        if not (new_items.exists() or new_papers.exists()):
            continue
        send_mail(
            subject=f"{meeting.committee.code} {meeting.reference}: agenda and papers published",
            message=(
                f"The agenda and papers of the {meeting.committee.name} meeting of "
                f"{meeting.date:%A %-d %B %Y} have been published.\n\nRead them at {url}\n"
            ),
            from_email=None,
            recipient_list=[user.email],
        )
        AgendaNotice.objects.create(publication=publication, user=user)
        sent += 1
    AgendaPublication.objects.filter(pk=publication.pk).update(notices_sent_at=timezone.now())
    return sent


@transaction.atomic
def paper_version_add(*, paper: Paper, content: bytes, by, original_name: str = ""):
    """Store `content` as the paper's next version, after checking it is a PDF within the cap.

    Earlier versions are kept: a replacement never overwrites.
    """
    _secretariat_only(by, "uploads papers")
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
    return version


@transaction.atomic
def agenda_item_headline_update(
    *, item: AgendaItem, headline: str, headline_mode: str, expected_version: int, by
) -> AgendaItem:
    """Save an item's headline text and mode, refusing an edit based on a stale version."""
    _secretariat_only(by, "edits the Headlines")
    if headline_mode not in AgendaItem.HeadlineMode.values:
        raise ValidationError(f"Unknown headline mode {headline_mode!r}.")
    updated = AgendaItem.objects.filter(pk=item.pk, version=expected_version).update(
        headline=headline, headline_mode=headline_mode, version=F("version") + 1
    )
    _revise(item.meeting_id)
    if not updated:
        raise ValidationError(
            f"Item {item.number} was changed by someone else since you opened it, so your edit "
            "was not saved: reload the page to see the current text, then edit again."
        )
    item.refresh_from_db()
    return item


# The agenda builder: every change to an agenda's numbering holds the meeting's row lock, so
# two secretariat users never produce duplicate or missing numbers.

_SECTION_ORDER = [AgendaItem.Section.MATTERS_ARISING, AgendaItem.Section.AGENDA]
_RENUMBER_OFFSET = 1_000_000
_STATUS_ORDER = list(MeetingStatus.values)


def _revise(meeting_id: int) -> None:
    # Bulk statements send no signals (signals.py revises on every save and delete).
    Meeting.objects.filter(pk=meeting_id).revise()


def _locked(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


# A child's level is checked against its parents' (Classified.clean): each write that changes a
# level, or saves a child, first locks the parent rows and reads their levels afresh, so that a
# parent raised at the same moment waits for the child, or the child sees the raised level.
# The locks are taken in one order, party → meeting → item, so no two writes wait in a circle
# (saving any child also updates its meeting's revision, a lock on the meeting row).


def _item_locked(item_id: int) -> AgendaItem:
    """The agenda item as it is now, its row locked; its meeting's lock is taken before."""
    return AgendaItem.objects.select_for_update().get(pk=item_id)


def _renumber(meeting: Meeting, ordered_ids: list[int]) -> None:
    """Number the meeting's items 1..n in `ordered_ids` order, in two statements."""
    items = AgendaItem.objects.filter(meeting=meeting)
    # Move every number out of the way first, so the unique constraint holds at each step.
    items.update(number=F("number") + _RENUMBER_OFFSET)
    items.update(
        number=Case(*(When(pk=pk, then=Value(n)) for n, pk in enumerate(ordered_ids, start=1)))
    )
    _revise(meeting.pk)


def _section_order(meeting: Meeting) -> list[int]:
    """The meeting's item ids, Matters Arising first, each section in number order."""
    items = AgendaItem.objects.filter(meeting=meeting).values_list("pk", "section", "number")
    return [pk for pk, _, _ in sorted(items, key=lambda i: (_SECTION_ORDER.index(i[1]), i[2]))]


@transaction.atomic
def meeting_create(*, committee, number: int, date, by, location: str = "", next_meeting=None):
    """Create a draft meeting."""
    _secretariat_only(by, "creates meetings")
    meeting = Meeting(
        committee=committee, number=number, date=date, location=location, next_meeting=next_meeting
    )
    meeting.full_clean()
    meeting.save()
    MeetingStatusChange.objects.create(meeting=meeting, status=meeting.status, by=by)
    return meeting


@transaction.atomic
def meeting_status_change(*, meeting: Meeting, status: str, by) -> Meeting:
    """The secretariat moves a meeting forward to `status`; it never moves back."""
    _secretariat_only(by, "moves a meeting on")
    return _status_move(meeting, status, by=by)


def _status_move(meeting: Meeting, status: str, *, by) -> Meeting:
    """Move `meeting` forward to `status`, recording who did it; callers check `by`."""
    meeting = _locked(meeting)
    if _STATUS_ORDER.index(status) <= _STATUS_ORDER.index(meeting.status):
        raise ValidationError(
            f"The meeting is already “{meeting.get_status_display()}”: it cannot become "
            f"“{MeetingStatus(status).label}”."
        )
    meeting.status = status
    meeting.save(update_fields=["status"])
    MeetingStatusChange.objects.create(meeting=meeting, status=status, by=by)
    return meeting


@transaction.atomic
def agenda_item_add(*, meeting: Meeting, by, **fields) -> AgendaItem:
    """Add an item at the end of its section; the numbers of later items follow."""
    _secretariat_only(by, "builds the agenda")
    meeting = _locked(meeting)
    last = AgendaItem.objects.filter(meeting=meeting).aggregate(last=Max("number"))["last"] or 0
    item = AgendaItem(meeting=meeting, number=last + 1, **fields)
    item.full_clean()
    item.save()
    _renumber(meeting, _section_order(meeting))
    item.refresh_from_db()
    return item


@transaction.atomic
def agenda_item_update(*, item: AgendaItem, expected_version: int, by, **fields) -> AgendaItem:
    """Change an item's fields, refusing an edit based on a version someone else replaced."""
    _secretariat_only(by, "builds the agenda")
    meeting = _locked(item.meeting)
    current = _item_locked(item.pk)
    if current.version != expected_version:
        raise ValidationError(
            f"Item {current.number} was changed by someone else since you opened it, so your "
            "edit was not saved: reload it to see their change, then edit again."
        )
    section_before, level_before = current.section, current.level
    mode_before = current.headline_mode
    for name, value in fields.items():
        setattr(current, name, value)
    if level_before < Level.RED <= current.level and current.headline_mode == mode_before:
        # Raised to RED with its mode left as it was: nothing of it is listed in the
        # Headlines until the secretariat chooses "full" for it at RED.
        current.headline_mode = AgendaItem.HeadlineMode.COUNTED
    current.full_clean()
    current.version += 1
    current.save()
    if current.section != section_before:
        _renumber(meeting, _section_order(meeting))
        current.refresh_from_db()
    return current


@transaction.atomic
def agenda_item_delete(*, item: AgendaItem, by) -> None:
    """Delete an item that holds no record yet; the numbers of later items close the gap."""
    _secretariat_only(by, "builds the agenda")
    meeting = _locked(item.meeting)
    item = AgendaItem.objects.get(pk=item.pk)
    held = [
        name
        for name, present in [
            ("minutes", bool(item.minutes.strip())),
            ("papers", item.papers.exists()),
            ("decisions", item.decisions.exists()),
            ("actions", item.actions.exists()),
        ]
        if present
    ]
    if held:
        raise ValidationError(
            f"Item {item.number} holds {', '.join(held)}: it cannot be deleted, so that nothing "
            "recorded against it is lost."
        )
    item.delete()
    _renumber(meeting, _section_order(meeting))


@transaction.atomic
def agenda_reorder(*, meeting: Meeting, ordered_ids: list[int], by) -> None:
    """Number the items in the given order: every item once, each section kept together."""
    _secretariat_only(by, "builds the agenda")
    meeting = _locked(meeting)
    sections = dict(AgendaItem.objects.filter(meeting=meeting).values_list("pk", "section"))
    unknown = [pk for pk in ordered_ids if pk not in sections]
    if unknown:
        raise ValidationError(
            f"Item id {', '.join(map(str, unknown))} is not on this agenda: reload the agenda."
        )
    if len(set(ordered_ids)) != len(ordered_ids) or set(ordered_ids) != set(sections):
        raise ValidationError(
            "The agenda has changed since you loaded it (an item was added or removed): "
            "reload it and reorder again."
        )
    ranks = [_SECTION_ORDER.index(sections[pk]) for pk in ordered_ids]
    if ranks != sorted(ranks):
        raise ValidationError("Matters Arising must come before the Agenda Items.")
    _renumber(meeting, ordered_ids)


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, direction: str, by) -> None:
    """Move an item one place up or down within its section."""
    _secretariat_only(by, "builds the agenda")
    meeting = _locked(item.meeting)
    item = AgendaItem.objects.get(pk=item.pk)
    ordered = _section_order(meeting)
    index = ordered.index(item.pk)
    other = index - 1 if direction == "up" else index + 1
    same_section = AgendaItem.objects.filter(
        pk=ordered[other] if 0 <= other < len(ordered) else None, section=item.section
    ).exists()
    if not same_section:
        where = "first" if direction == "up" else "last"
        raise ValidationError(
            f"Item {item.number} is already the {where} of {item.get_section_display()}."
        )
    ordered[index], ordered[other] = ordered[other], ordered[index]
    _renumber(meeting, ordered)


@transaction.atomic
def agenda_copy(*, source: Meeting, target: Meeting, by, item_ids=None) -> int:
    """Copy the standing items of `source` (all, or those in `item_ids`) onto `target`.

    Only the agenda's shape is copied: section, title, presenter, purpose, level and headline
    mode; never minutes, headlines, papers or decisions.
    """
    _secretariat_only(by, "builds the agenda")
    target = _locked(target)
    items = AgendaItem.objects.filter(meeting=source).order_by("number")
    if item_ids is not None:
        items = items.filter(pk__in=item_ids)
    last = AgendaItem.objects.filter(meeting=target).aggregate(last=Max("number"))["last"] or 0
    copies = [
        AgendaItem(
            meeting=target,
            number=last + n,
            section=item.section,
            title=item.title,
            presenter=item.presenter,
            purpose=item.purpose,
            level=item.level,
            headline_mode=item.headline_mode,
        )
        for n, item in enumerate(items, start=1)
    ]
    AgendaItem.objects.bulk_create(copies)
    _renumber(target, _section_order(target))
    return len(copies)


def recusal_remove(*, item: AgendaItem, user, by) -> None:
    """Lift a recusal."""
    _secretariat_only(by, "records recusals")
    Recusal.objects.filter(item=item, user=user).delete()


@transaction.atomic
def paper_add(*, item: AgendaItem, title: str, level: int, content: bytes, by, original_name=""):
    """Attach a new paper (unpublished until the agenda's papers are published).

    Its level is checked against the item's level as it is under the item's lock, so a paper
    cannot be left below an item raised at the same moment.
    """
    _secretariat_only(by, "uploads papers")
    check_pdf(content)
    _locked(item.meeting)
    item = _item_locked(item.pk)
    paper = Paper(item=item, title=title, level=level)
    paper.full_clean()
    paper.save()
    paper_version_add(paper=paper, content=content, original_name=original_name, by=by)
    return paper


def paper_withdraw(*, paper: Paper, by) -> Paper:
    """Withdraw a paper: members no longer see it; its versions are kept."""
    _secretariat_only(by, "withdraws papers")
    if paper.withdrawn_at is None:
        paper.withdrawn_at = timezone.now()
        paper.save(update_fields=["withdrawn_at"])
    return paper


WITHDRAWAL_REASON_MAX = PaperVersion._meta.get_field("withdrawal_reason").max_length


@transaction.atomic
def paper_version_withdraw(*, version: PaperVersion, by, reason: str) -> PaperVersion:
    """Withdraw one version of a paper, uploaded by mistake; `reason` says why.

    From then on the version answers 404 to everyone but the secretariat. Once this commits
    its file is deleted from storage, and so is every papers pack holding it; the audit log
    keeps who withdrew it, when and why. If it was the paper's current version, the paper is
    served from its newest version left. The last version still served cannot be withdrawn:
    a paper on the agenda always has a file, so the corrected file is uploaded first (or the
    whole paper withdrawn).
    """
    _secretariat_only(by, "withdraws a version of a paper")
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
    Meeting.objects.select_for_update(of=("self",)).get(items__papers=version.paper_id)
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
    _discard_packs_holding(paper, version.number)
    return version


def _delete_files_on_commit(names: list[str], storage) -> None:
    # Deleted only once the withdrawal is kept: a rolled-back one leaves every file in place.
    def delete():
        for name in names:
            storage.delete(name)

    transaction.on_commit(delete)


def _discard_packs_holding(paper: Paper, number: int) -> None:
    """Delete the rendered papers packs holding version `number` of `paper`: its copies."""
    # Imported here: meetings is the lower layer and must not need packs to load.
    from packs.models import Pack

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
    _delete_files_on_commit(
        [pack.file.name for pack in holding if pack.file], Pack.file.field.storage
    )


# Minutes, decisions and actions: the meeting's confidential record. The secretariat writes
# it, circulates it to the attendees, and the chair approves it; once approved it is fixed.


def _record_meeting(meeting_id: int) -> Meeting:
    """The meeting, its row locked: approval and writes to its record take turns."""
    return (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("committee")
        .get(pk=meeting_id)
    )


def _record_open(meeting: Meeting) -> None:
    if meeting.minutes_status == MinutesStatus.APPROVED:
        raise ValidationError(
            f"The minutes of {meeting} are approved: they can no longer be changed.",
            code="approved",
        )


@transaction.atomic
def item_minutes_save(*, item: AgendaItem, minutes: str, expected_version: int, by) -> AgendaItem:
    """Save an item's minutes, refusing a save based on a version someone else replaced.

    One conditional UPDATE on (pk, minutes_version): of two saves based on the same version, one is
    stored and the other refused, so nobody's text is overwritten unseen.
    """
    _secretariat_only(by, "takes the minutes")
    _record_open(_record_meeting(item.meeting_id))
    updated = AgendaItem.objects.filter(pk=item.pk, minutes_version=expected_version).update(
        minutes=minutes, minutes_version=F("minutes_version") + 1
    )
    _revise(item.meeting_id)
    if not updated:
        current = AgendaItem.objects.only("number", "minutes_version").get(pk=item.pk)
        raise ValidationError(
            f"The minutes of item {current.number} were changed by someone else since you "
            f"opened them (you had version {expected_version}, "
            f"it is now {current.minutes_version}), so your text was not saved: "
            "merge it with the saved text, then save again.",
            code="stale",
        )
    item.minutes = minutes
    item.minutes_version = expected_version + 1
    return item


@transaction.atomic
def decision_record(
    *,
    item: AgendaItem,
    kind: DecisionKind,
    outcome: str,
    by,
    party_name: str = "",
    note: str = "",
    level: int = Level.RED,
) -> Decision:
    """Record what the committee decided or noted at `item`.

    The outcome must be one of the kind's; the level may not be below the item's, nor below
    that of the party the decision names (party names are RED by default).
    """
    _secretariat_only(by, "records decisions")
    party_name = " ".join(party_name.split())
    party = assessments_services.party_named(party_name) if party_name else None
    _record_open(_record_meeting(item.meeting_id))
    item = _item_locked(item.pk)
    decision = Decision(item=item, kind=kind, party=party, outcome=outcome, note=note, level=level)
    decision.full_clean()
    decision.save()
    return decision


def action_reference_next(*, meeting: Meeting) -> str:
    """The next free action reference of `meeting`, e.g. "SSC89/03"."""
    prefix = f"{meeting.committee.code}{meeting.number}/"
    taken = Action.objects.filter(reference__startswith=prefix).values_list("reference", flat=True)
    numbers = [n for ref in taken if (n := parse_number(ref[len(prefix) :])) is not None]
    return f"{prefix}{max(numbers, default=0) + 1:02d}"


@transaction.atomic
def action_raise(
    *,
    item: AgendaItem,
    description: str,
    owner: str,
    by,
    reference: str = "",
    due: datetime.date | None = None,
    level: int | None = None,
) -> Action:
    """Raise an action at `item`, owned by a user (by username) or else an organisation.

    Without a reference it takes the meeting's next free one; its level defaults to the
    item's and may not be below it.
    """
    _secretariat_only(by, "raises actions")
    meeting = _record_meeting(item.meeting_id)
    _record_open(meeting)
    item = _item_locked(item.pk)
    reference = reference.strip() or action_reference_next(meeting=meeting)
    owner = " ".join(owner.split())
    owner_user = get_user_model().objects.filter(username=owner).first() if owner else None
    action = Action(
        item=item,
        reference=reference,
        description=description.strip(),
        owner_user=owner_user,
        owner_organisation="" if owner_user else owner,
        due=due,
        level=item.level if level is None else level,
    )
    errors = {}
    try:
        action.full_clean(validate_unique=False)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            key = "owner" if field.startswith("owner") else field
            errors.setdefault(key, []).extend(messages)
    if Action.objects.filter(reference=reference).exists():
        errors.setdefault("reference", []).append(_reference_taken(reference, meeting))
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            action.save()
    except IntegrityError:
        raise ValidationError({"reference": [_reference_taken(reference, meeting)]}) from None
    return action


def _reference_taken(reference: str, meeting: Meeting) -> str:
    return (
        f"{reference} is already taken: the next free reference is "
        f"{action_reference_next(meeting=meeting)}."
    )


@transaction.atomic
def minutes_circulate(*, meeting: Meeting, by) -> Meeting:
    """The secretariat circulates the draft minutes, decisions and actions to the attendees."""
    _secretariat_only(by, "circulates the minutes")
    meeting = _record_meeting(meeting.pk)
    if meeting.minutes_status != MinutesStatus.DRAFT:
        raise ValidationError(
            f"The minutes of {meeting} are already {meeting.get_minutes_status_display().lower()}."
        )
    meeting.minutes_status = MinutesStatus.CIRCULATED
    meeting.save(update_fields=["minutes_status"])
    return meeting


@transaction.atomic
def minutes_approve(*, meeting: Meeting, by) -> Meeting:
    """The chair approves circulated minutes; a held meeting moves to "minutes approved".

    Approved minutes are read by everyone with the level, and can no longer be changed.
    """
    meeting = _record_meeting(meeting.pk)
    chair_check(by, meeting, doing="approves its minutes")
    if meeting.minutes_status == MinutesStatus.APPROVED:
        raise ValidationError(f"The minutes of {meeting} are already approved.")
    if meeting.minutes_status != MinutesStatus.CIRCULATED:
        raise ValidationError(
            f"The minutes of {meeting} are still a draft: the secretariat circulates them to "
            "the attendees before they are approved."
        )
    meeting.minutes_status = MinutesStatus.APPROVED
    meeting.save(update_fields=["minutes_status"])
    if meeting.status == MeetingStatus.HELD:
        _status_move(meeting, MeetingStatus.MINUTES_APPROVED, by=by)
        meeting.refresh_from_db(fields=["status"])
    return meeting


def paper_copy_for_reader(
    *, paper: Paper, version: PaperVersion, reader, origin: Origin, inline: bool
):
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
