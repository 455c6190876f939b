"""The chair's page of a meeting's minutes: read them as circulated, approve or return them.

Only the chair of the meeting, in a session verified by a second factor, reaches it; anyone
else gets 404. The buttons are offered only where the services would take them
(`services.minutes_decision_refusal`).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from classification.access import chaired_meeting_or_404

from .. import services
from ..forms import MinutesReturnForm
from ..rendering import minutes_record
from .minutes import minutes_history


def minutes_approve(request, committee, number):
    """The chair's page: the minutes as the chair may read them, to approve or to return."""
    meeting = chaired_meeting_or_404(request.user, committee, number)
    return_form = MinutesReturnForm()
    if request.method == "POST":
        if request.POST.get("decision") == "return":
            return_form = MinutesReturnForm(request.POST)
            if return_form.is_valid():
                return _chair_decides(request, meeting, return_form=return_form)
        else:
            return _chair_decides(request, meeting)
    return TemplateResponse(
        request,
        "meetings/minutes_approve.html",
        {
            "meeting": meeting,
            "record": minutes_record(meeting=meeting, user=request.user),
            "refusal": services.minutes_decision_refusal(meeting),
            "return_form": return_form,
            "minutes_history": minutes_history(meeting),
        },
        status=400 if return_form.errors else 200,
    )


def _chair_decides(request, meeting, *, return_form=None):
    """Approve the minutes, or return them with the form's comments; back to the page."""
    try:
        if return_form is None:
            services.minutes_approve(meeting=meeting, by=request.user)
            notice = "Minutes approved."
        else:
            comment = return_form.cleaned_data["comment"]
            services.minutes_return(meeting=meeting, by=request.user, comment=comment)
            notice = "Returned to the secretariat with your comments."
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, notice)
    return redirect("meetings:minutes_approve", meeting.committee.code, meeting.number)
