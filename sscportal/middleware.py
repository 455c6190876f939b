"""Portal-wide middleware: requests no page can answer sensibly are refused before any view
sees them, and answers that depend on who asks are never cached."""

from django.conf import settings
from django.http import HttpResponseBadRequest


class RejectNulCharactersMiddleware:
    """A NUL character in the address or a parameter is always an attack or a broken client;
    PostgreSQL cannot even compare text holding one, so refuse it here with 400."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        parameters = [*request.GET.keys(), *(v for _, vs in request.GET.lists() for v in vs)]
        if "\x00" in request.path or any("\x00" in text for text in parameters):
            return HttpResponseBadRequest(
                "The address holds a NUL character.", content_type="text/plain"
            )
        return self.get_response(request)


class PrivateResponsesMiddleware:
    """Every response that depends on who asks is `Cache-Control: private, no-store`.

    A browser's disk cache or a proxy between the committee and the portal must never keep a
    classified page, a reader's stamped PDF or a fragment of the agenda builder. A response
    depends on who asks when the request is signed in (it carries the session cookie), is an
    htmx fragment (always of a signed-in page), or read the session or asked for a CSRF token
    on its way (Django then marks it `Vary: Cookie`). Whatever caching the view set is
    replaced. Public answers to anonymous visitors (the Headlines PDF, the public calendar)
    keep their own headers; static files are answered by WhiteNoise before this runs.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if self._depends_on_who_asks(request, response):
            response["Cache-Control"] = "private, no-store"
            # `never_cache` also sets Expires; with no-store it says nothing more.
            del response["Expires"]
        return response

    @staticmethod
    def _depends_on_who_asks(request, response) -> bool:
        session = getattr(request, "session", None)
        return (
            settings.SESSION_COOKIE_NAME in request.COOKIES
            or request.headers.get("HX-Request") == "true"
            or (session is not None and session.accessed)
            or "cookie" in {field.strip().lower() for field in response.get("Vary", "").split(",")}
        )
