"""What a view needs to know of htmx."""


def is_htmx(request) -> bool:
    """True for a request htmx made: it is answered with a fragment, not a redirect."""
    return request.headers.get("HX-Request") == "true"
