"""Requests that no page can answer sensibly are refused before any view sees them."""

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
