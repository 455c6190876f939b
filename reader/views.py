"""The paper reader, its notes endpoint (JSON, for reader.js), "My notes" and the paper with
one's notes as a PDF.

Every lookup goes through `classification` (`get_visible_or_404`, `visible_to`): a paper, a
version or a note one may not see answers 404. The reader draws the PDF that the download
view serves for the version (`meetings:paper_version_download`), so opening a paper in the
reader is stamped and audited exactly like opening it from the meeting page: once per open.
"""

import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods

from audit.services import origin_of
from classification.access import signed_in_required
from classification.levels import Level
from classification.visibility import get_visible_or_404
from meetings.events import paper_opened
from meetings.models import Paper, PaperVersion

from . import services
from .forms import NoteEditForm, NoteForm
from .models import NOTE_MAX, PaperNote


def _paper_or_404(user, paper_id) -> Paper:
    return get_visible_or_404(
        Paper.objects.select_related("item__meeting__committee"), user, pk=paper_id
    )


def _served_version_or_404(user, paper) -> PaperVersion:
    version = (
        PaperVersion.objects.filter(paper=paper)
        .visible_to(user)
        .served()
        .order_by("-number")
        .first()
    )
    if version is None:
        raise Http404("No version of this paper is served.")
    return version


@require_GET
def paper_reader(request, paper_id, version_number=None):
    """The reader: one version of a paper (the current one unless a number is given)."""
    paper = _paper_or_404(request.user, paper_id)
    current = _served_version_or_404(request.user, paper)
    if version_number is None:
        version = current
    else:
        version = get_visible_or_404(
            PaperVersion.objects.filter(paper=paper).select_related("withdrawn_by"),
            request.user,
            number=version_number,
        )
    if version.withdrawn_at is not None:
        # Only the secretariat is shown a withdrawn version at all: who withdrew it, and why.
        return TemplateResponse(
            request,
            "meetings/paper_version_withdrawn.html",
            {"paper": paper, "version": version},
            status=410,
        )
    signed_in = request.user.is_authenticated
    takes_notes = signed_in and version.pk == current.pk
    versions = (
        PaperVersion.objects.filter(paper=paper)
        .visible_to(request.user)
        .served()
        .order_by("number")
    )
    return TemplateResponse(
        request,
        "reader/reader.html",
        {
            "paper": paper,
            "meeting": paper.item.meeting,
            "version": version,
            "current": current,
            "versions": versions,
            "pdf_url": reverse("meetings:paper_version_download", args=[paper.pk, version.number])
            + "?inline=1",
            "notes_url": reverse("reader:paper_notes", args=[paper.pk]) if takes_notes else "",
            "notes_pdf_url": reverse("reader:paper_notes_pdf", args=[paper.pk])
            if signed_in
            else "",
            "note_max": NOTE_MAX,
            "stamped": paper.level >= Level.AMBER,
        },
    )


def note_json(note: PaperNote) -> dict:
    """What the reader is told of one note."""
    return {
        "id": note.pk,
        "url": reverse("reader:note", args=[note.pk]),
        "version": note.version.number,
        "page": note.page,
        "quote": note.quote,
        "rects": note.rects,
        "text": note.text,
        "may_have_moved": note.may_have_moved,
        "updated_at": note.updated_at.isoformat(),
    }


def _errors(error: ValidationError | str, status: int = 400) -> JsonResponse:
    """A refusal the reader shows beside the note, each message under its field's name."""
    if isinstance(error, str):
        messages = {"__all__": [error]}
    elif hasattr(error, "error_dict"):
        messages = error.message_dict
    else:
        messages = {"__all__": error.messages}
    return JsonResponse({"errors": messages}, status=status)


def _json_body(request) -> dict | None:
    try:
        data = json.loads(request.body or b"{}")
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    return data if isinstance(data, dict) else None


@signed_in_required
@require_http_methods(["GET", "POST"])
def paper_notes(request, paper_id):
    """GET: the reader's own notes on a paper, in one query. POST (JSON): keep a new one."""
    paper = _paper_or_404(request.user, paper_id)
    if request.method == "GET":
        notes = (
            PaperNote.objects.visible_to(request.user).filter(paper=paper).select_related("version")
        )
        return JsonResponse({"notes": [note_json(note) for note in notes], "max": NOTE_MAX})
    data = _json_body(request)
    if data is None:
        return _errors("The note could not be read: send it as a JSON object.")
    form = NoteForm(data)
    if not form.is_valid():
        return _errors(ValidationError(form.errors.as_data()))
    fields = form.cleaned_data
    try:
        version = get_visible_or_404(
            PaperVersion.objects.filter(paper=paper), request.user, number=fields["version"]
        )
    except Http404:
        return _errors(
            f"No version {fields['version']} of this paper is served: reload the reader to read "
            "the current version.",
            status=404,
        )
    try:
        note = services.note_add(
            version=version,
            page=fields["page"],
            quote=fields["quote"],
            rects=fields["rects"] or [],
            text=fields["text"],
            by=request.user,
        )
    except ValidationError as error:
        return _errors(error)
    except PermissionDenied:
        raise Http404("No paper matches the given query.") from None
    return JsonResponse({"note": note_json(note)}, status=201)


@signed_in_required
@require_http_methods(["GET", "POST", "DELETE"])
def note(request, note_id):
    """One of the reader's own notes. GET: it; POST (JSON `text`): change it; DELETE: delete it."""
    note = get_visible_or_404(PaperNote.objects.select_related("version"), request.user, pk=note_id)
    if request.method == "GET":
        return JsonResponse({"note": note_json(note)})
    if request.method == "DELETE":
        services.note_delete(note=note, by=request.user)
        return JsonResponse({"deleted": note_id})
    data = _json_body(request)
    if data is None:
        return _errors("The note could not be read: send it as a JSON object.")
    form = NoteEditForm(data)
    if not form.is_valid():
        return _errors(ValidationError(form.errors.as_data()))
    try:
        note = services.note_edit(note=note, text=form.cleaned_data["text"], by=request.user)
    except ValidationError as error:
        return _errors(error)
    return JsonResponse({"note": note_json(note)})


@signed_in_required
@require_GET
def my_notes(request):
    """Every note of the reader's that they may still see, by meeting, paper and page."""
    notes = (
        PaperNote.objects.visible_to(request.user)
        .select_related("paper__item__meeting__committee", "version")
        .order_by(
            "-paper__item__meeting__date",
            "paper__item__meeting__committee__code",
            "paper__item__number",
            "paper__pk",
            "page",
            "created_at",
        )
    )
    return TemplateResponse(request, "reader/my_notes.html", {"notes": notes})


@signed_in_required
@require_GET
def paper_notes_pdf(request, paper_id):
    """The current version of a paper with the reader's notes on it, as PDF annotations.

    Stamped and audited at AMBER and RED, as a download is.
    """
    paper = _paper_or_404(request.user, paper_id)
    version = _served_version_or_404(request.user, paper)
    paper_opened.send(sender=Paper, user=request.user, paper=paper)
    content = services.paper_with_notes(
        paper=paper, version=version, reader=request.user, origin=origin_of(request)
    )
    response = HttpResponse(content, content_type="application/pdf")
    filename = f"{paper.title[:80]} v{version.number} with my notes.pdf"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
