"""The secretariat's pages of declarations and conflicts of interest.

Every page answers 404 to anyone but the meeting's committee's secretariat. With htmx, a
form answers with its own part of the page; without JavaScript the same forms post and
redirect back, or show the form again with its errors.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from audit.services import origin_of
from classification.access import meeting_or_404
from classification.levels import MinutesStatus
from meetings.models import AgendaItem
from meetings.services import recusal_add
from sscportal.htmx import is_htmx

from . import services
from .forms import DeclarationForm
from .selectors import meeting_conflicts, meeting_declarations


def declarations_context(meeting, *, form=None, notice: str = "") -> dict:
    """What `interests/_declarations.html` shows: the meeting's declarations and the form."""
    return {
        "meeting": meeting,
        "declarations": meeting_declarations(meeting),
        "declaration_form": form or DeclarationForm(meeting=meeting),
        "declarations_open": meeting.minutes_status != MinutesStatus.APPROVED,
        "declaration_notice": notice,
    }


def conflicts_context(meeting, *, notice: str = "") -> dict:
    """What `interests/_conflicts.html` shows: the meeting's conflicts of interest."""
    return {"meeting": meeting, "conflicts": meeting_conflicts(meeting), "conflict_notice": notice}


def _minutes_page(meeting) -> str:
    url = reverse("meetings:minutes_edit", args=[meeting.committee.code, meeting.number])
    return f"{url}#declarations"


def declarations(request, committee, number):
    """The meeting's declarations of interest; POST records one (the minute-taking page's form)."""
    meeting = meeting_or_404(request.user, committee, number, secretariat=True)
    if request.method != "POST":
        return TemplateResponse(
            request, "interests/declarations.html", declarations_context(meeting)
        )
    form = DeclarationForm(request.POST, meeting=meeting)
    if form.is_valid():
        data = form.cleaned_data
        try:
            declaration = services.declaration_record(
                meeting=meeting,
                item=data["item"],
                declarant=data["declarant"],
                text=data["text"],
                chair_decision=data["chair_decision"],
                level=data["level"],
                restriction_reason=data["restriction_reason"],
                review_on=data["review_on"],
                by=request.user,
                origin=origin_of(request),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            notice = (
                f"{declaration.declarant}'s declaration at item {declaration.item.number} "
                f"recorded: {declaration.get_chair_decision_display().lower()}."
            )
            if not is_htmx(request):
                messages.success(request, notice)
                return redirect(_minutes_page(meeting))
            return TemplateResponse(
                request,
                "interests/_declarations.html",
                declarations_context(meeting, notice=notice),
            )
    template = "interests/_declarations.html" if is_htmx(request) else "interests/declarations.html"
    return TemplateResponse(request, template, declarations_context(meeting, form=form))


@require_POST
def conflict_recuse(request, committee, number, item_id, user_id):
    """Recuse a flagged attendee from the item of their conflict, in one click."""
    meeting = meeting_or_404(request.user, committee, number, secretariat=True)
    item = get_object_or_404(AgendaItem, meeting=meeting, pk=item_id)
    conflict = next(
        (c for c in meeting_conflicts(meeting) if c.item_id == item.pk and c.user.pk == user_id),
        None,
    )
    if conflict is None:
        notice = (
            f"Nobody flagged at item {item.number} was recused: the conflict is no longer "
            "there. Recuse anyone else from the agenda builder."
        )
    else:
        try:
            recusal_add(
                item=item, user=conflict.user, by=request.user, reason=conflict.recusal_reason
            )
        except ValidationError as error:
            notice = " ".join(error.messages)
        else:
            notice = f"{conflict.user} recused from item {item.number}."
    if is_htmx(request):
        return TemplateResponse(
            request, "interests/_conflicts.html", conflicts_context(meeting, notice=notice)
        )
    messages.info(request, notice)
    url = reverse("meetings:meeting_detail", args=[meeting.committee.code, meeting.number])
    return redirect(f"{url}#conflicts")
