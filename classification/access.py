"""Who may open which page: the decorators and lookups every view uses.

What a user may see is decided in `visibility.py`; this module turns its answers into what a
view does. A page or record one may not use answers 404, never 403: a page one may not use
does not exist.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.apps import apps
from django.http import Http404, HttpRequest, HttpResponse

from .models import Viewer
from .visibility import (
    Record,
    get_visible_or_404,
    is_chair,
    is_secretariat,
    is_secretariat_of,
    secretariat_committees,
)

View = Callable[..., HttpResponse]


def secretariat_required(view: View) -> View:
    """Let only the secretariat of some committee (verified, where required) through.

    The page then shows or changes only what belongs to the user's committees.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_secretariat(request.user):
            raise Http404("No such page.")
        return view(request, *args, **kwargs)

    return wrapper


def secretariat_of_or_404(user: Viewer, committee: Record | int) -> None:
    """404 unless `user` is the verified secretariat of `committee` (a committee or its id).

    For the secretariat's pages reached by a record's id rather than by its meeting.
    """
    if not is_secretariat_of(user, committee):
        raise Http404("No such page.")


def signed_in_required(view: View) -> View:
    """Let only signed-in, active accounts through; a visitor gets 404."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not (request.user.is_authenticated and request.user.is_active):
            raise Http404("No such page.")
        return view(request, *args, **kwargs)

    return wrapper


def meeting_or_404(
    user: Viewer, committee: str, number: int | str, *, secretariat: bool = False
) -> Record:
    """The meeting `committee` `number` as `user` may see it; 404 if not.

    With `secretariat`, only the secretariat of the committee gets it: the refusal comes
    before the meeting's lookup, so anyone else learns nothing about which meetings exist.
    """
    if secretariat:
        committees = secretariat_committees(user)
        if committees is None or not committees.filter(committee__code=committee).exists():
            raise Http404("No meeting matches the given query.")
    # Looked up by name: classification sits below meetings and imports nothing of it.
    meeting_model = apps.get_model("meetings", "Meeting")
    return get_visible_or_404(
        meeting_model.objects.select_related("committee"),
        user,
        committee__code=committee,
        number=number,
    )


def chaired_meeting_or_404(user: Viewer, committee: str, number: int | str) -> Record:
    """The meeting `committee` `number` if `user` is its chair in a verified session; 404 if not."""
    meeting = meeting_or_404(user, committee, number)
    if not is_chair(user, meeting):
        raise Http404("No meeting matches the given query.")
    return meeting
