"""The member's dashboard: upcoming meetings, new and unread papers, their own open actions."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from classification.levels import Level
from members.models import DashboardVisit, PaperRead
from members.services import paper_mark_read
from tests.factories import (
    ActionFactory,
    AgendaItemFactory,
    AttendanceFactory,
    MeetingFactory,
    PaperFactory,
    RecusalFactory,
)

pytestmark = pytest.mark.django_db


def _upcoming(days=7, **kwargs):
    return MeetingFactory(date=timezone.localdate() + datetime.timedelta(days=days), **kwargs)


def _last_visit(user, ago=datetime.timedelta(days=1)):
    """Pretend `user` last saw the dashboard `ago`."""
    DashboardVisit.objects.update_or_create(user=user, defaults={"seen_at": timezone.now() - ago})


def _paper(level=Level.AMBER, **kwargs):
    meeting = MeetingFactory(minutes_status="approved")
    item = AgendaItemFactory(meeting=meeting, level=level)
    return PaperFactory(item=item, **kwargs)


def _own_action(user, **kwargs):
    meeting = MeetingFactory(minutes_status="approved")
    item = AgendaItemFactory(meeting=meeting, level=kwargs.pop("level", Level.AMBER))
    return ActionFactory(item=item, owner_user=user, owner_organisation="", **kwargs)


def _dashboard(client, user):
    client.force_login(user)
    return client.get("/dashboard/").content.decode()


def test_the_dashboard_asks_an_anonymous_visitor_to_sign_in(client):
    response = client.get("/dashboard/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/dashboard/"


def test_the_dashboard_lists_an_upcoming_meeting_the_user_attends(client, member):
    meeting = _upcoming(number=90, location="Fleetbank House")
    AttendanceFactory(meeting=meeting, user=member)
    assert f"SSC 90_{meeting.date:%d%m}" in _dashboard(client, member)


def test_the_dashboard_leaves_out_a_past_meeting_the_user_attended(client, member):
    meeting = _upcoming(days=-1, number=88)
    AttendanceFactory(meeting=meeting, user=member)
    assert "SSC 88_" not in _dashboard(client, member)


def test_the_dashboard_leaves_out_a_meeting_the_user_does_not_attend(client, member):
    _upcoming(number=91)
    assert "SSC 91_" not in _dashboard(client, member)


def test_the_dashboard_leaves_out_a_draft_meeting_the_user_attends(client, member):
    meeting = _upcoming(number=92, status="draft")
    AttendanceFactory(meeting=meeting, user=member)
    assert "SSC 92_" not in _dashboard(client, member)


def test_the_dashboard_marks_a_paper_unread_until_it_is_opened(client, member):
    paper = _paper(title="Shared Resources review")
    _last_visit(member)
    assert "<strong>Unread</strong>" in _dashboard(client, member)

    client.get(f"/papers/{paper.pk}/")
    _last_visit(member)
    html = _dashboard(client, member)
    assert "Shared Resources review" in html
    assert "<strong>Unread</strong>" not in html


def test_opening_a_paper_twice_keeps_the_time_it_was_first_read(client, member):
    paper = _paper()
    client.force_login(member)
    client.get(f"/papers/{paper.pk}/")
    first = PaperRead.objects.get(user=member, paper=paper).first_read_at
    client.get(f"/papers/{paper.pk}/?inline=1")
    assert list(PaperRead.objects.values_list("first_read_at", flat=True)) == [first]


def test_an_anonymous_download_records_no_reading(client):
    paper = _paper(level=Level.WHITE)
    assert client.get(f"/papers/{paper.pk}/").status_code == 200
    assert not PaperRead.objects.exists()


def test_a_refused_download_records_no_reading(client, registered):
    paper = _paper(level=Level.AMBER)
    client.force_login(registered)
    assert client.get(f"/papers/{paper.pk}/").status_code == 404
    assert not PaperRead.objects.exists()


def test_marking_a_paper_read_for_an_anonymous_user_does_nothing():
    from django.contrib.auth.models import AnonymousUser

    paper_mark_read(user=AnonymousUser(), paper=_paper(level=Level.WHITE))
    assert not PaperRead.objects.exists()


def test_the_dashboard_leaves_out_a_paper_published_before_the_last_visit(client, member):
    _paper(title="Old paper", published_at=timezone.now() - datetime.timedelta(days=3))
    _paper(title="New paper")
    _last_visit(member, ago=datetime.timedelta(days=1))
    html = _dashboard(client, member)
    assert "New paper" in html
    assert "Old paper" not in html


def test_a_paper_is_new_on_the_dashboard_only_until_the_next_visit(client, member):
    _paper(title="Fresh paper")
    _last_visit(member)
    assert "Fresh paper" in _dashboard(client, member)
    assert "Fresh paper" not in _dashboard(client, member)


def test_a_first_visit_shows_the_papers_of_the_last_thirty_days(client, member):
    _paper(title="Last week's paper", published_at=timezone.now() - datetime.timedelta(days=7))
    _paper(title="Last year's paper", published_at=timezone.now() - datetime.timedelta(days=365))
    html = _dashboard(client, member)
    assert "Last week&#x27;s paper" in html
    assert "Last year&#x27;s paper" not in html


def test_an_amber_paper_is_absent_from_a_green_users_dashboard(client, registered):
    _paper(title="Amber paper", level=Level.AMBER)
    _paper(title="Green paper", level=Level.GREEN)
    html = _dashboard(client, registered)
    assert "Green paper" in html
    assert "Amber paper" not in html


def test_a_paper_of_an_item_the_user_is_recused_from_is_absent_from_the_dashboard(client, member):
    paper = _paper(title="Party X report")
    RecusalFactory(item=paper.item, user=member)
    assert "Party X report" not in _dashboard(client, member)


def test_an_unpublished_paper_is_absent_from_the_dashboard(client, member):
    _paper(title="Draft paper", published_at=None)
    assert "Draft paper" not in _dashboard(client, member)


def test_the_dashboard_flags_the_users_overdue_action(client, member):
    _own_action(member, reference="SSC89/01", due=timezone.localdate() - datetime.timedelta(1))
    html = _dashboard(client, member)
    assert "SSC89/01" in html
    assert "<strong>Overdue</strong>" in html


def test_the_dashboard_lists_the_users_open_action_not_yet_due(client, member):
    _own_action(member, reference="SSC89/02", due=timezone.localdate() + datetime.timedelta(9))
    html = _dashboard(client, member)
    assert "SSC89/02" in html
    assert "Overdue" not in html


def test_the_dashboard_leaves_out_the_users_done_action(client, member):
    _own_action(member, reference="SSC89/03", status="done")
    assert "SSC89/03" not in _dashboard(client, member)


def test_the_dashboard_leaves_out_someone_elses_action(client, member, chair):
    _own_action(chair, reference="SSC89/04")
    assert "SSC89/04" not in _dashboard(client, member)


def test_the_dashboard_leaves_out_an_own_action_the_user_may_not_see(client, registered):
    _own_action(registered, reference="SSC89/05", level=Level.AMBER)
    assert "SSC89/05" not in _dashboard(client, registered)


def _fill(member, count):
    """`count` upcoming meetings the member attends, each with a new paper and an own action."""
    for _ in range(count):
        meeting = _upcoming(minutes_status="approved")
        AttendanceFactory(meeting=meeting, user=member)
        item = AgendaItemFactory(meeting=meeting, level=Level.AMBER)
        PaperFactory(item=item, with_file=False)
        ActionFactory(item=item, owner_user=member, due=timezone.localdate())


def test_the_dashboard_makes_as_many_queries_for_100_papers_and_actions_as_for_10(
    client, member, django_assert_num_queries
):
    client.force_login(member)
    _fill(member, 10)
    _last_visit(member)
    with CaptureQueriesContext(connection) as ten:
        html = client.get("/dashboard/").content.decode()
    assert html.count("<strong>Unread</strong>") == 10

    _fill(member, 90)
    _last_visit(member)
    with django_assert_num_queries(len(ten)):
        html = client.get("/dashboard/").content.decode()
    assert html.count("<strong>Unread</strong>") == 50
    # Each action is due today: listed in My work, and among the open actions.
    assert html.count("/actions/SSC") == 2 * 100
