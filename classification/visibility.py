"""Who may see what: the one place where the portal decides visibility.

Every classified model's queryset is one of the classes below. `.visible_to(user)` adds a
single SQL filter (no rows pulled into Python, one statement whatever the number of grants);
`can_view(user, obj)` asks the same filter about one object, so the two can never disagree.

The rules (docs/DESIGN.md, "Classification"):

* WHITE is public once published; GREEN needs a signed-in, active account; AMBER needs a
  clearance of AMBER or more. Outside meetings they attend, users never see RED.
* A named participant of a meeting (a holder of its guardian `attend_meeting` permission,
  granted when the attendee is recorded) sees that meeting's business up to RED.
* A user recused from an agenda item sees neither it nor its papers, decisions or minutes.
* Drafts are seen by the secretariat only: everything of a draft meeting, whatever its own
  flags say; an item or paper until the secretariat publishes it; minutes, decisions and
  actions until circulated (to attendees) or approved (to all with the level).
* The secretariat sees everything.

The same second-factor question decides who may act: the secretariat (`is_secretariat`) and
the chair of a meeting (`is_chair`) count only in a session verified by a second factor.
"""

import copy
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.http import Http404
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


def _verified_account(user: "Viewer") -> bool:
    """An active account, in a session verified by a second factor where that is required."""
    return bool(user.is_authenticated and user.is_active and second_factor_ok(user))


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
    if not user.is_authenticated or not user.is_active:
        return False
    return second_factor_ok(user) or not has_second_factor(user)


def is_secretariat(user: "Viewer") -> bool:
    """True for an active secretariat account, in a session verified by a second factor."""
    return _verified_account(user) and bool(getattr(user, "is_secretariat", False))


def recorded_as_chair(user: "Viewer", meeting: Record) -> bool:
    """Whether `user` is recorded as the chair of `meeting`: the bare fact, for display.

    It grants nothing: what the chair may do is asked of `is_chair`.
    """
    return bool(user.is_authenticated) and (
        meeting.attendances.filter(user=user, role=CHAIR_ROLE).exists()
    )


def is_chair(user: "Viewer", meeting: Record) -> bool:
    """Whether `user` acts as the chair of `meeting`: approves its minutes and Headlines.

    Recorded as its chair, with an active account, in a session verified by a second factor
    (the question `is_secretariat` asks): a password alone approves nothing.
    """
    return _verified_account(user) and recorded_as_chair(user, meeting)


def may_act_for_secretariat(by: "Viewer | None") -> bool:
    """Whether a service may act for `by` where only the secretariat acts.

    `by=None` is the operator's command line or a task, which act for the portal itself;
    anyone else must be the secretariat in a verified session.
    """
    return by is None or is_secretariat(by)


def needs_second_factor(user: "Viewer") -> bool:
    """Whether `user`'s account holds powers that only a second factor unlocks."""
    if not user.is_authenticated or not user.is_active:
        return False
    if getattr(user, "is_secretariat", False):
        return True
    # The RED grants are guardian direct-FK rows on meetings (meetings.MeetingUserObjectPermission).
    return user.meetinguserobjectpermission_set.filter(permission__codename=RED_PERMISSION).exists()


def user_level(user: "Viewer") -> Level:
    """The highest level `user` sees everywhere, before any per-meeting RED grant."""
    if not user.is_authenticated or not user.is_active:
        return Level.WHITE
    if is_secretariat(user):
        return Level.RED
    # RED is never a standing clearance: it comes only with attendance of a meeting.
    return Level(min(user.clearance, Level.AMBER))


def visibility_key(user: "Viewer") -> str:
    """What the filters below know of `user` that is not a row of a meeting, as a cache key.

    A cache of what a user sees is keyed by this and by the revision of the rows it shows
    (a meeting's `revision` covers its grants and recusals): change anything here that the
    filters read, and the key changes with it.
    """
    if not user.is_authenticated:
        return "anonymous"
    return (
        f"user{user.pk}-clearance{user.clearance}-active{user.is_active:d}"
        f"-secretariat{is_secretariat(user):d}-second-factor{second_factor_ok(user):d}"
    )


def red_grants(meeting_model: type[models.Model]) -> models.QuerySet[Any]:
    """The guardian rows that make users named participants of meetings (their RED grants)."""
    # Guardian takes a model class as well as an instance; its annotation names only the latter.
    rows = get_user_obj_perms_model(meeting_model)  # type: ignore[arg-type]
    return rows._default_manager.filter(permission__codename=RED_PERMISSION)


def _prefix(path: str) -> str:
    return f"{path}__" if path else ""


class ClassifiedQuerySet(models.QuerySet):
    """Base of every classified queryset.

    `meeting_path` is the lookup from the model to its meeting ("" for the meeting itself,
    None when the record belongs to no meeting); `item_path` likewise to its agenda item.
    """

    meeting_path: str | None = None
    item_path: str | None = None
    level_field: str | None = "level"

    def visible_to(self, user: "Viewer") -> Self:
        """The rows `user` may see, as one SQL filter."""
        if is_secretariat(user):
            return self.all()
        return self.filter(self.visibility_filter(user))

    def visibility_filter(self, user: "Viewer") -> Q:
        granted = self._meeting_granted(user)
        visible = self._meeting_out_of_draft() & self.publication_filter(granted)
        if self.level_field:
            visible &= Q(**{f"{self.level_field}__lte": user_level(user)}) | granted
        if self.item_path is not None:
            visible &= self._item_filter(user, granted, self.item_path)
        return visible

    def publication_filter(self, granted: Q) -> Q:
        """The row's own state in which a non-secretariat user may see it at all."""
        return Q()

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
        if self.meeting_path is None or not user.is_authenticated or not user.is_active:
            return NOTHING
        if not second_factor_ok(user):
            # RED business needs a session verified with a second factor.
            return NOTHING
        # Uncorrelated: PostgreSQL reads the user's grants once, as a hashed set.
        granted_meetings = (
            red_grants(self._related_model(self.meeting_path))
            .filter(user=user)
            .values("content_object_id")
        )
        return Q(**{f"{self.meeting_path or 'pk'}__in": granted_meetings})

    def _item_filter(self, user: "Viewer", granted: Q, item_path: str) -> Q:
        """Q: the row's agenda item is published, within reach, and `user` is not recused."""
        prefix = _prefix(item_path)
        visible = Q(**{f"{prefix}published_at__isnull": False})
        if item_path:
            # A child of an item: the item's own level must be in reach too.
            visible &= Q(**{f"{prefix}level__lte": user_level(user)}) | granted
        if user.is_authenticated:
            recusal_model = self._related_model(item_path).recusals.rel.related_model
            recusals = recusal_model.objects.filter(user=user)
            # NOT IN is safe: a recusal's item is never NULL.
            visible &= ~Q(**{f"{item_path or 'pk'}__in": recusals.values("item_id")})
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
        """Published items `user` is recused from: the agenda shows their number only."""
        if not user.is_authenticated or is_secretariat(user):
            return self.none()
        return self.filter(
            self._meeting_out_of_draft(), published_at__isnull=False, recusals__user=user
        )

    def with_minutes_visibility(self, user: "Viewer") -> Self:
        """Annotate `minutes_visible`: whether `user` may read each item's minutes."""
        if is_secretariat(user):
            readable = Q(pk__isnull=False)
        else:
            readable = _record_publication(self._meeting_granted(user), "meeting")
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
    secretariat's alone (they are shown who withdrew it, when and why; its file is gone).
    """

    def served(self) -> Self:
        """The versions whose file is still served: not withdrawn."""
        return self.filter(withdrawn_at__isnull=True)

    def visible_to(self, user: "Viewer") -> Self:
        """The versions `user` may see, as one SQL filter: the paper's, as a subquery."""
        if is_secretariat(user):
            return self.all()
        papers = self.model._meta.get_field("paper").related_model._default_manager
        return self.served().filter(paper__in=papers.visible_to(user).values("pk"))


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


class RegisterQuerySet(ClassifiedQuerySet):
    """Records outside any meeting (the assessment register): by level alone."""


class HeadlinesVersionQuerySet(ClassifiedQuerySet):
    """Published Headlines: WHITE by construction, composed only from publishable fields."""

    meeting_path = "meeting"
    level_field = None


class HeadlinesRequestQuerySet(ClassifiedQuerySet):
    """Headlines awaiting or after approval: the secretariat, and the meeting's chair.

    The chair as `is_chair` has it: in a session verified by a second factor.
    """

    meeting_path = "meeting"
    level_field = None

    def visibility_filter(self, user: "Viewer") -> Q:
        if not _verified_account(user):
            return NOTHING
        chaired = Q(meeting__attendances__user=user, meeting__attendances__role=CHAIR_ROLE)
        return self._meeting_out_of_draft() & chaired


def attends(user: "Viewer", meeting: Record) -> bool:
    """Whether `user` holds `meeting`'s RED grant (is a named participant of it)."""
    if not user.is_authenticated or not user.is_active or not second_factor_ok(user):
        return False
    return red_grants(type(meeting)).filter(content_object=meeting, user=user).exists()


def why_visible(user: "Viewer", level: int, *, attending: bool) -> str:
    """Why `user` sees a record at `level` that the filters above let through."""
    level = Level(level)
    if is_secretariat(user):
        return "You are in the secretariat, which sees everything."
    if level == Level.WHITE:
        return "It is WHITE: public."
    if level == Level.GREEN and user_level(user) >= Level.GREEN:
        return "It is GREEN: every signed-in account sees it."
    if user.is_authenticated and level <= user_level(user):
        return f"It is {level.label} and your clearance is {Level(user.clearance).label}."
    if attending:
        return f"It is {level.label} and you attend this meeting: named participants see it."
    return "You should not see this: please tell the secretariat."


def paper_readers(paper: Record) -> "models.QuerySet[User]":
    """The accounts (secretariat aside) that may see `paper`: the inverse of PaperQuerySet.

    Used to say who has and has not opened a paper; a test holds it to `can_view`.
    """
    from django.contrib.auth import get_user_model

    User = get_user_model()
    item = paper.item
    if (
        item.meeting.status == MeetingStatus.DRAFT
        or paper.published_at is None
        or paper.withdrawn_at is not None
        or item.published_at is None
    ):
        return User.objects.none()
    grants = red_grants(type(item.meeting)).filter(content_object=item.meeting_id)
    # Standing clearance reaches up to AMBER; RED only ever comes with attendance.
    needed = max(paper.level, item.level)
    by_clearance = Q(clearance__gte=needed) if needed <= Level.AMBER else NOTHING
    return (
        User.objects.filter(is_active=True, is_secretariat=False)
        .filter(by_clearance | Q(pk__in=grants.values("user")))
        .exclude(recusals__item=item)
        .order_by("username")
    )


def item_audience(item: Record) -> list[tuple[str, str]]:
    """Who can see agenda item `item` and why, as (who, why) lines for the secretariat."""
    return items_audience(item.meeting, [item])[item.pk]


def items_audience(meeting: Record, items: Iterable[Record]) -> dict[int, list[tuple[str, str]]]:
    """`item_audience` of each of `meeting`'s `items`, by item id, in two queries for any number.

    It reads the same grants, clearances and recusals as `AgendaItemQuerySet.visible_to`.
    Each item's recusals are read through `item.recusals` (prefetch them with their users).
    """
    from django.contrib.auth import get_user_model

    User = get_user_model()
    grants = red_grants(type(meeting)).filter(content_object=meeting)
    attendees = list(
        User.objects.filter(
            pk__in=grants.values("user"), is_active=True, is_secretariat=False
        ).order_by("username")
    )
    amber_cleared = None  # counted once, only when an AMBER item asks
    audiences = {}
    for item in items:
        lines = [("The secretariat", "sees everything, drafts included")]
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
            if amber_cleared is None:
                amber_cleared = User.objects.filter(
                    is_active=True, is_secretariat=False, clearance__gte=Level.AMBER
                ).count()
            cleared = amber_cleared - sum(
                1
                for user in recused
                if user.is_active and not user.is_secretariat and user.clearance >= Level.AMBER
            )
            lines.append((f"{cleared} accounts with AMBER clearance", "AMBER: need to know"))
        else:
            lines.append(("Nobody else", "RED: named participants only"))
        if recused:
            lines.append(
                ("Not " + ", ".join(str(user) for user in recused), "recused from this item")
            )
    return audiences


def can_view(user: "Viewer", obj: Record) -> bool:
    """Whether `user` may see `obj`, by the very filter that lists use."""
    if is_secretariat(user):
        return True
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
