from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from classification.levels import Level

register = template.Library()

_MEANINGS = {
    Level.WHITE: "public (TLP 2.0 calls it CLEAR)",
    Level.GREEN: "community: any signed-in account",
    Level.AMBER: "need to know: current members of the committee",
    Level.RED: "named participants of the meeting only",
}


@register.simple_tag
def tlp_badge(level: int) -> SafeString:
    """The TLP badge of `level`: colour for the eye, the level's name for everyone else."""
    named = Level(level)
    return format_html(
        '<span class="tlp tlp-{}" title="{}">{}</span>',
        named.label.lower(),
        _MEANINGS[named],
        named.label,
    )
