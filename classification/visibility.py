"""Who may see what: the one place where the portal decides visibility.

Every classified model's queryset is one of the classes below. `.visible_to(user)` adds a
single SQL filter (no rows pulled into Python, one statement whatever the number of grants);
`can_view(user, obj)` asks the same filter about one object, so the two can never disagree.

The rules (docs/DESIGN.md, "Classification"):

* WHITE is public once published; GREEN needs a signed-in, active account; AMBER of a
  committee's records needs a current membership of *that* committee (chair, member or
  alternate) at AMBER (committees.Membership). Outside meetings they attend, users never
  see RED; outside its committees, an account sees GREEN.
* A named participant of a meeting (a holder of its guardian `attend_meeting` permission,
  granted when the attendee is recorded) sees that meeting's business up to RED.
* A user recused from an agenda item sees neither it nor its papers, decisions, minutes or
  declarations of interest.
* Drafts are seen by the committee's secretariat only: everything of a draft meeting,
  whatever its own flags say; an item or paper until the secretariat publishes it; minutes,
  decisions, actions and declarations of interest until circulated (to attendees) or
  approved (to all with the level).
* A committee's current secretariat (committees.SecretariatAssignment) sees everything of
  that committee, recusals aside; of another committee, what its memberships give it.

The same second-factor question decides who may act: the secretariat (`is_secretariat_of` a
committee) and the chair of a meeting (`is_chair`) count only in a session verified by a
second factor; a password-only session keeps the account's GREEN and AMBER membership rights.
"""

import copy
import datetime
import functools
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Self, TypeGuard

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q, Value
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.utils import timezone
from django_otp import user_has_device
from guardian.utils import get_user_obj_perms_model

from .levels import RED_PERMISSION, Level, MeetingStatus, MinutesStatus

if TYPE_CHECKING:
    from .models import User, Viewer

# A meeting, agenda item or paper. Their models sit above classification, which may not import
# them (docs/ARCHITECTURE.md): it reaches them by field names, unchecked by types; the
# visibility matrix test holds these rules to every combination.
Record = Any

NOTHING = Q(pk__in=[])
# The attendance role of the meeting's chair (meetings.Attendance.Role.CHAIR).
CHAIR_ROLE = "chair"


def second_factor_ok(user: "Viewer") -> bool:
    """Whether `user`'s session passed two-factor authentication, where that is required.

    Only sessions carry the check (django-otp's middleware adds `is_verified`); a user loaded
    by a task or a command is not a session, and is judged by its account alone. A view made
    by `as_password_only` never passed it.
    """
    if getattr(user, "password_only", False):
        return False
    if not settings.OTP_REQUIRED:
        return True
    is_verified = getattr(user, "is_verified", None)
    return is_verified is None or bool(is_verified())


def _active_account(user: "Viewer") -> "TypeGuard[User]":
    """A signed-in, active account: the least any right but the public's asks for."""
    return bool(user.is_authenticated and user.is_active)


def _verified_account(user: "Viewer") -> bool:
    """An active account, in a session verified by a second factor where that is required."""
    return _active_account(user) and second_factor_ok(user)


def has_second_factor(user: "Viewer") -> bool:
    """Whether `user`'s account has a confirmed second factor (authenticator or recovery codes)."""
    return bool(user.is_authenticated and user_has_device(user, confirmed=True))


def as_password_only(user: "Viewer") -> "Viewer":
    """`user` as a session signed in with the password alone would be: no RED, no secretariat.

    For what stands in for its owner outside a session, such as a calendar feed's address (a
    bearer secret): it must open no more than the password does. The copy is for reading
    visibility only; the account itself is untouched.
    """
    if not user.is_authenticated:
        return user
    view = copy.copy(user)
    view.password_only = True
    return view


def may_make_bearer_secrets(user: "Viewer") -> bool:
    """Whether `user`'s session may make a secret that stands in for the account (a feed address).

    A password alone may not, where the account has a second factor: whoever holds a stolen
    password would otherwise keep a way in after the password is changed.
    """
    if not _active_account(user):
        return False
    return second_factor_ok(user) or not has_second_factor(user)


def _committees_app_model(name: str) -> Any:
    # Looked up by name: classification sits below committees and imports nothing of it.
    return apps.get_model("committees", name)


def secretariat_committees(user: "Viewer") -> "models.QuerySet[Any] | None":
    """The ids of the committees `user` is the current secretariat of, as a subquery.

    None unless the account is active and its session verified by a second factor: a
    password alone never reaches the secretariat's powers.
    """
    if not _verified_account(user):
        return None
    return _secretariat_committees(user.pk, timezone.localdate())


def _secretariat_committees(user_id: int | None, on: datetime.date) -> "models.QuerySet[Any]":
    assignments = _committees_app_model("SecretariatAssignment").objects.current(on)
    return assignments.filter(user_id=user_id).values("committee_id")


def amber_committees(user: "Viewer") -> "models.QuerySet[Any] | None":
    """The ids of the committees whose AMBER records `user` reads, as a subquery, or None.

    Its current memberships as chair, member or alternate at AMBER: a password-only session
    keeps them (they are the account's GREEN/AMBER rights, not the secretariat's powers).
    """
    if not _active_account(user):
        return None
    return _amber_committees(user.pk, timezone.localdate())


def _amber_committees(user_id: int | None, on: datetime.date) -> "models.QuerySet[Any]":
    membership = _committees_app_model("Membership")
    return (
        membership.objects.current(on)
        .filter(user_id=user_id, level=Level.AMBER, role__in=membership.READING_ROLES)
        .values("committee_id")
    )


def is_secretariat(user: "Viewer") -> bool:
    """Whether `user` is the secretariat of at least one committee, in a verified session.

    For navigation and for what belongs to no one committee (the users, the register's
    parties); whatever acts on a committee's records asks `is_secretariat_of`.
    """
    committees = secretariat_committees(user)
    return committees is not None and committees.exists()


def is_secretariat_of(user: "Viewer", committee: Record | int) -> bool:
    """Whether `user` is the current secretariat of `committee` (or its id), verified."""
    committees = secretariat_committees(user)
    committee_id = getattr(committee, "pk", committee)
    return committees is not None and committees.filter(committee_id=committee_id).exists()


def is_amber_member_of(user: "Viewer", committee: Record | int) -> bool:
    """Whether `user` reads `committee`'s AMBER records as a current member at AMBER."""
    committees = amber_committees(user)
    committee_id = getattr(committee, "pk", committee)
    return committees is not None and committees.filter(committee_id=committee_id).exists()


def recorded_as_chair(user: "Viewer", meeting: Record) -> bool:
    """Whether `user` is recorded as the chair of `meeting`: the bare fact, for display.

    It grants nothing: what the chair may do is asked of `is_chair`.
    """
    return bool(user.is_authenticated) and (
        meeting.attendances.filter(user=user, role=CHAIR_ROLE).exists()
    )


def chaired_meetings(user: "Viewer") -> "models.QuerySet[Any] | None":
    """The ids of the meetings `user` acts as the chair of, as a subquery, or None.

    The meetings `is_chair` answers yes for: recorded as their chair, with an active account,
    in a session verified by a second factor (None otherwise).
    """
    if not _verified_account(user):
        return None
    attendance = apps.get_model("meetings", "Attendance")
    return attendance.objects.filter(user=user, role=CHAIR_ROLE).values("meeting_id")


def is_chair(user: "Viewer", meeting: Record) -> bool:
    """Whether `user` acts as the chair of `meeting`: approves its minutes and Headlines.

    Recorded as its chair, with an active account, in a session verified by a second factor
    (the question `is_secretariat` asks): a password alone approves nothing.
    """
    return _verified_account(user) and recorded_as_chair(user, meeting)


def may_answer(user: "Viewer", question: Record) -> bool:
    """Whether `user` answers `question` for the presenter: sees it, and is its committee's
    verified secretariat or the account named as its item's presenter contact."""
    return type(question)._default_manager.answerable_by(user).filter(pk=question.pk).exists()


def may_take_questions(user: "Viewer", meeting: Record) -> bool:
    """Whether `user` marks `meeting`'s questions "taken at the meeting": its chair or its
    committee's secretariat, in a verified session."""
    return is_chair(user, meeting) or is_secretariat_of(user, meeting.committee_id)


def may_act_for_secretariat(by: "Viewer | None", committee: Record | int | None = None) -> bool:
    """Whether a service may act for `by` where only the secretariat acts.

    `by=None` is the operator's command line or a task, which act for the portal itself;
    anyone else must be the secretariat of `committee` (of any committee, where the record
    belongs to none) in a verified session.
    """
    if by is None:
        return True
    if committee is None:
        return is_secretariat(by)
    return is_secretariat_of(by, committee)


def needs_second_factor(user: "Viewer") -> bool:
    """Whether `user`'s account holds powers that only a second factor unlocks."""
    if not _active_account(user):
        return False
    assignments = _committees_app_model("SecretariatAssignment").objects.current()
    if assignments.filter(user=user).exists():
        return True
    # The RED grants are guardian direct-FK rows on meetings (meetings.MeetingUserObjectPermission).
    return user.meetinguserobjectpermission_set.filter(permission__codename=RED_PERMISSION).exists()


def user_level(user: "Viewer") -> Level:
    """The level `user` sees in every committee: GREEN once signed in, WHITE before.

    AMBER comes only with a current membership of the record's committee, RED only with
    attendance of the meeting, everything of a committee only with being its secretariat.
    """
    if not _active_account(user):
        return Level.WHITE
    return Level.GREEN


def committee_standing(user: "Viewer") -> tuple[tuple[Any, ...], ...]:
    """`user`'s current memberships and secretariat assignments, read once per day and object.

    Rows of ("member" or "secretariat", id, committee id, role, level, starts, ends), in one
    query; kept on the user object (a request's own) for the pages' cache key, the "why can I
    see this?" lines and the navigation. The filters never read it: they ask the database.
    """
    if not user.is_authenticated:
        return ()
    today = timezone.localdate()
    cached = user.__dict__.get("_committee_standing")
    if cached is not None and cached[0] == today:
        return cached[1]
    columns = ("kind", "pk", "committee_id", "role", "level", "starts", "ends")
    members = (
        _committees_app_model("Membership")
        .objects.current(today)
        .filter(user=user)
        .annotate(kind=Value("member", output_field=models.CharField()))
        .values_list(*columns)
        .order_by()
    )
    secretariat = (
        _committees_app_model("SecretariatAssignment")
        .objects.current(today)
        .filter(user=user)
        .annotate(
            kind=Value("secretariat", output_field=models.CharField()),
            role=Value("", output_field=models.CharField()),
            level=Value(0, output_field=models.IntegerField()),
        )
        .values_list(*columns)
        .order_by()
    )
    rows = tuple(sorted(members.union(secretariat, all=True), key=lambda row: row[:2]))
    user.__dict__["_committee_standing"] = (today, rows)
    return rows


def visibility_key(user: "Viewer") -> str:
    """What the filters below know of `user` that is not a row of a meeting, as a cache key.

    A cache of what a user sees is keyed by this and by the revision of the rows it shows
    (a meeting's `revision` covers its grants and recusals): change anything here that the
    filters read, and the key changes with it. The user's current memberships and secretariat
    assignments are part of it, so a membership that starts, ends or changes changes the key.
    """
    if not user.is_authenticated:
        return "anonymous"
    digest = hashlib.sha256(repr(committee_standing(user)).encode()).hexdigest()[:16]
    return f"{statement_key(user)}-standing{digest}"


def statement_key(user: "Viewer") -> str:
    """What the filters' SQL itself depends on of `user`, as a key (`visibility_key` without
    the standing, which the filters read in SQL): the statement built for one reader serves
    every later request with the same key (classification.precompiled)."""
    if not user.is_authenticated:
        return "anonymous"
    return f"user{user.pk}-active{user.is_active:d}-second-factor{second_factor_ok(user):d}"


def red_grants(meeting_model: type[models.Model]) -> models.QuerySet[Any]:
    """The guardian rows that make users named participants of meetings (their RED grants)."""
    # Guardian takes a model class as well as an instance; its annotation names only the latter.
    rows = get_user_obj_perms_model(meeting_model)  # type: ignore[arg-type]
    return rows._default_manager.filter(permission__codename=RED_PERMISSION)


def _granted_meetings(user_id: int | None, on: datetime.date, meeting_model: Any) -> Any:
    return red_grants(meeting_model).filter(user_id=user_id).values("content_object_id")


def _recused_items(user_id: int | None, on: datetime.date, recusal_model: Any) -> Any:
    return recusal_model._default_manager.filter(user_id=user_id).values("item_id")


@functools.lru_cache(maxsize=4096)
def _reader_subquery_sql(
    subquery: Callable[..., Any], user_id: int | None, on: datetime.date, model_label: str
) -> tuple[str, tuple[Any, ...]]:
    models_of = (apps.get_model(model_label),) if model_label else ()
    # Unordered, as Django makes a queryset it puts in an IN (…): the models' default order
    # would join committees and users to sort a set.
    return subquery(user_id, on, *models_of).order_by().query.sql_with_params()


def _reader_subquery(subquery: Callable[..., Any], user: "Viewer", model: Any = None) -> RawSQL:
    """One of `user`'s subqueries (its committees, grants or recusals: `subquery(user_id,
    day[, model])`) as SQL, compiled once per process, reader and day.

    Building and compiling these querysets was a third of what every filtered page paid for
    its filter (docs/PERFORMANCE.md). The SQL is the ORM's own, for this reader and day, and
    holds no data: the rows are read each time it runs. Uncorrelated, it needs no alias of
    the query it goes into, so it stays right wherever that query is nested.
    """
    label = model._meta.label if model is not None else ""
    sql, params = _reader_subquery_sql(subquery, user.pk, timezone.localdate(), label)
    return RawSQL(sql, params)  # noqa: S611 - the ORM's own SQL; the values are parameters


def _prefix(path: str) -> str:
    return f"{path}__" if path else ""


class ClassifiedQuerySet(models.QuerySet):
    """Base of every classified queryset.

    `meeting_path` is the lookup from the model to its meeting ("" for the meeting itself,
    None when the record belongs to no meeting); `item_path` likewise to its agenda item;
    `committee_path` to the committee whose record it is (by default, its meeting's).
    """

    meeting_path: str | None = None
    item_path: str | None = None
    committee_path: str | None = None
    level_field: str | None = "level"

    def visible_to(self, user: "Viewer") -> Self:
        """The rows `user` may see, as one SQL filter."""
        return self.filter(self.visibility_filter(user))

    def visibility_filter(self, user: "Viewer") -> Q:
        """Q: the committee's secretariat sees its every row; anyone else as a reader."""
        return self.secretariat_filter(user) | self.reader_filter(user)

    def secretariat_filter(self, user: "Viewer") -> Q:
        """Q: the row belongs to a committee `user` is the verified secretariat of."""
        if not _verified_account(user) or self._committee_path() is None:
            return NOTHING
        committees = _reader_subquery(_secretariat_committees, user)
        return Q(**{f"{self._committee_path()}__in": committees})

    def reader_filter(self, user: "Viewer") -> Q:
        """Q: what anyone but the committee's secretariat sees: published, in reach, not recused."""
        granted = self._meeting_granted(user)
        visible = self._meeting_out_of_draft() & self.publication_filter(granted)
        if self.level_field:
            visible &= self._level_filter(self.level_field, user, granted)
        if self.item_path is not None:
            visible &= self._item_filter(user, granted, self.item_path)
        return visible

    def publication_filter(self, granted: Q) -> Q:
        """The row's own state in which a non-secretariat user may see it at all."""
        return Q()

    def _committee_path(self) -> str | None:
        if self.committee_path is not None:
            return self.committee_path
        if self.meeting_path is None:
            return None
        return f"{_prefix(self.meeting_path)}committee"

    def _level_filter(self, level_field: str, user: "Viewer", granted: Q) -> Q:
        """Q: the level at `level_field` is within `user`'s reach for the row's committee.

        GREEN (WHITE when signed out) everywhere; AMBER where `user` is a current member at
        AMBER of the row's committee; up to RED where `user` attends the row's meeting.
        """
        reach = Q(**{f"{level_field}__lte": user_level(user)}) | granted
        if _active_account(user) and self._committee_path() is not None:
            committees = _reader_subquery(_amber_committees, user)
            reach |= Q(**{level_field: Level.AMBER, f"{self._committee_path()}__in": committees})
        return reach

    def _meeting_out_of_draft(self) -> Q:
        """Q: the row's meeting is out of draft.

        Everything of a draft meeting is the secretariat's, whatever its own publication
        flags say (an imported or hand-edited row may claim to be published).
        """
        if self.meeting_path is None:
            return Q()
        return ~Q(**{f"{_prefix(self.meeting_path)}status": MeetingStatus.DRAFT})

    def _meeting_granted(self, user: "Viewer") -> Q:
        """Q: `user` holds the RED grant of the row's meeting."""
        if self.meeting_path is None or not _active_account(user):
            return NOTHING
        if not second_factor_ok(user):
            # RED business needs a session verified with a second factor.
            return NOTHING
        # Uncorrelated: PostgreSQL reads the user's grants once, as a hashed set.
        meeting_model = self._related_model(self.meeting_path)
        granted_meetings = _reader_subquery(_granted_meetings, user, meeting_model)
        return Q(**{f"{self.meeting_path or 'pk'}__in": granted_meetings})

    def _item_filter(self, user: "Viewer", granted: Q, item_path: str) -> Q:
        """Q: the row's agenda item is published, within reach, and `user` is not recused."""
        prefix = _prefix(item_path)
        visible = Q(**{f"{prefix}published_at__isnull": False})
        if item_path:
            # A child of an item: the item's own level must be in reach too.
            visible &= self._level_filter(f"{prefix}level", user, granted)
        if user.is_authenticated:
            recusal_model = self._related_model(item_path).recusals.rel.related_model
            recusals = _reader_subquery(_recused_items, user, recusal_model)
            # NOT IN is safe: a recusal's item is never NULL.
            visible &= ~Q(**{f"{item_path or 'pk'}__in": recusals})
        return visible

    def _related_model(self, path: str) -> Any:
        """The model at the end of `path` from this queryset's: a meeting's or an item's."""
        model: Any = self.model
        for name in filter(None, path.split("__")):
            model = model._meta.get_field(name).related_model
        return model


class MeetingQuerySet(ClassifiedQuerySet):
    """Meetings: their existence and date are WHITE once out of draft."""

    meeting_path = ""
    level_field = None


class AgendaItemQuerySet(ClassifiedQuerySet):
    """Agenda items; their minutes have a further rule, see `with_minutes_visibility`."""

    meeting_path = "meeting"
    item_path = ""

    def recused_for(self, user: "Viewer") -> Self:
        """Published items `user` is recused from: the agenda shows their number only.

        A recusal binds everyone but the committee's secretariat.
        """
        if not user.is_authenticated:
            return self.none()
        recused = self.filter(
            self._meeting_out_of_draft(), published_at__isnull=False, recusals__user=user
        )
        return recused.exclude(self.secretariat_filter(user))

    def with_minutes_visibility(self, user: "Viewer") -> Self:
        """Annotate `minutes_visible`: whether `user` may read each item's minutes."""
        readable = self.secretariat_filter(user) | _record_publication(
            self._meeting_granted(user), "meeting"
        )
        return self.annotate(
            minutes_visible=models.ExpressionWrapper(readable, output_field=models.BooleanField())
        )


class PaperQuerySet(ClassifiedQuerySet):
    """Papers: seen once published by the secretariat, until withdrawn."""

    meeting_path = "item__meeting"
    item_path = "item"

    def publication_filter(self, granted: Q) -> Q:
        return Q(published_at__isnull=False, withdrawn_at__isnull=True)


class PaperVersionQuerySet(models.QuerySet):
    """The files of papers: seen by whoever sees the paper, until the version is withdrawn.

    A version carries no level of its own: it is its paper's. A withdrawn version is the
    committee's secretariat's alone (they are shown who withdrew it, when and why; its file
    is gone).
    """

    def served(self) -> Self:
        """The versions whose file is still served: not withdrawn."""
        return self.filter(withdrawn_at__isnull=True)

    def visible_to(self, user: "Viewer") -> Self:
        """The versions `user` may see, as one SQL filter: the paper's, as a subquery."""
        papers = self.model._meta.get_field("paper").related_model._default_manager
        visible = Q(withdrawn_at__isnull=True, paper__in=papers.visible_to(user).values("pk"))
        committees = secretariat_committees(user)
        if committees is not None:
            visible |= Q(paper__item__meeting__committee__in=committees)
        return self.filter(visible)


class PaperNoteQuerySet(models.QuerySet):
    """Private notes on papers: seen by their author alone, while the author sees the paper.

    Not by other members, nor by the committee's secretariat, which sees everything else of
    its committee. A note carries no level of its own: it is its paper's. A recusal, an
    ended membership or a withdrawn paper hides the note with the paper; the note is kept,
    and shows again if the author may see the paper again.
    """

    def visible_to(self, user: "Viewer") -> Self:
        """The notes `user` may see, as one SQL filter: their own, on a paper they see."""
        if not user.is_authenticated:
            return self.filter(NOTHING)
        papers = self.model._meta.get_field("paper").related_model._default_manager
        return self.filter(author=user.pk, paper__in=papers.visible_to(user).values("pk"))


def _record_publication(granted: Q, meeting_path: str) -> Q:
    """The confidential record is seen by attendees once circulated, by all once approved."""
    status = f"{_prefix(meeting_path)}minutes_status"
    return Q(**{status: MinutesStatus.APPROVED}) | (
        Q(**{status: MinutesStatus.CIRCULATED}) & granted
    )


class MeetingRecordQuerySet(ClassifiedQuerySet):
    """Decisions and actions: part of the meeting's confidential record, like its minutes."""

    meeting_path: str = "item__meeting"
    item_path = "item"

    def publication_filter(self, granted: Q) -> Q:
        return _record_publication(granted, self.meeting_path)


class DeclarationQuerySet(MeetingRecordQuerySet):
    """Declarations of interest: part of the meeting's confidential record, like the item's
    minutes, with the declaration's own level within reach."""


class QuestionQuerySet(ClassifiedQuerySet):
    """Questions before the meeting: seen as any record of their item at the question's level.

    Whoever sees the item sees its questions within reach of their own level: a RED question
    on an AMBER item only by the meeting's attendees not recused from it. A question on a
    page of a paper is seen, besides, only while that paper is (published, not withdrawn,
    its level within reach). The presenter's side answers them: the committee's secretariat
    and the account named as the item's presenter contact (`answerable_by`).
    """

    meeting_path = "item__meeting"
    item_path = "item"

    def reader_filter(self, user: "Viewer") -> Q:
        granted = self._meeting_granted(user)
        paper_seen = Q(
            paper__published_at__isnull=False, paper__withdrawn_at__isnull=True
        ) & self._level_filter("paper__level", user, granted)
        return super().reader_filter(user) & (Q(paper__isnull=True) | paper_seen)

    def _answering(self, user: "Viewer") -> Q:
        """Q: `user` is the presenter's side of the row's item (the visibility aside)."""
        if not _active_account(user):
            return NOTHING
        return self.secretariat_filter(user) | Q(item__presenter_contact__user=user)

    def answerable_by(self, user: "Viewer") -> Self:
        """The questions `user` sees and answers for the presenter, as one SQL filter."""
        return self.visible_to(user).filter(self._answering(user))

    def with_answerable(self, user: "Viewer") -> Self:
        """Annotate `answerable`: whether `user` answers each question for the presenter."""
        return self.annotate(
            answerable=models.ExpressionWrapper(
                self._answering(user), output_field=models.BooleanField()
            )
        )


class AnswerQuerySet(models.QuerySet):
    """Answers to questions: seen by whoever sees the question; they carry its level."""

    def visible_to(self, user: "Viewer") -> Self:
        """The answers `user` may see, as one SQL filter: their question's, as a subquery."""
        questions = self.model._meta.get_field("question").related_model._default_manager
        return self.filter(question__in=questions.visible_to(user).values("pk"))


def _any_secretariat(user: "Viewer") -> Q:
    """Q, true on every row: `user` is the verified secretariat of at least one committee."""
    committees = secretariat_committees(user)
    return NOTHING if committees is None else Q(Exists(committees))


def secretariat_records(
    queryset: "models.QuerySet[Any]", user: "Viewer", committee_path: str = "committee"
) -> "models.QuerySet[Any]":
    """The rows of `queryset` kept for the secretariat (logs, packs, memberships), as one filter.

    A row of a committee is that committee's verified secretariat's; a row of no committee
    (an account's sign-in, an organisation) the secretariat's of any committee.
    """
    committees = secretariat_committees(user)
    if committees is None:
        return queryset.none()
    mine = Q(**{f"{committee_path}__in": committees})
    return queryset.filter(
        mine | (Q(**{f"{committee_path}__isnull": True}) & _any_secretariat(user))
    )


class RegisterQuerySet(ClassifiedQuerySet):
    """Assessments: the record of the committee named on each, by level.

    Its secretariat sees it, and its current AMBER members up to AMBER. One that names no
    committee is the secretariat's (of any committee) above GREEN.
    """

    committee_path = "committee"

    def secretariat_filter(self, user: "Viewer") -> Q:
        return super().secretariat_filter(user) | (
            Q(committee__isnull=True) & _any_secretariat(user)
        )


class OrganisationQuerySet(ClassifiedQuerySet):
    """Organisations: a name at GREEN is the community's; above, it may name an assessed party.

    An AMBER name is seen by the current AMBER members of a committee whose records name the
    organisation as a party (an assessment of it, a decision on it at one of its meetings);
    AMBER and RED names by the secretariat of such a committee, and those no committee's
    record names by the secretariat of any.
    """

    def secretariat_filter(self, user: "Viewer") -> Q:
        """Q: named by a record of a committee `user` is the secretariat of, or by none at all.

        The party of another committee's assessment or decision is that committee's business.
        """
        committees = secretariat_committees(user)
        if committees is None:
            return NOTHING
        assessments, decisions = self._naming_records()
        named_by_mine = Exists(
            assessments.filter(party=OuterRef("pk"), committee__in=committees)
        ) | Exists(decisions.filter(party=OuterRef("pk"), item__meeting__committee__in=committees))
        named_by_a_committee = Exists(
            assessments.filter(party=OuterRef("pk"), committee__isnull=False)
        ) | Exists(decisions.filter(party=OuterRef("pk")))
        return Q(named_by_mine) | (~Q(named_by_a_committee) & _any_secretariat(user))

    def _naming_records(self) -> tuple["models.QuerySet[Any]", "models.QuerySet[Any]"]:
        """The assessments and the decisions, which name organisations as their parties."""
        return tuple(
            self.model._meta.get_field(name).related_model._default_manager.all()
            for name in ("assessments", "decisions")
        )

    def reader_filter(self, user: "Viewer") -> Q:
        reach = Q(level__lte=user_level(user))
        committees = amber_committees(user)
        if committees is not None:
            assessments, decisions = self._naming_records()
            assessed = assessments.filter(committee__in=committees)
            decided = decisions.filter(item__meeting__committee__in=committees)
            reach |= Q(level=Level.AMBER) & (
                Q(pk__in=assessed.values("party_id")) | Q(pk__in=decided.values("party_id"))
            )
        return reach


class HeadlinesVersionQuerySet(ClassifiedQuerySet):
    """Published Headlines: WHITE by construction, composed only from publishable fields."""

    meeting_path = "meeting"
    level_field = None


class HeadlinesRequestQuerySet(ClassifiedQuerySet):
    """Headlines awaiting or after approval: the committee's secretariat, and the meeting's chair.

    The chair as `is_chair` has it: in a session verified by a second factor.
    """

    meeting_path = "meeting"
    level_field = None

    def reader_filter(self, user: "Viewer") -> Q:
        chaired = chaired_meetings(user)
        if chaired is None:
            return NOTHING
        # A subquery, not a join: OR-ed with the secretariat's clause, a join would repeat rows.
        return self._meeting_out_of_draft() & Q(meeting__in=chaired)


def attends(user: "Viewer", meeting: Record) -> bool:
    """Whether `user` holds `meeting`'s RED grant (is a named participant of it)."""
    if not _verified_account(user):
        return False
    return red_grants(type(meeting)).filter(content_object=meeting, user=user).exists()


@dataclass(frozen=True)
class Standing:
    """What `user` is to one committee, read once for a page: see `standing_in`."""

    committee_code: str
    secretariat: bool
    amber_member: bool


def standing_in(user: "Viewer", committee: Record) -> Standing:
    """Whether `user` is the secretariat of `committee`, or a current member at AMBER.

    For what a page says and links to, from `committee_standing`; the same rules as
    `secretariat_committees` and `amber_committees`.
    """
    rows = committee_standing(user) if _active_account(user) else ()
    mine = [row for row in rows if row[2] == committee.pk]
    membership = _committees_app_model("Membership")
    return Standing(
        committee_code=committee.code,
        secretariat=_verified_account(user) and any(row[0] == "secretariat" for row in mine),
        amber_member=any(
            row[0] == "member" and row[3] in membership.READING_ROLES and row[4] == Level.AMBER
            for row in mine
        ),
    )


def why_visible(standing: Standing, level: int, *, attending: bool) -> str:
    """Why a user of `standing` sees a record at `level` that the filters above let through."""
    level = Level(level)
    code = standing.committee_code
    if standing.secretariat:
        return f"You are the secretariat of the {code}, which sees all its business."
    if level == Level.WHITE:
        return "It is WHITE: public."
    if level == Level.GREEN:
        return "It is GREEN: every signed-in account sees it."
    if level == Level.AMBER and standing.amber_member:
        return f"It is AMBER and you are a current member of the {code} at AMBER."
    if attending:
        return f"It is {level.label} and you attend this meeting: named participants see it."
    return "You should not see this: please tell the secretariat."


def _current(model_name: str, committee_id: int) -> "models.QuerySet[Any]":
    return _committees_app_model(model_name).objects.current().filter(committee_id=committee_id)


def amber_members(committee_id: int) -> "models.QuerySet[Any]":
    """The ids of `committee`'s current members at AMBER, as a subquery."""
    membership = _committees_app_model("Membership")
    return (
        _current("Membership", committee_id)
        .filter(level=Level.AMBER, role__in=membership.READING_ROLES)
        .values("user_id")
    )


def secretariat_of(committee_id: int) -> "models.QuerySet[Any]":
    """The ids of `committee`'s current secretariat, as a subquery."""
    return _current("SecretariatAssignment", committee_id).values("user_id")


def paper_readers(paper: Record) -> "models.QuerySet[User]":
    """The accounts (the committee's secretariat aside) that may see `paper`: the inverse of
    PaperQuerySet.

    Used to say who has and has not opened a paper; a test holds it to `can_view`.
    """
    from django.contrib.auth import get_user_model

    User = get_user_model()
    item = paper.item
    meeting = item.meeting
    if (
        meeting.status == MeetingStatus.DRAFT
        or paper.published_at is None
        or paper.withdrawn_at is not None
        or item.published_at is None
    ):
        return User.objects.none()
    grants = red_grants(type(meeting)).filter(content_object=item.meeting_id)
    needed = max(paper.level, item.level)
    if needed <= Level.GREEN:
        by_standing = Q(pk__isnull=False)
    elif needed == Level.AMBER:
        by_standing = Q(pk__in=amber_members(meeting.committee_id))
    else:
        # RED only ever comes with attendance.
        by_standing = NOTHING
    return (
        User.objects.filter(is_active=True)
        .exclude(pk__in=secretariat_of(meeting.committee_id))
        .filter(by_standing | Q(pk__in=grants.values("user")))
        .exclude(recusals__item=item)
        .order_by("username")
    )


def item_audience(item: Record) -> list[tuple[str, str]]:
    """Who can see agenda item `item` and why, as (who, why) lines for the secretariat."""
    return items_audience(item.meeting, [item])[item.pk]


def items_audience(meeting: Record, items: Iterable[Record]) -> dict[int, list[tuple[str, str]]]:
    """`item_audience` of each of `meeting`'s `items`, by item id, in three queries for any number.

    It reads the same grants, memberships and recusals as `AgendaItemQuerySet.visible_to`.
    Each item's recusals are read through `item.recusals` (prefetch them with their users).
    """
    from django.contrib.auth import get_user_model

    User = get_user_model()
    code = meeting.committee.code
    secretariat = set(secretariat_of(meeting.committee_id).values_list("user_id", flat=True))
    grants = red_grants(type(meeting)).filter(content_object=meeting)
    attendees = [
        user
        for user in User.objects.filter(pk__in=grants.values("user"), is_active=True).order_by(
            "username"
        )
        if user.pk not in secretariat
    ]
    amber = None  # read once, only when an AMBER item asks
    audiences = {}
    for item in items:
        lines = [(f"The secretariat of the {code}", "sees all its business, drafts included")]
        audiences[item.pk] = lines
        if item.published_at is None:
            lines.append(("Nobody else", "the item is a draft until the agenda is published"))
            continue
        if meeting.status == MeetingStatus.DRAFT:
            lines.append(("Nobody else", "the meeting is a draft until its agenda is published"))
            continue
        recused = sorted(
            (recusal.user for recusal in item.recusals.all()), key=lambda user: user.username
        )
        recused_ids = {user.pk for user in recused}
        names = ", ".join(str(user) for user in attendees if user.pk not in recused_ids)
        lines.append(
            (
                "Attendees of the meeting",
                f"named participants see up to RED: {names or 'none recorded'}",
            )
        )
        if item.level == Level.WHITE:
            lines.append(("Everyone", "WHITE: public, no sign-in needed"))
        elif item.level == Level.GREEN:
            lines.append(("Every signed-in, active account", "GREEN: the community"))
        elif item.level == Level.AMBER:
            if amber is None:
                amber = (
                    set(
                        User.objects.filter(
                            is_active=True, pk__in=amber_members(meeting.committee_id)
                        ).values_list("pk", flat=True)
                    )
                    - secretariat
                )
            count = len(amber - recused_ids)
            lines.append((f"{count} current members of the {code} at AMBER", "AMBER: need to know"))
        else:
            lines.append(("Nobody else", "RED: named participants only"))
        recused = [user for user in recused if user.pk not in secretariat]
        if recused:
            lines.append(
                ("Not " + ", ".join(str(user) for user in recused), "recused from this item")
            )
    return audiences


def can_view(user: "Viewer", obj: Record) -> bool:
    """Whether `user` may see `obj`, by the very filter that lists use."""
    return type(obj)._default_manager.visible_to(user).filter(pk=obj.pk).exists()


def get_visible_or_404(
    queryset_or_model: type[models.Model] | models.QuerySet[Any], user: "Viewer", **lookup: Any
) -> Any:
    """The one object matching `lookup` that `user` may see; 404 if none (never 403)."""
    queryset: Any = getattr(queryset_or_model, "_default_manager", queryset_or_model)
    try:
        return queryset.visible_to(user).get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404(f"No {queryset.model._meta.verbose_name} matches the given query.") from None
