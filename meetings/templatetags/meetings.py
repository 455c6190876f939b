from django import template
from django.utils.safestring import mark_safe

from meetings.markdown import render_markdown
from meetings.schedule import papers_deadline

register = template.Library()


@register.filter
def markdown(text):
    """Render Markdown to sanitised HTML (see meetings.markdown)."""
    return mark_safe(render_markdown(text))  # noqa: S308 - sanitised by nh3


@register.filter
def hours(meeting) -> str:
    """The meeting's start and end, London time: "10:00–12:00"."""
    return f"{meeting.start_time:%H:%M}–{meeting.end_time:%H:%M}"


@register.filter
def papers_due(meeting):
    """The day the meeting's papers are due (meetings.schedule.papers_deadline)."""
    return papers_deadline(meeting)


@register.filter
def with_id(field, suffix) -> str:
    """The field's widget with its id made unique by `suffix`: for one form rendered beside
    every item of a page, whose labels would otherwise all point at the first control."""
    return field.as_widget(attrs={"id": f"{field.auto_id}-{suffix}"})
