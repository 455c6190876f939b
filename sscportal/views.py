"""The few pages that belong to no app."""

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static


def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    """/favicon.ico, which browsers and feed readers ask for whatever the page links: the SVG
    icon, under its static (in production, content-hashed) address."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))


def health(request: HttpRequest) -> HttpResponse:
    """/health/: "ok" while the process answers requests, for the container's healthcheck.

    It reads neither the database nor the session, so that it stays the cost of a request
    through the middleware alone (the bench's bare baseline) and says nothing of who asks;
    PostgreSQL and Redis have healthchecks of their own.
    """
    return HttpResponse("ok", content_type="text/plain")
