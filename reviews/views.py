"""The secretariat's review queue of restricted records, and each record's review page.

Everyone but the secretariat gets 404: a page one may not use does not exist.
"""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from audit.services import origin_of
from classification.access import secretariat_of_or_404, secretariat_required
from classification.owners import committee_id_of
from classification.restrictions import REVIEW_NOTICE_DAYS
from classification.visibility import get_visible_or_404

from . import services
from .forms import KeepForm, LowerForm
from .models import LevelChange
from .records import KIND_BY_SLUG, due_for_review


@never_cache
@secretariat_required
def review_queue(request):
    """AMBER and RED records due for review today, overdue, or due in the next 30 days."""
    return TemplateResponse(
        request,
        "reviews/queue.html",
        {
            "rows": due_for_review(request.user),
            "today": timezone.localdate(),
            "notice_days": REVIEW_NOTICE_DAYS,
        },
    )


def _record_or_404(request, slug: str, pk: int):
    kind = KIND_BY_SLUG.get(slug)
    if kind is None:
        raise Http404("No such kind of record.")
    queryset = kind.model.objects.select_related(*kind.related)
    record = get_visible_or_404(queryset, request.user, pk=pk)
    committee = committee_id_of(record)
    if committee is not None:
        # A record of another committee is that committee's secretariat's to review.
        secretariat_of_or_404(request.user, committee)
    return kind, record


def _page(request, kind, record, *, keep_form=None, lower_form=None, status=200):
    changes = LevelChange.objects.filter(
        content_type=ContentType.objects.get_for_model(kind.model), object_id=record.pk
    ).select_related("by")
    return TemplateResponse(
        request,
        "reviews/record.html",
        {
            "kind": kind,
            "record": record,
            "where": kind.where(record),
            "edit_url": kind.edit_url(record),
            "changes": changes,
            "keep_form": keep_form
            or KeepForm(
                initial={
                    "restriction_reason": record.restriction_reason,
                    "review_on": record.review_on,
                }
            ),
            "lower_form": lower_form or LowerForm(record=record),
        },
        status=status,
    )


def _add_errors(form, error: ValidationError) -> None:
    for name, texts in error.message_dict.items():
        for text in texts:
            form.add_error(name if name in form.fields else None, text)


@never_cache
@secretariat_required
def record_review(request, slug, pk):
    """One record's restriction, the history of its level, and the two review forms."""
    kind, record = _record_or_404(request, slug, pk)
    return _page(request, kind, record)


@never_cache
@secretariat_required
@require_POST
def record_keep(request, slug, pk):
    """Keep the record at its level, with the reason now and the next review date."""
    kind, record = _record_or_404(request, slug, pk)
    form = KeepForm(request.POST)
    if form.is_valid():
        try:
            services.restriction_keep(
                record, by=request.user, origin=origin_of(request), **form.cleaned_data
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request, f"{kind.label} “{record}” kept until {record.review_on:%-d %B %Y}."
            )
            return redirect("reviews:review_queue")
    return _page(request, kind, record, keep_form=form, status=400)


@never_cache
@secretariat_required
@require_POST
def record_lower(request, slug, pk):
    """Lower the record's level, recording the reason."""
    kind, record = _record_or_404(request, slug, pk)
    form = LowerForm(request.POST, record=record)
    if form.is_valid():
        try:
            change = services.level_lower(
                record, by=request.user, origin=origin_of(request), **form.cleaned_data
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"{kind.label} lowered: {change}.")
            return redirect("reviews:review_queue")
    return _page(request, kind, record, lower_form=form, status=400)
