"""The secretariat's and the chair's Headlines pages: the draft, its submission and
withdrawal, the chair's review and decision, the render's progress and its retry."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from classification.access import meeting_or_404, secretariat_of_or_404
from classification.visibility import get_visible_or_404, is_chair, is_secretariat_of
from meetings.models import AgendaItem
from meetings.services import agenda_item_headline_update
from sscportal.params import parse_number

from .. import services
from ..composer import HeadlinesDocument
from ..forms import HeadlineEditForm, ReturnForm
from ..models import HeadlinesRequest
from ..rendering import headlines_html


def headlines_compose_page(request, committee, number):
    """The secretariat's draft: the composed Headlines, the headline texts to edit, submit."""
    meeting = meeting_or_404(request.user, committee, number, secretariat=True)
    items = AgendaItem.objects.filter(meeting=meeting).order_by("number")
    if request.method == "POST":
        item_id = request.POST.get("item", "")
        if parse_number(item_id) is None:
            raise Http404("No agenda item matches the given query.")
        item = get_visible_or_404(items, request.user, pk=parse_number(item_id))
        form = HeadlineEditForm(request.POST, prefix=f"item-{item.pk}")
        if form.is_valid():
            try:
                agenda_item_headline_update(item=item, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, f"Headline of item {item.number} saved.")
            return redirect("headlines:headlines_compose", committee, number)
        messages.error(request, f"Item {item.number}: {form.errors.as_text()}")
    forms = [
        (
            item,
            HeadlineEditForm(
                prefix=f"item-{item.pk}",
                initial={
                    "headline": item.headline,
                    "headline_mode": item.headline_mode,
                    "expected_version": item.version,
                },
            ),
        )
        for item in items
    ]
    document = services.headlines_compose(meeting=meeting)
    requests = list(
        meeting.headlines_requests.select_related(
            "version", "submitted_by", "decided_by", "withdrawn_by"
        )[:10]
    )
    return TemplateResponse(
        request,
        "headlines/compose.html",
        {
            "meeting": meeting,
            "forms": forms,
            "document_html": headlines_html(document),
            "requests": requests,
            # The buttons offered are those the services would take.
            "submit_refusal": services.headlines_submit_refusal(meeting),
            "meeting_secretariat": True,
        },
    )


@require_POST
def headlines_submit(request, committee, number):
    meeting = meeting_or_404(request.user, committee, number, secretariat=True)
    try:
        services.headlines_submit(meeting=meeting, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Headlines submitted to the chair for approval.")
    return redirect("headlines:headlines_compose", committee, number)


def _request(request, request_id):
    return get_visible_or_404(
        HeadlinesRequest.objects.select_related(
            "meeting__committee", "version", "submitted_by", "decided_by", "withdrawn_by"
        ),
        request.user,
        pk=request_id,
    )


def headlines_review(request, request_id):
    """The chair's page: the submitted Headlines exactly as they will be published."""
    headlines_request = _request(request, request_id)
    document = HeadlinesDocument.from_dict(headlines_request.document)
    meeting = headlines_request.meeting
    return TemplateResponse(
        request,
        "headlines/review.html",
        {
            "headlines_request": headlines_request,
            "meeting": meeting,
            "document_html": headlines_html(document),
            "is_chair": is_chair(request.user, meeting),
            "meeting_secretariat": is_secretariat_of(request.user, meeting.committee_id),
            "return_form": ReturnForm(),
        },
    )


@require_POST
def headlines_decide(request, request_id):
    """The chair approves (the render starts) or returns the Headlines with a reason."""
    headlines_request = _request(request, request_id)
    try:
        if request.POST.get("decision") == "approve":
            services.headlines_approve(request=headlines_request, by=request.user)
            messages.success(request, "Approved: the Headlines PDF is being rendered.")
        else:
            form = ReturnForm(request.POST)
            comment = form.cleaned_data["comment"] if form.is_valid() else ""
            services.headlines_return(request=headlines_request, by=request.user, comment=comment)
            messages.success(request, "Returned to the secretariat.")
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    return redirect("headlines:headlines_review", request_id)


def headlines_progress(request, request_id):
    """The render's progress, as an htmx fragment that polls until it is final."""
    headlines_request = _request(request, request_id)
    committee_id = headlines_request.meeting.committee_id
    return TemplateResponse(
        request,
        "headlines/_progress.html",
        {
            "headlines_request": headlines_request,
            "meeting_secretariat": is_secretariat_of(request.user, committee_id),
        },
    )


def _secretariat_request(request, request_id) -> HeadlinesRequest:
    """The request, for its committee's secretariat only (404 for anyone else)."""
    headlines_request = _request(request, request_id)
    secretariat_of_or_404(request.user, headlines_request.meeting.committee_id)
    return headlines_request


@require_POST
def headlines_retry(request, request_id):
    headlines_request = _secretariat_request(request, request_id)
    try:
        services.headlines_retry(request=headlines_request, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    meeting = headlines_request.meeting
    return redirect("headlines:headlines_compose", meeting.committee.code, meeting.number)


@require_POST
def headlines_withdraw(request, request_id):
    """The secretariat takes back Headlines awaiting the chair: the draft is theirs again."""
    headlines_request = _secretariat_request(request, request_id)
    try:
        services.headlines_withdraw(request=headlines_request, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            "Withdrawn: the chair no longer has them to approve. Change the draft, then "
            "submit it again.",
        )
    meeting = headlines_request.meeting
    return redirect("headlines:headlines_compose", meeting.committee.code, meeting.number)
