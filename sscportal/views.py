"""The few pages that belong to no app."""

from django.http import HttpRequest, HttpResponsePermanentRedirect
from django.templatetags.static import static


def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    """/favicon.ico, which browsers and feed readers ask for whatever the page links: the SVG
    icon, under its static (in production, content-hashed) address."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))
