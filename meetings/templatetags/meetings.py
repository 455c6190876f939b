from django import template
from django.utils.safestring import mark_safe

from meetings.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text):
    """Render Markdown to sanitised HTML (see meetings.markdown)."""
    return mark_safe(render_markdown(text))  # noqa: S308 - sanitised by nh3
