"""Headlines shown on other apps' pages, so that meetings need not know of headlines."""

from django import template

from .. import work
from ..models import HeadlinesRequest

register = template.Library()


@register.simple_tag(takes_context=True)
def headlines_awaiting_approval(context, meeting) -> HeadlinesRequest | None:
    """The meeting's Headlines draft awaiting the chair's approval, if the reader may see it."""
    return (
        HeadlinesRequest.objects.visible_to(context["request"].user)
        .filter(meeting=meeting, status=HeadlinesRequest.Status.SUBMITTED)
        .first()
    )


@register.simple_tag(takes_context=True)
def headlines_work(context) -> work.HeadlinesWork:
    """The reader's Headlines work (headlines/work.py), for the dashboard's "My work"."""
    return work.headlines_work(context["request"].user)
