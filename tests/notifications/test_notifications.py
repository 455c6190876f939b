"""Every handoff of the meeting cycle is told by e-mail to the right people, once, after commit;
never with classified words; as each person chose (immediately, a daily digest, or off)."""

import datetime
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from html import escape

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from classification.levels import Level, MeetingStatus
from headlines import services as headlines_services
from headlines.models import HeadlinesRequest
from meetings import services as meeting_services
from meetings.demo import text_pdf
from meetings.services import notices
from notifications import services
from notifications import tasks as notification_tasks
from notifications.models import Delivery, Kind, Notification, NotificationPreference
from questions import services as questions_services
from tests.factories import (
    ActionFactory,
    AgendaItemFactory,
    AttendanceFactory,
    DecisionFactory,
    MeetingFactory,
    OrganisationFactory,
    PaperFactory,
    RecusalFactory,
    UserFactory,
    decision_kind,
)

pytestmark = pytest.mark.django_db

# Written into every classified field the handoffs touch: no e-mail may carry it.
CANARY = "Kestrel"


@dataclass
class People:
    secretariat: object
    chair: object
    attendee: object
    amber: object  # a committee member (AMBER clearance) not attending
    outsider: object  # GREEN, not attending


@pytest.fixture
def people(secretariat) -> People:
    return People(
        secretariat=secretariat,
        chair=UserFactory(username="chair", clearance=Level.AMBER),
        attendee=UserFactory(username="attendee", clearance=Level.GREEN),
        amber=UserFactory(username="amber", clearance=Level.AMBER),
        outsider=UserFactory(username="outsider", clearance=Level.GREEN),
    )


def _meeting(people: People, number=89, **fields):
    """A meeting the chair chairs and the attendee attends, its record full of canaries."""
    meeting = MeetingFactory(number=number, **fields)
    AttendanceFactory(meeting=meeting, user=people.chair, role="chair")
    AttendanceFactory(meeting=meeting, user=people.attendee, role="member")
    published = None if meeting.status == MeetingStatus.DRAFT else timezone.now()
    item = AgendaItemFactory(
        meeting=meeting,
        number=1,
        title=f"{CANARY} item",
        level=Level.AMBER,
        minutes=f"{CANARY} minutes",
        headline="The SSC discussed a public matter.",
        published_at=published,
    )
    PaperFactory(item=item, title=f"{CANARY} paper", published_at=published)
    DecisionFactory(
        item=item,
        kind=decision_kind("ssa"),
        party=OrganisationFactory(name=f"{CANARY} Energy Ltd"),
        level=Level.RED,
        note=f"{CANARY} note",
    )
    return meeting


def _item(meeting):
    return meeting.items.get(number=1)


# Each handoff: prepare(people, monkeypatch) sets the scene (anything it sends is sent before
# the test looks) and returns the act, whose e-mails the test reads.


def _agenda_published(people, monkeypatch):
    meeting = _meeting(people, status=MeetingStatus.DRAFT)
    return lambda: meeting_services.agenda_publish(meeting=meeting, by=people.secretariat)


def _papers_added_after_publication(people, monkeypatch):
    meeting = _meeting(people, status=MeetingStatus.DRAFT)
    meeting_services.agenda_publish(meeting=meeting, by=people.secretariat)
    PaperFactory(item=_item(meeting), title=f"{CANARY} late paper", published_at=None)
    return lambda: meeting_services.agenda_publish(meeting=meeting, by=people.secretariat)


def _paper_replaced(people, monkeypatch):
    paper = _item(_meeting(people)).papers.get()
    return lambda: meeting_services.paper_version_add(
        paper=paper, content=text_pdf([CANARY]), by=people.secretariat
    )


def _headlines_submitted(people, monkeypatch):
    meeting = _meeting(people, status=MeetingStatus.HELD)
    return lambda: headlines_services.headlines_submit(meeting=meeting, by=people.secretariat)


def _headlines_returned(people, monkeypatch):
    meeting = _meeting(people, status=MeetingStatus.HELD)
    request = headlines_services.headlines_submit(meeting=meeting, by=people.secretariat)
    return lambda: headlines_services.headlines_return(
        request=request, by=people.chair, comment=f"{CANARY} should not be listed"
    )


def _headlines_withdrawn(people, monkeypatch):
    meeting = _meeting(people, status=MeetingStatus.HELD)
    request = headlines_services.headlines_submit(meeting=meeting, by=people.secretariat)
    return lambda: headlines_services.headlines_withdraw(request=request, by=people.secretariat)


def _headlines_published(people, monkeypatch):
    meeting = _meeting(people, status=MeetingStatus.HELD)
    request = headlines_services.headlines_submit(meeting=meeting, by=people.secretariat)
    # Approved here, rendered by the act: what the worker does.
    monkeypatch.setattr(headlines_services, "dispatch_render", lambda request_id: True)
    headlines_services.headlines_approve(request=request, by=people.chair)
    return lambda: headlines_services.headlines_render(request_id=request.pk)


def _minutes_circulated(people, monkeypatch):
    meeting = _meeting(people, status=MeetingStatus.HELD)
    return lambda: meeting_services.minutes_circulate(meeting=meeting, by=people.secretariat)


def _minutes_approved(people, monkeypatch):
    meeting = _meeting(people, status=MeetingStatus.HELD)
    meeting_services.minutes_circulate(meeting=meeting, by=people.secretariat)
    return lambda: meeting_services.minutes_approve(meeting=meeting, by=people.chair)


def _minutes_returned(people, monkeypatch):
    meeting = _meeting(people, status=MeetingStatus.HELD)
    meeting_services.minutes_circulate(meeting=meeting, by=people.secretariat)
    return lambda: meeting_services.minutes_return(
        meeting=meeting, by=people.chair, comment=f"{CANARY} is named in item 1"
    )


def _action_assigned(people, monkeypatch):
    item = _item(_meeting(people, status=MeetingStatus.HELD))
    meeting_services.minutes_circulate(meeting=item.meeting, by=people.secretariat)
    return lambda: meeting_services.action_raise(
        item=item, description=f"{CANARY} action", owner="attendee", by=people.secretariat
    )


TODAY = datetime.date(2025, 3, 3)


def _action_due_soon(people, monkeypatch):
    item = _item(_meeting(people, status=MeetingStatus.HELD, minutes_status="circulated"))
    ActionFactory(
        item=item,
        description=f"{CANARY} action",
        owner_user=people.attendee,
        due=TODAY + datetime.timedelta(days=3),
    )
    return lambda: notices.action_reminders(today=TODAY)


def _action_overdue(people, monkeypatch):
    item = _item(_meeting(people, status=MeetingStatus.HELD, minutes_status="circulated"))
    ActionFactory(
        item=item,
        description=f"{CANARY} action",
        owner_user=people.attendee,
        due=TODAY - datetime.timedelta(days=1),
    )
    return lambda: notices.action_reminders(today=TODAY)


def _meeting_reminder(people, monkeypatch):
    _meeting(people, date=TODAY + datetime.timedelta(days=2))
    return lambda: notices.meeting_reminders(today=TODAY)


def _question_asked(people, monkeypatch):
    item = _item(_meeting(people))
    questions_services.presenter_contact_name(item=item, user=people.amber, by=None)
    return lambda: questions_services.question_ask(
        item=item, text=f"{CANARY} question", by=people.attendee
    )


def _question_answered(people, monkeypatch):
    item = _item(_meeting(people))
    question = questions_services.question_ask(
        item=item, text=f"{CANARY} question", by=people.attendee
    )
    return lambda: questions_services.answer_add(
        question=question, text=f"{CANARY} answer", by=people.secretariat
    )


@dataclass
class Handoff:
    prepare: Callable
    kind: str
    told: tuple[str, ...]  # usernames


HANDOFFS = {
    "agenda-published": Handoff(
        _agenda_published, Kind.AGENDA_PUBLISHED, ("chair", "attendee", "amber")
    ),
    "papers-added-after-publication": Handoff(
        _papers_added_after_publication,
        Kind.PAPER_ADDED_AFTER_PUBLICATION,
        ("chair", "attendee", "amber"),
    ),
    "paper-replaced": Handoff(
        _paper_replaced, Kind.PAPER_ADDED_AFTER_PUBLICATION, ("chair", "attendee", "amber")
    ),
    "headlines-submitted": Handoff(_headlines_submitted, Kind.HEADLINES_SUBMITTED, ("chair",)),
    "headlines-returned": Handoff(_headlines_returned, Kind.HEADLINES_RETURNED, ("sec",)),
    "headlines-withdrawn": Handoff(_headlines_withdrawn, Kind.HEADLINES_WITHDRAWN, ("chair",)),
    "headlines-published": Handoff(
        _headlines_published, Kind.HEADLINES_PUBLISHED, ("chair", "attendee")
    ),
    "minutes-circulated": Handoff(
        _minutes_circulated, Kind.MINUTES_CIRCULATED, ("chair", "attendee")
    ),
    "minutes-approved": Handoff(_minutes_approved, Kind.MINUTES_APPROVED, ("attendee", "sec")),
    "minutes-returned": Handoff(_minutes_returned, Kind.MINUTES_RETURNED, ("sec",)),
    "action-assigned": Handoff(_action_assigned, Kind.ACTION_ASSIGNED, ("attendee",)),
    "action-due-soon": Handoff(_action_due_soon, Kind.ACTION_DUE_SOON, ("attendee",)),
    "action-overdue": Handoff(_action_overdue, Kind.ACTION_OVERDUE, ("attendee",)),
    "meeting-reminder": Handoff(_meeting_reminder, Kind.MEETING_REMINDER, ("chair", "attendee")),
    "question-asked": Handoff(_question_asked, Kind.QUESTION_ASKED, ("amber", "sec")),
    "question-answered": Handoff(_question_answered, Kind.QUESTION_ANSWERED, ("attendee",)),
}


@pytest.fixture(params=list(HANDOFFS.values()), ids=list(HANDOFFS))
def handoff(request):
    return request.param


@pytest.fixture
def act(handoff, people, monkeypatch, django_capture_on_commit_callbacks):
    """The handoff's act, its scene set and everything the scene sent already sent."""
    with django_capture_on_commit_callbacks(execute=True):
        act = handoff.prepare(people, monkeypatch)
    mail.outbox.clear()
    return act


def _run(act, django_capture_on_commit_callbacks):
    """Run the act and the work sent once it commits (tasks run in this process)."""
    with django_capture_on_commit_callbacks(execute=True):
        act()


def _told() -> Counter:
    """How many e-mails each address was sent."""
    return Counter(address for message in mail.outbox for address in message.to)


def _addresses(*usernames) -> Counter:
    return Counter(f"{username}@example.org" for username in usernames)


def test_each_handoff_emails_the_right_people_and_only_them_once(
    handoff, act, django_capture_on_commit_callbacks
):
    _run(act, django_capture_on_commit_callbacks)
    assert _told() == _addresses(*handoff.told)


def test_no_handoff_email_carries_classified_words(act, django_capture_on_commit_callbacks):
    _run(act, django_capture_on_commit_callbacks)
    assert mail.outbox
    for message in mail.outbox:
        assert CANARY not in message.subject
        assert CANARY not in message.body


def test_each_handoff_email_links_to_the_portal(act, django_capture_on_commit_callbacks):
    _run(act, django_capture_on_commit_callbacks)
    for message in mail.outbox:
        assert f"{settings.SITE_URL}/" in message.body
        assert "89_" in message.subject  # names the meeting or its action by reference


def test_each_handoff_sends_nothing_to_whoever_turned_its_kind_off(
    handoff, people, act, django_capture_on_commit_callbacks
):
    first, *others = handoff.told
    services.preferences_save(
        user=UserFactory(username=first), deliveries={handoff.kind: Delivery.OFF}
    )
    _run(act, django_capture_on_commit_callbacks)
    assert _told() == _addresses(*others)


def test_each_handoff_happening_again_tells_nobody_twice(
    handoff, act, django_capture_on_commit_callbacks
):
    _run(act, django_capture_on_commit_callbacks)
    for event_key in Notification.objects.values_list("event_key", flat=True).distinct():
        services.notifications_send(event_key=event_key)
    services.dispatch_pending(now=timezone.now() + datetime.timedelta(days=1))
    assert _told() == _addresses(*handoff.told)


def _refused(*args, **kwargs):
    raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")


def test_with_the_broker_down_during_each_handoff_the_sweep_sends_it_once(
    handoff, act, tasks_run_in_process, monkeypatch, django_capture_on_commit_callbacks
):
    # Sent to a broker (as in tests/sscportal/test_dispatch.py), which refuses the connection.
    tasks_run_in_process.conf.task_always_eager = False
    with monkeypatch.context() as broker_down:
        broker_down.setattr(notification_tasks.notifications_send_task, "apply_async", _refused)
        _run(act, django_capture_on_commit_callbacks)
    tasks_run_in_process.conf.task_always_eager = True  # the broker is back: tasks run here
    assert mail.outbox == []
    assert not Notification.objects.filter(dispatched_at__isnull=False).exists()

    assert services.dispatch_pending() == 1
    assert services.dispatch_pending() == 0
    assert _told() == _addresses(*handoff.told)


# The rules of particular handoffs.


def test_a_replaced_paper_is_not_told_to_a_member_recused_from_its_item(
    people, django_capture_on_commit_callbacks
):
    paper = _item(_meeting(people)).papers.get()
    RecusalFactory(item=paper.item, user=people.attendee)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.paper_version_add(paper=paper, content=text_pdf(["v2"]), by=None)
    assert _told() == _addresses("chair", "amber")


def test_replacing_a_paper_not_yet_published_tells_nobody(
    people, django_capture_on_commit_callbacks
):
    meeting = _meeting(people, status=MeetingStatus.DRAFT)
    paper = _item(meeting).papers.get()
    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.paper_version_add(paper=paper, content=text_pdf(["v2"]), by=None)
    assert mail.outbox == []


def test_an_action_assigned_to_someone_who_cannot_see_it_tells_nobody(
    people, django_capture_on_commit_callbacks
):
    item = _item(_meeting(people, status=MeetingStatus.HELD))
    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.action_raise(
            item=item, description="x", owner="outsider", by=people.secretariat
        )
    assert mail.outbox == []


def _meeting_with_actions_seen(people):
    """A meeting held before, its minutes (and so its actions) circulated to its attendees."""
    return _meeting(people, number=88, status=MeetingStatus.HELD, minutes_status="circulated")


def test_an_action_raised_on_draft_minutes_is_told_to_its_owner_once_they_are_circulated(
    people, django_capture_on_commit_callbacks
):
    meeting = _meeting(people, status=MeetingStatus.HELD)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.action_raise(
            item=_item(meeting), description="x", owner="attendee", by=people.secretariat
        )
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.minutes_circulate(meeting=meeting, by=people.secretariat)
    assigned = [m for m in mail.outbox if "action" in m.subject]
    assert [m.to for m in assigned] == [["attendee@example.org"]]


def test_the_reminders_run_again_tell_nobody_twice(people, django_capture_on_commit_callbacks):
    item = _item(_meeting(people, date=TODAY + datetime.timedelta(days=1)))
    earlier = _item(_meeting_with_actions_seen(people))
    ActionFactory(item=earlier, owner_user=people.attendee, due=TODAY)
    ActionFactory(item=earlier, owner_user=people.attendee, due=TODAY - datetime.timedelta(days=9))
    ActionFactory(item=item, owner_user=people.attendee, due=TODAY)  # minutes not circulated
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            notices.action_reminders(today=TODAY)
            notices.meeting_reminders(today=TODAY)
    assert _told() == _addresses("attendee", "attendee", "attendee", "chair")


def test_an_action_done_or_far_off_is_not_reminded(people, django_capture_on_commit_callbacks):
    item = _item(_meeting_with_actions_seen(people))
    ActionFactory(item=item, owner_user=people.attendee, due=TODAY, status="done")
    ActionFactory(item=item, owner_user=people.attendee, due=TODAY + datetime.timedelta(days=4))
    with django_capture_on_commit_callbacks(execute=True):
        notices.action_reminders(today=TODAY)
    assert mail.outbox == []


def test_a_meeting_held_or_further_off_than_two_days_is_not_reminded(
    people, django_capture_on_commit_callbacks
):
    _meeting(people, date=TODAY + datetime.timedelta(days=3))
    MeetingFactory(date=TODAY + datetime.timedelta(days=1), status=MeetingStatus.HELD)
    with django_capture_on_commit_callbacks(execute=True):
        notices.meeting_reminders(today=TODAY)
    assert mail.outbox == []


def test_returned_headlines_are_told_as_returned_with_the_reason_left_on_the_portal(
    people, django_capture_on_commit_callbacks
):
    act = _headlines_returned(people, None)
    with django_capture_on_commit_callbacks(execute=True):
        act()
    request = HeadlinesRequest.objects.get()
    [message] = [m for m in mail.outbox if m.to == ["sec@example.org"]]
    assert "returned" in message.subject
    assert "reason" in message.body
    assert reverse("headlines:headlines_review", args=[request.pk]) in message.body


# The daily digest.


def _digest_for(user, *kinds):
    services.preferences_save(user=user, deliveries=dict.fromkeys(kinds, Delivery.DIGEST))


def test_a_digest_notification_is_not_sent_at_once(people, django_capture_on_commit_callbacks):
    _digest_for(people.chair, Kind.HEADLINES_SUBMITTED)
    act = _headlines_submitted(people, None)
    with django_capture_on_commit_callbacks(execute=True):
        act()
    assert mail.outbox == []
    assert services.dispatch_pending() == 0


def test_the_daily_digest_gathers_the_days_notifications_into_one_email(
    people, django_capture_on_commit_callbacks
):
    _digest_for(people.attendee, Kind.MINUTES_CIRCULATED, Kind.ACTION_ASSIGNED)
    item = _item(_meeting(people, status=MeetingStatus.HELD))
    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.minutes_circulate(meeting=item.meeting, by=people.secretariat)
        for _ in range(2):
            meeting_services.action_raise(
                item=item, description=f"{CANARY} action", owner="attendee", by=None
            )
    mail.outbox.clear()  # the chair's, sent at once
    assert services.digests_send() == 1
    [digest] = mail.outbox
    assert digest.to == ["attendee@example.org"]
    assert digest.body.count(f"{settings.SITE_URL}/meetings/SSC/89/") == 1
    assert digest.body.count(f"{settings.SITE_URL}/actions/") == 2
    assert CANARY not in digest.subject + digest.body


def test_the_digest_sent_again_sends_nothing(people, django_capture_on_commit_callbacks):
    _digest_for(people.chair, Kind.HEADLINES_SUBMITTED)
    act = _headlines_submitted(people, None)
    with django_capture_on_commit_callbacks(execute=True):
        act()
    assert services.digests_send() == 1
    assert services.digests_send() == 0
    assert len(mail.outbox) == 1


def test_a_notification_turned_off_is_recorded_and_never_sent(
    people, django_capture_on_commit_callbacks
):
    services.preferences_save(
        user=people.chair, deliveries={Kind.HEADLINES_SUBMITTED: Delivery.OFF}
    )
    act = _headlines_submitted(people, None)
    with django_capture_on_commit_callbacks(execute=True):
        act()
    assert services.digests_send() == 0
    assert services.dispatch_pending() == 0
    assert mail.outbox == []
    assert Notification.objects.get(recipient=people.chair).delivery == Delivery.OFF


# The preferences page.


def test_the_preferences_page_offers_each_kind_immediately_by_default(client, member):
    client.force_login(member)
    response = client.get(reverse("notifications:preferences"))
    assert response.status_code == 200
    for kind in Kind:
        assert escape(kind.label) in response.content.decode()
    assert response.context["form"].initial == dict.fromkeys(Kind.values, Delivery.IMMEDIATELY)


def test_choosing_a_daily_digest_on_the_preferences_page_keeps_it(client, member):
    client.force_login(member)
    choices = dict.fromkeys(Kind.values, Delivery.IMMEDIATELY)
    choices[Kind.AGENDA_PUBLISHED] = Delivery.DIGEST
    choices[Kind.MEETING_REMINDER] = Delivery.OFF
    response = client.post(reverse("notifications:preferences"), choices)
    assert response.status_code == 302
    assert services.preferences_of(member)[Kind.AGENDA_PUBLISHED] == Delivery.DIGEST
    assert services.preferences_of(member)[Kind.MEETING_REMINDER] == Delivery.OFF
    assert NotificationPreference.objects.filter(user=member).count() == 2


def test_an_unknown_choice_on_the_preferences_page_is_refused(client, member):
    client.force_login(member)
    choices = dict.fromkeys(Kind.values, "hourly")
    response = client.post(reverse("notifications:preferences"), choices)
    assert response.status_code == 200
    assert not NotificationPreference.objects.exists()


def test_the_preferences_page_asks_a_visitor_to_sign_in(client):
    response = client.get(reverse("notifications:preferences"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_dashboard_links_to_the_notification_preferences(client, member):
    client.force_login(member)
    response = client.get(reverse("members:dashboard"))
    assert reverse("notifications:preferences") in response.content.decode()
