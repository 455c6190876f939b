"""The classification layer's own rules: levels, grants, parents, queries, 404s and badges."""

import datetime
from unittest import mock

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.http import Http404
from django.template import Context, Template
from django.utils import timezone

from classification.levels import Level
from classification.visibility import get_visible_or_404, user_level
from meetings import services
from meetings.models import AgendaItem, Meeting, Paper
from tests.factories import (
    ActionFactory,
    AgendaItemFactory,
    AttendanceFactory,
    CommitteeFactory,
    DecisionFactory,
    MeetingFactory,
    MembershipFactory,
    PaperFactory,
    RecusalFactory,
    UserFactory,
)


def test_levels_are_ordered_white_green_amber_red():
    assert Level.WHITE < Level.GREEN < Level.AMBER < Level.RED


def test_a_level_is_found_by_name_in_any_case():
    assert Level.from_name("amber") is Level.AMBER


def test_an_unknown_level_name_is_refused_with_the_allowed_names():
    with pytest.raises(
        ValueError, match="unknown classification 'PURPLE'.*WHITE, GREEN, AMBER, RED"
    ):
        Level.from_name("PURPLE")


@pytest.mark.django_db
def test_red_clearance_alone_does_not_reach_red_business():
    # The shorthand makes a member at AMBER: RED comes only with attendance of a meeting.
    user = UserFactory(clearance=Level.RED)
    amber, _ = AgendaItemFactory(level=Level.AMBER), AgendaItemFactory(level=Level.RED)
    assert list(AgendaItem.objects.visible_to(user)) == [amber]


@pytest.mark.django_db
def test_an_inactive_account_sees_only_what_the_public_sees():
    assert user_level(UserFactory(clearance=Level.AMBER, is_active=False)) == Level.WHITE


def test_anonymous_users_see_white_only():
    assert user_level(AnonymousUser()) == Level.WHITE


@pytest.mark.django_db
def test_recording_an_attendee_grants_the_meetings_red_business(member):
    meeting = MeetingFactory()
    services.attendance_record(meeting=meeting, user=member, by=None)
    assert member.has_perm("meetings.attend_meeting", meeting)


@pytest.mark.django_db
def test_removing_an_attendee_revokes_the_red_grant(member):
    meeting = MeetingFactory()
    services.attendance_record(meeting=meeting, user=member, by=None)
    services.attendance_remove(meeting=meeting, user=member, by=None)
    member = type(member).objects.get(pk=member.pk)  # guardian caches permissions per instance
    assert not member.has_perm("meetings.attend_meeting", meeting)


@pytest.mark.django_db
def test_attending_one_meeting_grants_nothing_in_another(member):
    attended, other = MeetingFactory(), MeetingFactory()
    AttendanceFactory(meeting=attended, user=member)
    red_elsewhere = AgendaItemFactory(meeting=other, level=Level.RED)
    assert red_elsewhere not in AgendaItemFactory._meta.model.objects.visible_to(member)


@pytest.mark.django_db
@pytest.mark.parametrize("factory", [PaperFactory, DecisionFactory, ActionFactory])
def test_a_child_below_its_items_level_is_a_validation_error(factory):
    item = AgendaItemFactory(level=Level.AMBER)
    child = factory.build(item=item, level=Level.GREEN)
    with pytest.raises(ValidationError, match="GREEN is below its agenda item's level AMBER"):
        child.full_clean()


@pytest.mark.django_db
def test_an_item_cannot_be_raised_above_its_papers():
    item = AgendaItemFactory(level=Level.AMBER)
    PaperFactory(item=item, level=Level.AMBER, title="Amber paper")
    item.level = Level.RED
    with pytest.raises(ValidationError, match="paper “Amber paper” would be more visible"):
        item.full_clean()


@pytest.mark.django_db
def test_visible_to_is_one_query_whatever_the_number_of_grants(member, django_assert_num_queries):
    for _ in range(30):
        meeting = MeetingFactory()
        AttendanceFactory(meeting=meeting, user=member)
        PaperFactory(item=AgendaItemFactory(meeting=meeting, level=Level.RED), level=Level.RED)
    with django_assert_num_queries(1):
        papers = list(Paper.objects.visible_to(member))
    assert len(papers) == 30


@pytest.mark.django_db
def test_get_visible_or_404_answers_404_for_what_the_user_may_not_see(registered):
    paper = PaperFactory(item=AgendaItemFactory(level=Level.AMBER), level=Level.AMBER)
    with pytest.raises(Http404):
        get_visible_or_404(Paper, registered, pk=paper.pk)


@pytest.mark.django_db
def test_draft_meetings_are_seen_by_the_secretariat_only(secretariat, member):
    draft = MeetingFactory(status="draft")
    assert draft not in Meeting.objects.visible_to(member)
    assert draft in Meeting.objects.visible_to(secretariat)


def test_the_badge_names_its_level_for_readers_who_cannot_see_colour():
    html = Template("{% load classification %}{% tlp_badge 2 %}").render(Context())
    assert html == (
        '<span class="tlp tlp-amber" title="need to know: current members of the committee">'
        "AMBER</span>"
    )


@pytest.mark.django_db
def test_a_decision_below_its_partys_level_is_a_validation_error():
    item = AgendaItemFactory(level=Level.AMBER)
    decision = DecisionFactory.build(item=item, level=Level.AMBER)
    decision.party.level = Level.RED
    with pytest.raises(ValidationError, match="AMBER is below its organisation's level RED"):
        decision.full_clean()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("clearance", "level", "attending", "reason"),
    [
        (Level.GREEN, Level.WHITE, False, "It is WHITE: public."),
        (Level.GREEN, Level.GREEN, False, "It is GREEN: every signed-in account sees it."),
        (Level.AMBER, Level.AMBER, False, "It is AMBER and you are a current member of the SSC"),
        (Level.AMBER, Level.RED, True, "It is RED and you attend this meeting"),
    ],
)
def test_why_visible_names_the_rule_that_lets_the_user_see(clearance, level, attending, reason):
    from classification.visibility import standing_in, why_visible

    user = UserFactory(clearance=clearance)
    standing = standing_in(user, CommitteeFactory())
    assert why_visible(standing, level, attending=attending).startswith(reason)


@pytest.mark.django_db
def test_attends_is_true_only_for_the_meetings_attendees(member):
    from classification.visibility import attends

    meeting = MeetingFactory()
    assert not attends(member, meeting)
    AttendanceFactory(meeting=meeting, user=member)
    assert attends(member, meeting)


@pytest.mark.django_db
def test_a_membership_that_starts_is_seen_by_the_readers_next_filter():
    # The filter's subqueries are compiled once per reader and day: their SQL, never rows.
    reader, committee = UserFactory(), CommitteeFactory()
    item = AgendaItemFactory(meeting=MeetingFactory(committee=committee), level=Level.AMBER)
    assert item not in AgendaItem.objects.visible_to(reader)
    MembershipFactory(user=reader, committee=committee)
    assert item in AgendaItem.objects.visible_to(reader)


@pytest.mark.django_db
def test_a_grant_and_a_recusal_are_seen_by_the_readers_next_filter():
    reader = UserFactory()
    item = AgendaItemFactory(level=Level.RED)
    assert item not in AgendaItem.objects.visible_to(reader)
    AttendanceFactory(meeting=item.meeting, user=reader)
    assert item in AgendaItem.objects.visible_to(reader)
    RecusalFactory(item=item, user=reader)
    assert item not in AgendaItem.objects.visible_to(reader)


@pytest.mark.django_db
def test_a_membership_that_ends_is_no_longer_seen_by_the_readers_filter_the_next_day():
    reader, committee = UserFactory(), CommitteeFactory()
    item = AgendaItemFactory(meeting=MeetingFactory(committee=committee), level=Level.AMBER)
    today = timezone.localdate()
    MembershipFactory(user=reader, committee=committee, ends=today + datetime.timedelta(days=1))
    assert item in AgendaItem.objects.visible_to(reader)
    with mock.patch.object(timezone, "localdate", return_value=today + datetime.timedelta(days=1)):
        assert item not in AgendaItem.objects.visible_to(reader)


@pytest.mark.django_db
def test_the_filters_subqueries_sort_nothing(secretariat):
    # A set to test membership in needs no order: the models' default order joined
    # committees and users to each of them.
    query = str(AgendaItem.objects.visible_to(secretariat).order_by().query)
    assert "ORDER BY" not in query
