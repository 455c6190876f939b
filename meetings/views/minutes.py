"""Minutes: the secretariat's minute-taking page and each reader's PDF.

The secretariat takes the minutes, the chair of the meeting approves them (approval.py), and
the PDF holds only what its reader may read. Everyone else gets 404: a page they may not use
does not exist. Every form works without JavaScript; with htmx, the minutes save as they are
typed and the decisions, actions and circulation swap their own part of the page.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_POST

from audit.models import AuditEvent
from audit.services import audit_record
from classification.access import meeting_or_404
from classification.levels import MinutesStatus
from classification.visibility import get_visible_or_404
from interests.views import declarations_context
from sscportal.htmx import is_htmx
from sscportal.params import parse_number

from .. import services
from ..forms import ActionForm, DecisionForm, MinutesForm
from ..models import Action, AgendaItem, Decision, DecisionKind, MinutesStatusChange
from ..rendering import minutes_pdf as render_minutes_pdf
from ..rendering import minutes_record, reader_name

# The event a refused save sends (HX-Trigger): the item's save state then fetches its
# explanation, since htmx does not swap an error response's body.
REFUSED_EVENT = "minutes-refused"


def _item(request, meeting, item_id) -> AgendaItem:
    return get_visible_or_404(AgendaItem.objects.filter(meeting=meeting), request.user, pk=item_id)


def _record_items(meeting):
    """The meeting's items with all their decisions and actions (for the secretariat)."""
    return (
        AgendaItem.objects.filter(meeting=meeting)
        .prefetch_related(
            Prefetch("decisions", queryset=Decision.objects.select_related("kind", "party")),
            Prefetch("actions", queryset=Action.objects.select_related("owner_user")),
        )
        .order_by("number")
    )


def _page_url(meeting, item=None) -> str:
    url = reverse("meetings:minutes_edit", args=[meeting.committee.code, meeting.number])
    return f"{url}#item-{item.number}" if item else url


def _add_errors(form, error: ValidationError) -> None:
    """Put a service's errors on the form's fields, or above the form when no field fits."""
    for name, messages_ in error.message_dict.items():
        for message in messages_:
            form.add_error(name if name in form.fields else None, message)


@dataclass
class Editor:
    """What the page shows of one item's minutes: the box, its save state, any conflict."""

    item: AgendaItem
    text: str
    version: int
    state: str = ""
    refused: bool = False
    current: AgendaItem | None = None  # the saved text, beside the box after a refused save


@dataclass
class ItemForms:
    """The page's part for one item: its minutes editor and its two record forms."""

    editor: Editor
    decision_form: DecisionForm
    action_form: ActionForm
    notice: str = ""

    @property
    def item(self):
        return self.editor.item


def _decision_form(meeting, item, kinds, data=None, initial=None) -> DecisionForm:
    """The form recording a decision at `item`, whose kind asks for its outcomes."""
    url = reverse(
        "meetings:minutes_decision_outcomes", args=[meeting.committee.code, meeting.number, item.pk]
    )
    return DecisionForm(
        data,
        item=item,
        kinds=kinds,
        prefix=f"decision-{item.pk}",
        outcomes_url=url,
        initial=initial,
    )


def _item_forms(meeting, item, *, kinds, reference, **replace) -> ItemForms:
    """The item's parts as they start; `replace` holds submitted ones to show again."""
    forms = ItemForms(
        editor=Editor(item=item, text=item.minutes, version=item.minutes_version),
        decision_form=_decision_form(meeting, item, kinds),
        action_form=ActionForm(
            item=item, prefix=f"action-{item.pk}", initial={"reference": reference}
        ),
    )
    for name, value in replace.items():
        setattr(forms, name, value)
    return forms


def _edit_page(request, meeting, *, replace=None, status=200):
    """The minute-taking page; `replace` maps an item's pk to its submitted parts."""
    replace = replace or {}
    kinds = list(DecisionKind.objects.all())
    reference = services.action_reference_next(meeting=meeting)
    rows = [
        _item_forms(meeting, item, kinds=kinds, reference=reference, **replace.get(item.pk, {}))
        for item in _record_items(meeting)
    ]
    context = {
        "rows": rows,
        "editable": _editable(meeting),
        "minutes_history": minutes_history(meeting),
        **declarations_context(meeting),
    }
    return TemplateResponse(request, "meetings/minutes_edit.html", context, status=status)


def minutes_history(meeting) -> list[MinutesStatusChange]:
    """Who circulated, returned and approved the minutes, and when: oldest first."""
    return list(meeting.minutes_changes.select_related("by"))


def _editable(meeting) -> bool:
    return meeting.minutes_status != MinutesStatus.APPROVED


def minutes_edit(request, committee, number):
    """The secretariat's minute-taking page: minutes, decisions and actions, item by item."""
    meeting = meeting_or_404(request.user, committee, number, secretariat=True)
    return _edit_page(request, meeting)


def _refusal(meeting, item, *, text: str, version: int) -> Editor:
    """The box of a save based on `version` that was refused: why, and the saved text."""
    item = AgendaItem.objects.get(pk=item.pk)
    # The box stays on its version, so that later autosaves are refused too until the
    # secretary has seen the saved text and chooses to save over it.
    editor = Editor(item=item, text=text, version=version, refused=True)
    if not _editable(meeting):
        editor.state = f"Not saved: the minutes of {meeting} are approved and can no longer change."
    elif version != item.minutes_version:
        editor.current = item
        editor.state = (
            "Not saved: someone else saved these minutes "
            f"(version {item.minutes_version}) after you opened them. "
            "Your text is still in the box; theirs is beside it."
        )
    else:
        editor.state = "Not saved: the save was refused. Copy your text, then reload the page."
    return editor


def _error_text(form) -> str:
    return " ".join(
        f"{form.fields[name].label if name in form.fields else 'Form'}: {' '.join(errors)}"
        for name, errors in form.errors.items()
    )


@require_POST
def minutes_item_save(request, committee, number, item_id):
    """Save one item's minutes (autosave): refused with 409 if based on a stale version."""
    meeting = meeting_or_404(request.user, committee, number, secretariat=True)
    item = _item(request, meeting, item_id)
    form = MinutesForm(request.POST)
    text = request.POST.get("minutes", "")
    if not form.is_valid():
        # Without a version to base it on, the text is treated as stale: it is never saved
        # over someone else's without the secretary seeing theirs first.
        editor = _refusal(meeting, item, text=text, version=0)
        editor.state = f"Not saved: {_error_text(form)}"
        return _refused(request, meeting, editor, status=400)
    try:
        services.item_minutes_save(
            item=item, minutes=text, expected_version=form.expected_version, by=request.user
        )
    except ValidationError:
        editor = _refusal(meeting, item, text=text, version=form.cleaned_data["version"])
        return _refused(request, meeting, editor, status=409)
    if not is_htmx(request):
        messages.success(request, f"Minutes of item {item.number} saved.")
        return redirect(_page_url(meeting, item))
    editor = Editor(
        item=item,
        text=text,
        version=item.minutes_version,
        state=f"Saved {timezone.localtime():%H:%M}",
    )
    return _state(request, meeting, editor)


def _refused(request, meeting, editor: Editor, *, status: int):
    """A refused save: the typed text is kept, and the saved text is shown beside it."""
    if not is_htmx(request):
        replace = {editor.item.pk: {"editor": editor}}
        return _edit_page(request, meeting, replace=replace, status=status)
    response = _state(request, meeting, editor, status=status)
    response["HX-Trigger"] = REFUSED_EVENT
    return response


def _state(request, meeting, editor: Editor, *, status: int = 200):
    """An item's save state: its version, the last save's outcome, any saved text to merge."""
    context = {"meeting": meeting, "editor": editor}
    return TemplateResponse(request, "meetings/_minutes_save.html", context, status=status)


@require_GET
def minutes_item_state(request, committee, number, item_id):
    """After a refused save, why it was refused, for the version the box is based on."""
    meeting = meeting_or_404(request.user, committee, number, secretariat=True)
    item = _item(request, meeting, item_id)
    version = request.GET.get("version", "")
    editor = _refusal(meeting, item, text="", version=parse_number(version) or 0)
    return _state(request, meeting, editor)


def _record_response(request, meeting, item, *, notice: str = "", **submitted):
    """After a decision or an action: the item's record part (htmx) or the whole page.

    `notice` says what was recorded; `submitted` holds a refused form, to show again.
    """
    if not is_htmx(request):
        if notice:
            messages.success(request, notice)
            return redirect(_page_url(meeting, item))
        return _edit_page(request, meeting, replace={item.pk: submitted})
    row = _item_forms(
        meeting,
        _record_items(meeting).get(pk=item.pk),
        kinds=list(DecisionKind.objects.all()),
        reference=services.action_reference_next(meeting=meeting),
        notice=notice,
        **submitted,
    )
    context = {"meeting": meeting, "row": row, "editable": _editable(meeting)}
    return TemplateResponse(request, "meetings/_minutes_record.html", context)


@require_POST
def decision_record(request, committee, number, item_id):
    """Record a decision at an item."""
    meeting = meeting_or_404(request.user, committee, number, secretariat=True)
    item = _item(request, meeting, item_id)
    form = _decision_form(meeting, item, list(DecisionKind.objects.all()), data=request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            decision = services.decision_record(
                item=item,
                kind=data["kind"],
                party_name=data["party"],
                outcome=data["outcome"],
                note=data["note"],
                level=data["level"],
                restriction_reason=data["restriction_reason"],
                review_on=data["review_on"],
                by=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            notice = f"Decision recorded at item {item.number}: {decision}."
            return _record_response(request, meeting, item, notice=notice)
    return _record_response(request, meeting, item, decision_form=form)


@require_GET
def decision_outcomes(request, committee, number, item_id):
    """The outcome field for the kind chosen (htmx): only that kind's outcomes."""
    meeting = meeting_or_404(request.user, committee, number, secretariat=True)
    item = _item(request, meeting, item_id)
    kind = request.GET.get(f"decision-{item.pk}-kind", "")
    form = _decision_form(meeting, item, list(DecisionKind.objects.all()), initial={"kind": kind})
    return TemplateResponse(request, "meetings/_minutes_field.html", {"field": form["outcome"]})


@require_POST
def action_raise(request, committee, number, item_id):
    """Raise an action at an item."""
    meeting = meeting_or_404(request.user, committee, number, secretariat=True)
    item = _item(request, meeting, item_id)
    form = ActionForm(request.POST, item=item, prefix=f"action-{item.pk}")
    if form.is_valid():
        try:
            action = services.action_raise(item=item, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            notice = f"Action {action.reference} raised at item {item.number}."
            return _record_response(request, meeting, item, notice=notice)
    return _record_response(request, meeting, item, action_form=form)


@require_POST
def minutes_circulate(request, committee, number):
    """The secretariat circulates the minutes to the attendees."""
    meeting = meeting_or_404(request.user, committee, number, secretariat=True)
    try:
        meeting = services.minutes_circulate(meeting=meeting, by=request.user)
    except ValidationError as error:
        notice, level = " ".join(error.messages), messages.ERROR
    else:
        notice, level = "Circulated: the attendees can now read the minutes.", messages.SUCCESS
    if is_htmx(request):
        context = {
            "meeting": meeting,
            "notice": notice,
            "failed": level == messages.ERROR,
            "minutes_history": minutes_history(meeting),
        }
        return TemplateResponse(request, "meetings/_minutes_status.html", context)
    messages.add_message(request, level, notice)
    return redirect(_page_url(meeting))


def minutes_pdf(request, committee, number):
    """The confidential minutes as a PDF holding only what the reader may read, stamped."""
    meeting = meeting_or_404(request.user, committee, number)
    record = minutes_record(meeting=meeting, user=request.user)
    if not record.readable:
        raise Http404("No minutes of this meeting that you may read.")
    content = render_minutes_pdf(record=record, reader=reader_name(request.user), at=timezone.now())
    audit_record(
        kind=AuditEvent.Kind.MINUTES_DOWNLOADED,
        user=request.user,
        request=request,
        obj=meeting,
        items=[item.number for item in record.items],
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{meeting.committee.code}-{meeting.reference}-minutes.pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
