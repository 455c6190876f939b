"""A member's dashboard, the action log and calendar feeds. Visibility comes from classification."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import BooleanField, Exists, ExpressionWrapper, F, OuterRef, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from classification.visibility import (
    as_password_only,
    get_visible_or_404,
    may_make_bearer_secrets,
)
from meetings.models import Action, Meeting, Paper
from sscportal.links import site_url

from .calendar import meetings_ics
from .forms import ActionFilterForm, ActionUpdateForm
from .models import CalendarToken, PaperRead
from .services import (
    action_may_update,
    action_update_add,
    calendar_token_digest,
    calendar_token_reset,
    dashboard_visit_record,
)
from .work import SHOWN, meeting_work

ACTIONS_PER_PAGE = 50
NEW_PAPERS_SHOWN = 50
# On a first visit there is no "last visit": papers this recent count as new.
FIRST_VISIT_WINDOW = datetime.timedelta(days=30)
NEW_TOKEN_SESSION_KEY = "members:new_calendar_token"


def _with_overdue(actions, today: datetime.date):
    overdue = Q(status=Action.Status.OPEN, due__lt=today)
    return actions.annotate(overdue=ExpressionWrapper(overdue, output_field=BooleanField()))


@login_required
@require_safe
def dashboard(request):
    """My work (members/work.py, and the Headlines' and the questions' shares through their
    template tags), then the user's upcoming meetings, papers new since their last visit, and
    their open actions."""
    user = request.user
    today = timezone.localdate()
    previous_visit = dashboard_visit_record(user=user)
    since = previous_visit or timezone.now() - FIRST_VISIT_WINDOW
    meetings = (
        Meeting.objects.visible_to(user)
        .filter(attendances__user=user, date__gte=today)
        .select_related("committee")
        .order_by("date", "number")
    )
    papers = list(
        Paper.objects.visible_to(user)
        .filter(published_at__gt=since)
        .select_related("item__meeting__committee")
        .annotate(read=Exists(PaperRead.objects.filter(user=user, paper=OuterRef("pk"))))
        .order_by("-published_at", "-pk")[: NEW_PAPERS_SHOWN + 1]
    )
    actions = (
        _with_overdue(Action.objects.visible_to(user), today)
        .filter(owner_user=user, status=Action.Status.OPEN)
        .select_related("item__meeting__committee")
        .order_by(F("due").asc(nulls_last=True), "reference")
    )
    return TemplateResponse(
        request,
        "members/dashboard.html",
        {
            "meetings": meetings,
            "papers": papers[:NEW_PAPERS_SHOWN],
            "more_papers": len(papers) > NEW_PAPERS_SHOWN,
            "previous_visit": previous_visit,
            "first_visit_days": FIRST_VISIT_WINDOW.days,
            "actions": actions,
            "work": meeting_work(user),
            "shown": SHOWN,
        },
    )


@login_required
@require_safe
def action_log(request):
    """Every action the user may see, filtered by meeting, owner, status and overdue."""
    user = request.user
    today = timezone.localdate()
    form = ActionFilterForm(
        request.GET, user=user, actions=Action.objects.visible_to(user), today=today
    )
    if not form.is_valid():
        return TemplateResponse(
            request, "members/action_log.html", {"form": form, "page": None}, status=400
        )
    actions = (
        _with_overdue(form.filter(), today)
        .select_related("item__meeting__committee", "owner_user")
        .order_by("-item__meeting__date", "reference")
    )
    page = Paginator(actions, ACTIONS_PER_PAGE).get_page(request.GET.get("page"))
    return TemplateResponse(request, "members/action_log.html", {"form": form, "page": page})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def action_detail(request, reference):
    """One action and its history; its owner or the secretariat may add to the history."""
    action = get_visible_or_404(
        Action.objects.select_related("item__meeting__committee", "owner_user"),
        request.user,
        reference=reference,
    )
    may_update = action_may_update(request.user, action)
    form = ActionUpdateForm()
    if request.method == "POST":
        if not may_update:
            messages.error(
                request,
                f"Only the owner of {action.reference} ({action.owner}) or the secretariat "
                "can add an update to it.",
            )
            return redirect("members:action_detail", action.reference)
        form = ActionUpdateForm(request.POST)
        if form.is_valid():
            try:
                action_update_add(action=action, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"Your update to {action.reference} is recorded.")
                return redirect("members:action_detail", action.reference)
    return TemplateResponse(
        request,
        "members/action_detail.html",
        {
            "action": action,
            "overdue": action.is_overdue(timezone.localdate()),
            "updates": action.updates.select_related("by").order_by("at", "pk"),
            "may_update": may_update,
            "form": form,
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def calendar_settings(request):
    """The user's personal calendar feed: make or reset its secret address."""
    if request.method == "POST":
        # Shown on the next page only: the token itself is never stored.
        request.session[NEW_TOKEN_SESSION_KEY] = calendar_token_reset(user=request.user)
        return redirect("members:calendar_settings")
    new_token = request.session.pop(NEW_TOKEN_SESSION_KEY, None)
    return TemplateResponse(
        request,
        "members/calendar.html",
        {
            "feed": CalendarToken.objects.filter(user=request.user).first(),
            "may_make_feed": may_make_bearer_secrets(request.user),
            "feed_url": site_url(reverse("members:calendar_feed", args=[new_token]))
            if new_token
            else "",
            "public_url": site_url(reverse("members:calendar_public")),
        },
    )


def _ics_response(meetings, *, name: str, cache_control: str) -> HttpResponse:
    meetings = meetings.select_related("committee").order_by("date", "number")
    response = HttpResponse(
        meetings_ics(meetings, name=name), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="meetings.ics"'
    response["Cache-Control"] = cache_control
    return response


@require_safe
def calendar_feed(request, token):
    """A user's personal feed, behind a secret address.

    The address is a bearer secret: it lists what its owner sees signed in with the password
    alone (no drafts, no RED), whatever second factor the owner has.
    """
    found = (
        CalendarToken.objects.select_related("user")
        .filter(token_hash=calendar_token_digest(token), user__is_active=True)
        .first()
    )
    if found is None:
        raise Http404("No calendar feed at this address.")
    response = _ics_response(
        Meeting.objects.visible_to(as_password_only(found.user)),
        name="SSC Portal: my meetings",
        cache_control="private, no-store",
    )
    response["X-Robots-Tag"] = "noindex"
    return response


@require_safe
def calendar_public(request):
    """The public meeting calendar: the meetings anyone may see."""
    return _ics_response(
        Meeting.objects.visible_to(AnonymousUser()),
        name="SSC Portal: meetings",
        cache_control="public, max-age=900",
    )
