"""A button of the meeting cycle is shown exactly where its action would be taken.

For each handoff button (publish, record as held, circulate, submit, withdraw, approve,
return, retry) and each state around it: the page as its reader sees it either offers the
button or not, and posting the button's form as that reader then changes the record, or
changes nothing. The two must agree: a button is never shown where its action would be
refused, nor missing where it would be taken.
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.urls import reverse
from django.utils import timezone

from classification.levels import MeetingStatus, MinutesStatus
from headlines import services as headlines_services
from headlines.models import HeadlinesRequest
from meetings.models import Meeting, MinutesStatusChange
from notifications.models import AgendaPublication
from tests.factories import AgendaItemFactory, AttendanceFactory, MeetingFactory

pytestmark = pytest.mark.django_db

Status = HeadlinesRequest.Status


@dataclass
class Button:
    """One button on one page, for one reader, and what its form posts."""

    reader: str  # "sec" or "chair"
    page: str
    label: str
    post: str
    state: Callable[[], object]  # what the action changes, read before and after the post
    data: dict = field(default_factory=dict)


def _meeting(people, status=MeetingStatus.HELD, days=-7, **fields) -> Meeting:
    meeting = MeetingFactory(
        number=89,
        date=timezone.localdate() + datetime.timedelta(days=days),
        status=status,
        **fields,
    )
    AttendanceFactory(meeting=meeting, user=people["chair"], role="chair")
    AgendaItemFactory(meeting=meeting, headline="The SSC discussed a public matter.")
    return meeting


def _compose(meeting) -> str:
    return reverse("headlines:headlines_compose", args=["SSC", meeting.number])


def _requests(meeting):
    return lambda: list(meeting.headlines_requests.values_list("pk", "status"))


def _submit(people, meeting):
    return headlines_services.headlines_submit(meeting=meeting, by=people["sec"])


# The Headlines


def _submit_button(meeting) -> Button:
    return Button(
        "sec",
        _compose(meeting),
        "Submit this draft to the chair",
        reverse("headlines:headlines_submit", args=["SSC", meeting.number]),
        _requests(meeting),
    )


def submit_before_the_meeting_is_held(people):
    return _submit_button(_meeting(people, status=MeetingStatus.AGENDA_PUBLISHED))


def submit_once_held(people):
    return _submit_button(_meeting(people))


def submit_while_a_submission_awaits_the_chair(people):
    meeting = _meeting(people)
    _submit(people, meeting)
    return _submit_button(meeting)


def submit_after_a_withdrawal(people):
    meeting = _meeting(people)
    headlines_services.headlines_withdraw(request=_submit(people, meeting), by=people["sec"])
    return _submit_button(meeting)


def _withdraw_button(people, meeting, request, reader="sec") -> Button:
    page = _compose(meeting) if reader == "sec" else _review(request)
    return Button(
        reader,
        page,
        "Withdraw, to change the draft",
        reverse("headlines:headlines_withdraw", args=[request.pk]),
        _requests(meeting),
    )


def withdraw_awaiting_the_chair(people):
    meeting = _meeting(people)
    return _withdraw_button(people, meeting, _submit(people, meeting))


def withdraw_once_returned(people):
    meeting = _meeting(people)
    request = _submit(people, meeting)
    headlines_services.headlines_return(request=request, by=people["chair"], comment="No.")
    return _withdraw_button(people, meeting, request)


def withdraw_as_the_chair(people):
    meeting = _meeting(people)
    return _withdraw_button(people, meeting, _submit(people, meeting), reader="chair")


def _review(request) -> str:
    return reverse("headlines:headlines_review", args=[request.pk])


def _decide_button(people, meeting, request, decision, reader="chair") -> Button:
    label, data = {
        "approve": ("Approve and publish", {"decision": "approve"}),
        "return": ("Return to the secretariat", {"decision": "return", "comment": "Shorter."}),
    }[decision]
    return Button(
        reader,
        _review(request),
        label,
        reverse("headlines:headlines_decide", args=[request.pk]),
        _requests(meeting),
        data,
    )


def approve_headlines_awaiting_the_chair(people):
    meeting = _meeting(people)
    return _decide_button(people, meeting, _submit(people, meeting), "approve")


def approve_headlines_as_the_secretariat(people):
    meeting = _meeting(people)
    return _decide_button(people, meeting, _submit(people, meeting), "approve", reader="sec")


def approve_withdrawn_headlines(people):
    meeting = _meeting(people)
    request = _submit(people, meeting)
    headlines_services.headlines_withdraw(request=request, by=people["sec"])
    return _decide_button(people, meeting, request, "approve")


def return_headlines_awaiting_the_chair(people):
    meeting = _meeting(people)
    return _decide_button(people, meeting, _submit(people, meeting), "return")


def return_headlines_already_returned(people):
    meeting = _meeting(people)
    request = _submit(people, meeting)
    headlines_services.headlines_return(request=request, by=people["chair"], comment="No.")
    return _decide_button(people, meeting, request, "return")


def _failed(people):
    meeting = _meeting(people)
    request = _submit(people, meeting)
    HeadlinesRequest.objects.filter(pk=request.pk).update(status=Status.FAILED, error="No key.")
    return meeting, request


def _retry_button(meeting, request, reader, page) -> Button:
    return Button(
        reader,
        page,
        "Retry the render",
        reverse("headlines:headlines_retry", args=[request.pk]),
        _requests(meeting),
    )


def retry_a_failed_render(people):
    meeting, request = _failed(people)
    return _retry_button(meeting, request, "sec", _compose(meeting))


def retry_a_failed_render_as_the_chair(people):
    meeting, request = _failed(people)
    return _retry_button(meeting, request, "chair", _review(request))


# The minutes


def _minutes_steps(meeting):
    return lambda: list(MinutesStatusChange.objects.filter(meeting=meeting).values_list("pk"))


def _circulate_button(meeting) -> Button:
    return Button(
        "sec",
        reverse("meetings:minutes_edit", args=["SSC", meeting.number]),
        "Circulate the minutes to the attendees",
        reverse("meetings:minutes_circulate", args=["SSC", meeting.number]),
        _minutes_steps(meeting),
    )


def circulate_draft_minutes(people):
    return _circulate_button(_meeting(people))


def circulate_circulated_minutes(people):
    return _circulate_button(_meeting(people, minutes_status=MinutesStatus.CIRCULATED))


def _chair_button(meeting, decision) -> Button:
    label, data = {
        "approve": ("Approve the minutes", {"decision": "approve"}),
        "return": ("Return to the secretariat", {"decision": "return", "comment": "Item 1."}),
    }[decision]
    page = reverse("meetings:minutes_approve", args=["SSC", meeting.number])
    return Button("chair", page, label, page, _minutes_steps(meeting), data)


def approve_circulated_minutes(people):
    return _chair_button(_meeting(people, minutes_status=MinutesStatus.CIRCULATED), "approve")


def approve_draft_minutes(people):
    return _chair_button(_meeting(people), "approve")


def approve_approved_minutes(people):
    return _chair_button(_meeting(people, minutes_status=MinutesStatus.APPROVED), "approve")


def return_circulated_minutes(people):
    return _chair_button(_meeting(people, minutes_status=MinutesStatus.CIRCULATED), "return")


def return_draft_minutes(people):
    return _chair_button(_meeting(people), "return")


def return_approved_minutes(people):
    return _chair_button(_meeting(people, minutes_status=MinutesStatus.APPROVED), "return")


# The agenda


def _builder_button(meeting, label, post, state) -> Button:
    page = reverse("meetings:agenda_builder", args=["SSC", meeting.number])
    return Button("sec", page, label, reverse(post, args=["SSC", meeting.number]), state)


def _statuses(meeting):
    return lambda: Meeting.objects.get(pk=meeting.pk).status


def record_a_meeting_begun_as_held(people):
    meeting = _meeting(people, status=MeetingStatus.AGENDA_PUBLISHED, days=-1)
    return _builder_button(
        meeting, "Record the meeting as held", "meetings:meeting_mark_held", _statuses(meeting)
    )


def record_a_meeting_to_come_as_held(people):
    meeting = _meeting(people, status=MeetingStatus.AGENDA_PUBLISHED, days=1)
    return _builder_button(
        meeting, "Record the meeting as held", "meetings:meeting_mark_held", _statuses(meeting)
    )


def _publish_button(meeting) -> Button:
    return _builder_button(
        meeting,
        "Publish the agenda and papers",
        "meetings:agenda_publish",
        lambda: AgendaPublication.objects.filter(meeting=meeting).count(),
    )


def publish_an_agenda_with_a_new_item(people):
    meeting = _meeting(people, status=MeetingStatus.AGENDA_PUBLISHED, days=7)
    AgendaItemFactory(meeting=meeting, number=2, published_at=None)
    return _publish_button(meeting)


def publish_an_agenda_with_everything_published(people):
    return _publish_button(_meeting(people, status=MeetingStatus.AGENDA_PUBLISHED, days=7))


# Each scene, and whether its action is taken there.
SCENES = {
    submit_before_the_meeting_is_held: False,
    submit_once_held: True,
    submit_while_a_submission_awaits_the_chair: False,
    submit_after_a_withdrawal: True,
    withdraw_awaiting_the_chair: True,
    withdraw_once_returned: False,
    withdraw_as_the_chair: False,
    approve_headlines_awaiting_the_chair: True,
    approve_headlines_as_the_secretariat: False,
    approve_withdrawn_headlines: False,
    return_headlines_awaiting_the_chair: True,
    return_headlines_already_returned: False,
    retry_a_failed_render: True,
    retry_a_failed_render_as_the_chair: False,
    circulate_draft_minutes: True,
    circulate_circulated_minutes: False,
    approve_circulated_minutes: True,
    approve_draft_minutes: False,
    approve_approved_minutes: False,
    return_circulated_minutes: True,
    return_draft_minutes: False,
    return_approved_minutes: False,
    record_a_meeting_begun_as_held: True,
    record_a_meeting_to_come_as_held: False,
    publish_an_agenda_with_a_new_item: True,
    publish_an_agenda_with_everything_published: False,
}


@pytest.fixture
def people(secretariat, chair):
    return {"sec": secretariat, "chair": chair}


def _offered(client, button: Button) -> bool:
    page = client.get(button.page)
    assert page.status_code == 200
    # A label may go on to say more ("Publish the agenda and papers (2 unpublished)").
    return (
        re.search(rf">{re.escape(button.label)}[^<]*</button>", page.content.decode()) is not None
    )


@pytest.mark.parametrize("scene", SCENES, ids=[scene.__name__ for scene in SCENES])
def test_a_button_is_shown_exactly_where_its_action_is_taken(client, people, scene, monkeypatch):
    # A render approved here is left for the sweep: the scene looks at the request alone.
    monkeypatch.setattr(headlines_services, "dispatch_render", lambda request_id: True)
    button = scene(people)
    client.force_login(people[button.reader])
    offered = _offered(client, button)
    before = button.state()
    client.post(button.post, button.data)
    taken = button.state() != before
    assert offered == taken == SCENES[scene]
