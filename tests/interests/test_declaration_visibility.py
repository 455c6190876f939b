"""Who sees a declaration of interest: the audience of its item's minutes, with its own level
in reach, through the queryset, `can_view` and the pages alike. (The visibility matrices in
tests/classification/ hold declarations to every persona, level and state besides.)"""

import datetime

import pytest
from django.utils import timezone

from classification.levels import Level
from classification.visibility import can_view
from interests.models import Declaration
from tests.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    CommitteeFactory,
    DeclarationFactory,
    MeetingFactory,
    MembershipFactory,
    RecusalFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

CANARY = "CANARY-DECLARED-INTEREST-5c1d"


@pytest.fixture
def ssc():
    return CommitteeFactory(code="SSC")


@pytest.fixture
def people(ssc):
    """An SSC member at AMBER, a TABASC member at AMBER, a former SSC member, two attendees
    (one recused from the item) and the SSC's secretariat."""
    tabasc = CommitteeFactory(code="TABASC", name="TABASC")
    expired = UserFactory(username="expired")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    MembershipFactory(user=expired, committee=ssc, ends=yesterday)
    return {
        "ssc_member": UserFactory(username="ssc_member", member_of=ssc),
        "tabasc_member": UserFactory(username="tabasc_member", member_of=tabasc),
        "expired_member": expired,
        "attendee": UserFactory(username="attendee"),
        "recused_attendee": UserFactory(username="recused_attendee", member_of=ssc),
        "secretariat": UserFactory(username="sec", secretariat_of=ssc),
    }


def _declaration(ssc, people, level, minutes_status="approved"):
    meeting = MeetingFactory(committee=ssc, status="held", minutes_status=minutes_status)
    item = AgendaItemFactory(meeting=meeting, level=level, title=f"{level.label} business")
    for name in ("attendee", "recused_attendee"):
        AttendanceFactory(meeting=meeting, user=people[name])
    RecusalFactory(item=item, user=people["recused_attendee"])
    return DeclarationFactory(item=item, declarant=people["attendee"], text=CANARY)


def _sees(user, declaration) -> dict:
    """Whether `user` sees `declaration` by each channel."""
    return {
        "queryset": Declaration.objects.visible_to(user).filter(pk=declaration.pk).exists(),
        "can_view": can_view(user, declaration),
    }


def _on_the_meeting_page(client, user, declaration) -> bool:
    meeting = declaration.item.meeting
    client.force_login(user)
    return CANARY in client.get(f"/meetings/SSC/{meeting.number}/").content.decode()


BOTH = {"queryset": True, "can_view": True}
NEITHER = {"queryset": False, "can_view": False}


def test_a_current_member_at_amber_sees_a_declaration_at_an_amber_item(client, ssc, people):
    declaration = _declaration(ssc, people, Level.AMBER)
    assert _sees(people["ssc_member"], declaration) == BOTH
    assert _on_the_meeting_page(client, people["ssc_member"], declaration)


@pytest.mark.parametrize("name", ["tabasc_member", "expired_member"])
def test_a_member_of_another_committee_or_a_former_member_does_not(client, ssc, people, name):
    declaration = _declaration(ssc, people, Level.AMBER)
    assert _sees(people[name], declaration) == NEITHER
    assert not _on_the_meeting_page(client, people[name], declaration)


def test_at_a_red_item_only_attendees_not_recused_see_a_declaration(client, ssc, people):
    declaration = _declaration(ssc, people, Level.RED)
    seen = {name: _sees(user, declaration) == BOTH for name, user in people.items()}
    assert seen == {
        "ssc_member": False,
        "tabasc_member": False,
        "expired_member": False,
        "attendee": True,
        "recused_attendee": False,
        "secretariat": True,
    }
    assert _on_the_meeting_page(client, people["attendee"], declaration)
    assert not _on_the_meeting_page(client, people["recused_attendee"], declaration)
    assert not _on_the_meeting_page(client, people["ssc_member"], declaration)


def test_a_declaration_in_draft_minutes_is_the_secretariats_alone(ssc, people):
    declaration = _declaration(ssc, people, Level.WHITE, minutes_status="draft")
    seen = {name for name, user in people.items() if _sees(user, declaration) == BOTH}
    assert seen == {"secretariat"}


def test_a_declaration_in_circulated_minutes_is_seen_by_the_attendees(ssc, people):
    declaration = _declaration(ssc, people, Level.WHITE, minutes_status="circulated")
    seen = {name for name, user in people.items() if _sees(user, declaration) == BOTH}
    assert seen == {"attendee", "secretariat"}


def test_a_declaration_above_its_item_needs_its_own_level_in_reach(ssc, people):
    declaration = _declaration(ssc, people, Level.AMBER)
    declaration.level = Level.RED
    declaration.save()
    assert _sees(people["ssc_member"], declaration) == NEITHER
    assert _sees(people["attendee"], declaration) == BOTH


def test_the_filter_is_one_statement(ssc, people, django_assert_num_queries):
    _declaration(ssc, people, Level.AMBER)
    with django_assert_num_queries(1):  # memberships, grants and recusals as subqueries
        list(Declaration.objects.visible_to(people["ssc_member"]))
