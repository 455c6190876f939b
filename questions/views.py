"""Questions' pages: a meeting's questions and the asking form, answering, taking at the meeting,
what awaits an answer, and the secretariat's presenter contacts.

Each view looks its record up through `classification` and answers 404 for what its user may
not see or do (classification/access.py: a page one may not use does not exist). With htmx
the forms swap their part of the page; without JavaScript they post and redirect back, or
show the page again with the form's errors.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from classification.access import meeting_or_404, secretariat_of_or_404, signed_in_required
from classification.visibility import get_visible_or_404, may_answer
from meetings.models import AgendaItem
from sscportal.htmx import is_htmx

from . import selectors, services
from .forms import AnswerForm, LevelRaiseForm, PresenterContactForm
from .models import PresenterContact, Question

# Where a service's error on the model's fields shows in the asking form.
_ASK_FIELDS = {"item": "on", "paper": "on", "page": "page", "level": "level", "text": "text"}


def _meeting_url(meeting) -> str:
    return reverse("questions:meeting_questions", args=[meeting.committee.code, meeting.number])


def _add_errors(form, error: ValidationError, fields: dict[str, str]) -> None:
    """Put a service's errors on the form's fields, or above the form when no field fits."""
    for name, texts in error.message_dict.items():
        for text in texts:
            form.add_error(fields.get(name), text)


def _section_response(request, meeting, section, *, status=200):
    """The questions part alone (htmx) or the meeting's questions page."""
    template = "questions/_section.html" if is_htmx(request) else "questions/meeting_questions.html"
    context = {"meeting": meeting, "section": section, "back": _meeting_url(meeting)}
    return TemplateResponse(request, template, context, status=status)


@signed_in_required
@require_http_methods(["GET", "POST"])
def meeting_questions(request, committee, number):
    """A meeting's questions, by item, as the user sees them; POST asks one."""
    meeting = meeting_or_404(request.user, committee, number)
    user = request.user
    if request.method == "GET":
        return _section_response(request, meeting, selectors.section(user, meeting))
    form = selectors.ask_form(user, meeting, data=request.POST)
    if form is not None and form.asks_on_unseen():
        # An item or paper the user may not see does not exist for them.
        raise Http404("No such item or paper.")
    if form is None:
        messages.error(request, f"{meeting} has been held: questions are asked before the meeting.")
        return redirect(_meeting_url(meeting))
    if form.is_valid():
        data = form.cleaned_data
        try:
            question = services.question_ask(
                item=data["item"],
                paper=data["paper"],
                page=data["page"],
                level=data["level"],
                text=data["text"],
                by=user,
            )
        except PermissionDenied:
            raise Http404("No such item or paper.") from None
        except ValidationError as error:
            _add_errors(form, error, _ASK_FIELDS)
        else:
            notice = f"Your question on item {question.item.number} is asked."
            if not is_htmx(request):
                messages.success(request, notice)
                return redirect(f"{_meeting_url(meeting)}#question-{question.pk}")
            return _section_response(
                request, meeting, selectors.section(user, meeting, notice=notice)
            )
    # htmx swaps only a successful answer's body: a refused question comes back with 200.
    section = selectors.section(user, meeting, form=form)
    return _section_response(request, meeting, section, status=200 if is_htmx(request) else 400)


@signed_in_required
@require_GET
def ask_form(request, committee, number):
    """The asking form alone, fetched into the meeting page by htmx when opened."""
    meeting = meeting_or_404(request.user, committee, number)
    if not is_htmx(request):
        return redirect(f"{_meeting_url(meeting)}#ask")
    form = selectors.ask_form(request.user, meeting)
    if form is None:
        raise Http404("Questions are asked before the meeting.")
    context = {"meeting": meeting, "form": form}
    return TemplateResponse(request, "questions/_ask_form.html", context)


def _question_or_404(request, question_id) -> Question:
    return get_visible_or_404(
        Question.objects.select_related("item__meeting__committee"), request.user, pk=question_id
    )


def _question_response(request, question, *, answer_form=None, status=200):
    """After an answer or a mark: the question alone (htmx) or its page."""
    shown, may_take, secretariat = selectors.question_shown(request.user, question)
    if answer_form is not None:
        shown.answer_form = answer_form
    context = {
        "meeting": question.item.meeting,
        "question": shown,
        "may_take": may_take,
        "secretariat": secretariat,
        "back": _back(request, question),
    }
    template = "questions/_question.html" if is_htmx(request) else "questions/question_answer.html"
    return TemplateResponse(request, template, context, status=status)


@signed_in_required
@require_http_methods(["GET", "POST"])
def question_answer(request, question_id):
    """For the presenter's side: one question, its answers, and the form to answer it."""
    question = _question_or_404(request, question_id)
    if not may_answer(request.user, question):
        raise Http404("No such page.")
    if request.method == "GET":
        return _question_response(request, question)
    form = AnswerForm(request.POST, auto_id=f"answer-{question.pk}-%s")
    if form.is_valid():
        try:
            services.answer_add(question=question, text=form.cleaned_data["text"], by=request.user)
        except ValidationError as error:
            _add_errors(form, error, {"text": "text"})
        else:
            if not is_htmx(request):
                messages.success(
                    request, f"Your answer to the question on item {question.item.number} is sent."
                )
                return redirect(_back(request, question))
            return _question_response(request, question)
    return _question_response(
        request, question, answer_form=form, status=200 if is_htmx(request) else 400
    )


def _back(request, question) -> str:
    """The page the form was on (`next`, a path of the portal), or the meeting's questions."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return f"{_meeting_url(question.item.meeting)}#question-{question.pk}"


@signed_in_required
@require_POST
def question_taken(request, question_id):
    """Mark a question taken at the meeting, or open again: the chair and the secretariat."""
    question = _question_or_404(request, question_id)
    taken = request.POST.get("taken") != "0"
    try:
        question = services.question_taken_mark(question=question, taken=taken, by=request.user)
    except PermissionDenied:
        raise Http404("No such page.") from None
    if is_htmx(request):
        return _question_response(request, question)
    state = "taken at the meeting" if taken else "open again"
    messages.success(request, f"The question on item {question.item.number} is {state}.")
    return redirect(_back(request, question))


@signed_in_required
@require_POST
def question_level(request, question_id):
    """The secretariat raises a question's level, as it must before raising its item's."""
    question = _question_or_404(request, question_id)
    secretariat_of_or_404(request.user, question.item.meeting.committee_id)
    form = LevelRaiseForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors.get("level", ["Choose a level."])[0])
        services.question_level_raise(
            question=question, level=form.cleaned_data["level"], by=request.user
        )
    except PermissionDenied:
        raise Http404("No such page.") from None
    except ValidationError as error:
        messages.error(request, f"The question's level was not raised: {' '.join(error.messages)}")
    else:
        messages.success(request, f"The question on item {question.item.number} is raised.")
    return redirect(_back(request, question))


@signed_in_required
def awaiting_answers(request):
    """For the presenter's side: the questions they answer that await an answer, by meeting."""
    questions = selectors.questions_seen(
        request.user,
        Question.objects.answerable_by(request.user).filter(
            answers__isnull=True, taken_at__isnull=True
        ),
    ).select_related("item__meeting__committee")
    rows = sorted(questions, key=lambda q: (q.item.meeting.date, q.item.meeting_id, q.item.number))
    return TemplateResponse(request, "questions/awaiting.html", {"questions": rows})


@signed_in_required
@require_http_methods(["GET", "POST"])
def presenter_contacts(request, committee, number):
    """The secretariat names, per item, the account that answers its questions for the
    presenter."""
    meeting = meeting_or_404(request.user, committee, number, secretariat=True)
    items = AgendaItem.objects.filter(meeting=meeting).order_by("number")
    form = PresenterContactForm(request.POST or None, items=items)
    status = 200
    if form.is_bound:
        if form.is_valid():
            item, user = form.cleaned_data["item"], form.cleaned_data["user"]
            try:
                services.presenter_contact_name(item=item, user=user, by=request.user)
            except ValidationError as error:
                _add_errors(form, error, {"user": "user"})
            else:
                named = f"{user} answers" if user else "The secretariat answers"
                messages.success(request, f"{named} the questions of item {item.number}.")
                return redirect(
                    "questions:presenter_contacts", meeting.committee.code, meeting.number
                )
        status = 400
    contacts = {
        contact.item_id: contact
        for contact in PresenterContact.objects.filter(item__meeting=meeting).select_related("user")
    }
    rows = [(item, contacts.get(item.pk)) for item in items]
    return TemplateResponse(
        request,
        "questions/presenter_contacts.html",
        {"meeting": meeting, "rows": rows, "form": form},
        status=status,
    )
