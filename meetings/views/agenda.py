"""The secretariat's agenda builder: meetings, items, order, attendees and recusals.

Every page answers 404 to anyone but the secretariat. Changes made through htmx answer with
the re-rendered agenda fragment; without JavaScript the same forms post and redirect back.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from classification.access import meeting_or_404, secretariat_required
from classification.levels import MeetingStatus
from classification.visibility import items_audience, secretariat_committees
from committees.models import Committee
from interests.selectors import conflicts_by_item
from sscportal.htmx import is_htmx

from .. import services
from ..forms import (
    AgendaItemForm,
    AttendanceForm,
    CopyAgendaForm,
    MeetingForm,
    PaperForm,
    RecusalForm,
    ReorderForm,
)
from ..models import AgendaItem, Meeting, Paper, PaperVersion, Recusal
from ..schedule import has_started


def error_text(error) -> str:
    """A ValidationError's messages, or a form's errors each led by its field's label."""
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    form = error
    parts = []
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        label = field.label if field and field.label else name.replace("_", " ").capitalize()
        parts.append((f"{label}: " if name != "__all__" else "") + " ".join(errors))
    return " ".join(parts)


def _agenda_context(meeting, notices=()) -> dict:
    papers = Paper.objects.prefetch_related(
        Prefetch("versions", queryset=PaperVersion.objects.select_related("withdrawn_by"))
    ).order_by("created_at", "pk")
    items = list(
        AgendaItem.objects.filter(meeting=meeting)
        .prefetch_related(
            Prefetch("papers", queryset=papers),
            Prefetch("recusals", queryset=Recusal.objects.select_related("user")),
        )
        .order_by("number")
    )
    sections = [
        (section, [item for item in items if item.section == section])
        for section in AgendaItem.Section
    ]
    audiences = items_audience(meeting, items)
    conflicts = conflicts_by_item(meeting)
    for item in items:
        item.audience = audiences[item.pk]
        item.conflicts = conflicts.get(item.pk, [])
    return {
        "meeting": meeting,
        "sections": sections,
        "notices": notices,
        "unpublished": sum(1 for item in items if item.published_at is None)
        + sum(
            1
            for item in items
            for paper in item.papers.all()
            if paper.published_at is None and paper.withdrawn_at is None
        ),
        "item_form": AgendaItemForm(),
        "recusal_form": RecusalForm.beside_every_item(meeting),
        "paper_form": PaperForm(),
    }


def agenda_response(request, meeting, *, error="", success=""):
    """After a change: the agenda fragment for htmx, a redirect to the builder otherwise."""
    if is_htmx(request):
        notices = [("error", error)] if error else [("success", success)] if success else []
        return TemplateResponse(
            request, "meetings/agenda_fragment.html", _agenda_context(meeting, notices)
        )
    if error:
        messages.error(request, error)
    elif success:
        messages.success(request, success)
    return redirect("meetings:agenda_builder", meeting.committee.code, meeting.number)


@secretariat_required
def meeting_list(request):
    """Meetings by status, of the committees the user is the secretariat of."""
    meetings = (
        Meeting.objects.filter(committee__in=secretariat_committees(request.user))
        .select_related("committee")
        .annotate(item_count=Count("items"))
        .order_by("-date")
    )
    return TemplateResponse(
        request,
        "meetings/agenda_meeting_list.html",
        {
            "committees": Committee.objects.filter(pk__in=secretariat_committees(request.user)),
            "by_status": [
                (status, [m for m in meetings if m.status == status]) for status in MeetingStatus
            ],
        },
    )


@secretariat_required
def meeting_create(request):
    """Create a draft meeting; GET suggests one (only the suggested fields when htmx asks)."""
    if request.method != "POST":
        form = MeetingForm.suggested(request.GET, user=request.user)
        if is_htmx(request):
            return TemplateResponse(
                request, "meetings/_meeting_suggestions.html", {"fields": form.suggestions()}
            )
    else:
        form = MeetingForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                meeting = services.meeting_create(by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"Meeting {meeting} created as a draft.")
                return redirect("meetings:agenda_builder", meeting.committee.code, meeting.number)
    return TemplateResponse(request, "meetings/agenda_meeting_form.html", {"form": form})


@secretariat_required
def agenda_builder(request, committee, number):
    """The builder page: the agenda, attendees, papers, and publication."""
    meeting = meeting_or_404(request.user, committee, number, secretariat=True)
    context = _agenda_context(meeting)
    context.update(
        attendances=meeting.attendances.select_related("user").order_by("role", "user__username"),
        attendance_form=AttendanceForm(),
        copy_form=CopyAgendaForm(meeting=meeting),
        status_changes=meeting.status_changes.select_related("by"),
        can_mark_held=meeting.status == MeetingStatus.AGENDA_PUBLISHED and has_started(meeting),
    )
    return TemplateResponse(request, "meetings/agenda_builder.html", context)


@secretariat_required
@require_POST
def agenda_item_add(request, committee, number):
    meeting = meeting_or_404(request.user, committee, number, secretariat=True)
    form = AgendaItemForm(request.POST)
    if not form.is_valid():
        return agenda_response(request, meeting, error=error_text(form))
    try:
        item = services.agenda_item_add(meeting=meeting, by=request.user, **form.item_fields())
    except ValidationError as error:
        return agenda_response(request, meeting, error=error_text(error))
    response = agenda_response(request, meeting, success=f"Item {item.number} added.")
    response["HX-Trigger"] = "agenda-item-added"
    return response


def agenda_item_or_404(meeting, item_id) -> AgendaItem:
    return get_object_or_404(AgendaItem, meeting=meeting, pk=item_id)


@secretariat_required
def agenda_item_edit(request, committee, number, item_id):
    """GET: the item's edit form (an htmx fragment); POST: save it, refusing stale edits."""
    meeting = meeting_or_404(request.user, committee, number, secretariat=True)
    item = agenda_item_or_404(meeting, item_id)
    if request.method == "GET":
        # Ids of its own: the add-item form on the same page has the same fields.
        form = AgendaItemForm(
            instance=item,
            initial={"expected_version": item.version},
            auto_id=f"id_item-{item.pk}-%s",
        )
        return TemplateResponse(
            request,
            "meetings/agenda_item_form.html",
            {"meeting": meeting, "item": item, "form": form},
        )
    form = AgendaItemForm(request.POST, instance=AgendaItem(meeting=meeting))
    if not form.is_valid():
        return agenda_response(request, meeting, error=f"Item {item.number}: {error_text(form)}")
    try:
        services.agenda_item_update(
            item=item,
            expected_version=form.cleaned_data["expected_version"] or 0,
            by=request.user,
            **form.item_fields(),
        )
    except ValidationError as error:
        return agenda_response(request, meeting, error=error_text(error))
    return agenda_response(request, meeting, success=f"Item {item.number} saved.")


@secretariat_required
@require_POST
def agenda_item_delete(request, committee, number, item_id):
    meeting = meeting_or_404(request.user, committee, number, secretariat=True)
    item = agenda_item_or_404(meeting, item_id)
    try:
        services.agenda_item_delete(item=item, by=request.user)
    except ValidationError as error:
        return agenda_response(request, meeting, error=error_text(error))
    return agenda_response(request, meeting, success=f"Item “{item.title}” deleted.")


@secretariat_required
@require_POST
def agenda_item_move(request, committee, number, item_id, direction):
    meeting = meeting_or_404(request.user, committee, number, secretariat=True)
    try:
        services.agenda_item_move(
            item=agenda_item_or_404(meeting, item_id), direction=direction, by=request.user
        )
    except ValidationError as error:
        return agenda_response(request, meeting, error=error_text(error))
    return agenda_response(request, meeting)


@secretariat_required
@require_POST
def agenda_reorder(request, committee, number):
    meeting = meeting_or_404(request.user, committee, number, secretariat=True)
    form = ReorderForm(request.POST)
    if not form.is_valid():
        return agenda_response(request, meeting, error=error_text(form))
    try:
        services.agenda_reorder(
            meeting=meeting, ordered_ids=form.cleaned_data["order"], by=request.user
        )
    except ValidationError as error:
        return agenda_response(request, meeting, error=error_text(error))
    return agenda_response(request, meeting, success="New order saved.")


@secretariat_required
@require_POST
def agenda_copy(request, committee, number):
    meeting = meeting_or_404(request.user, committee, number, secretariat=True)
    form = CopyAgendaForm(request.POST, meeting=meeting)
    if not form.is_valid():
        return agenda_response(request, meeting, error=error_text(form))
    copied = services.agenda_copy(
        source=form.cleaned_data["source"], target=meeting, by=request.user
    )
    return agenda_response(request, meeting, success=f"{copied} standing items copied.")


@secretariat_required
@require_POST
def agenda_preview(request, committee, number):
    """A headline's Markdown rendered as the Headlines will show it (htmx fragment)."""
    meeting_or_404(request.user, committee, number, secretariat=True)
    return TemplateResponse(
        request, "meetings/agenda_preview.html", {"text": request.POST.get("headline", "")}
    )


@secretariat_required
@require_POST
def attendance_add(request, committee, number):
    meeting = meeting_or_404(request.user, committee, number, secretariat=True)
    form = AttendanceForm(request.POST)
    if form.is_valid():
        user = form.cleaned_data["user"]
        services.attendance_record(
            meeting=meeting, user=user, role=form.cleaned_data["role"], by=request.user
        )
        messages.success(request, f"{user} recorded as attending: they see this meeting's RED.")
    else:
        messages.error(request, error_text(form))
    return redirect("meetings:agenda_builder", committee, number)


@secretariat_required
@require_POST
def attendance_remove(request, committee, number, user_id):
    meeting = meeting_or_404(request.user, committee, number, secretariat=True)
    user = get_object_or_404(get_user_model(), pk=user_id)
    services.attendance_remove(meeting=meeting, user=user, by=request.user)
    messages.success(request, f"{user} no longer attends; their RED grant is withdrawn.")
    return redirect("meetings:agenda_builder", committee, number)


@secretariat_required
@require_POST
def recusal_add(request, committee, number, item_id):
    meeting = meeting_or_404(request.user, committee, number, secretariat=True)
    item = agenda_item_or_404(meeting, item_id)
    form = RecusalForm(request.POST)
    if not form.is_valid():
        return agenda_response(request, meeting, error=error_text(form))
    user = form.cleaned_data["user"]
    try:
        services.recusal_add(
            item=item, user=user, reason=form.cleaned_data["reason"], by=request.user
        )
    except ValidationError as error:
        form.add_error(None, error)
        return agenda_response(request, meeting, error=f"Item {item.number}: {error_text(form)}")
    return agenda_response(request, meeting, success=f"{user} recused from item {item.number}.")


@secretariat_required
@require_POST
def recusal_remove(request, committee, number, item_id, user_id):
    meeting = meeting_or_404(request.user, committee, number, secretariat=True)
    item = agenda_item_or_404(meeting, item_id)
    user = get_object_or_404(get_user_model(), pk=user_id)
    services.recusal_remove(item=item, user=user, by=request.user)
    return agenda_response(request, meeting, success=f"Recusal lifted on item {item.number}.")


@secretariat_required
@require_POST
def agenda_publish(request, committee, number):
    meeting = meeting_or_404(request.user, committee, number, secretariat=True)
    publication = services.agenda_publish(meeting=meeting, by=request.user)
    if publication:
        messages.success(request, "Agenda and papers published; members are being told by e-mail.")
    else:
        messages.info(request, "Nothing new to publish.")
    return redirect("meetings:agenda_builder", committee, number)


@secretariat_required
@require_POST
def meeting_mark_held(request, committee, number):
    meeting = meeting_or_404(request.user, committee, number, secretariat=True)
    try:
        services.meeting_status_change(meeting=meeting, status=MeetingStatus.HELD, by=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, "The meeting is recorded as held.")
    return redirect("meetings:agenda_builder", committee, number)
