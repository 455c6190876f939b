"""Committee memberships: their rules, the secretariat's pages and the per-committee powers."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from audit.models import AuditEvent
from classification.levels import Level
from classification.visibility import (
    as_password_only,
    is_secretariat,
    is_secretariat_of,
    items_audience,
    paper_readers,
    visibility_key,
)
from committees import services
from committees.models import Membership
from meetings import services as meeting_services
from meetings.models import AgendaItem
from meetings.services.notices import committee_members
from tests.factories import (
    AgendaItemFactory,
    CommitteeFactory,
    MeetingFactory,
    MembershipFactory,
    PaperFactory,
    RecusalFactory,
    SecretariatAssignmentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def ssc():
    return CommitteeFactory(code="SSC")


@pytest.fixture
def tabasc():
    return CommitteeFactory(code="TABASC", name="TABASC")


@pytest.fixture
def clerk(ssc):
    """The SSC's secretariat, and only the SSC's."""
    return UserFactory(username="clerk", secretariat_of=ssc)


@pytest.fixture
def olly(db):
    return UserFactory(username="olly", first_name="Olly", last_name="Other")


def _add(committee, user, by, **fields):
    values = {"role": "member", "level": Level.AMBER, "starts": TODAY, **fields}
    return services.membership_add(committee=committee, user=user, by=by, **values)


# The rules of a membership: each refusal names its field, and nothing is written.


def test_a_membership_that_ends_before_it_starts_is_refused_naming_ends(ssc, clerk, olly):
    with pytest.raises(ValidationError) as refused:
        _add(ssc, olly, clerk, starts=TODAY, ends=TODAY - DAY)
    assert list(refused.value.message_dict) == ["ends"]
    assert "cannot end before it starts" in refused.value.message_dict["ends"][0]
    assert not Membership.objects.exists()


def test_an_overlapping_membership_of_the_same_person_and_committee_is_refused(ssc, clerk, olly):
    _add(ssc, olly, clerk, starts=TODAY - 10 * DAY)
    with pytest.raises(ValidationError) as refused:
        _add(ssc, olly, clerk, role="chair", starts=TODAY + DAY)
    assert list(refused.value.message_dict) == ["starts"]
    assert "already holds a membership of SSC" in refused.value.message_dict["starts"][0]
    assert Membership.objects.count() == 1


def test_a_membership_of_another_committee_does_not_overlap(ssc, tabasc, olly):
    SecretariatAssignmentFactory(user=UserFactory(username="both"), committee=tabasc)
    MembershipFactory(user=olly, committee=ssc)
    MembershipFactory.build(user=olly, committee=tabasc, starts=TODAY).full_clean()


def test_memberships_one_after_the_other_do_not_overlap(ssc, olly):
    MembershipFactory(user=olly, committee=ssc, starts=TODAY - 10 * DAY, ends=TODAY)
    MembershipFactory.build(user=olly, committee=ssc, starts=TODAY).full_clean()


def test_an_observer_at_amber_is_refused_naming_level(ssc, clerk, olly):
    with pytest.raises(ValidationError) as refused:
        _add(ssc, olly, clerk, role="observer", level=Level.AMBER)
    assert refused.value.message_dict == {"level": ["An observer holds GREEN only, never AMBER."]}
    assert not Membership.objects.exists()


def test_a_membership_is_current_from_its_first_day_until_the_day_before_it_ends(ssc, olly):
    membership = MembershipFactory(user=olly, committee=ssc, starts=TODAY, ends=TODAY + DAY)
    assert list(Membership.objects.current()) == [membership]
    assert list(Membership.objects.current(TODAY + DAY)) == []
    assert list(Membership.objects.current(TODAY - DAY)) == []


# The services: only the committee's secretariat, audited, history kept.


def test_the_secretariat_of_another_committee_may_not_add_a_member(ssc, tabasc, olly):
    other = UserFactory(username="other", secretariat_of=tabasc)
    with pytest.raises(PermissionDenied):
        _add(ssc, olly, other)
    assert not Membership.objects.exists()


def test_a_password_only_session_of_the_secretariat_may_not_add_a_member(
    ssc, clerk, olly, second_factor_required
):
    with pytest.raises(PermissionDenied):
        _add(ssc, olly, as_password_only(clerk))


def test_adding_a_membership_is_audited(ssc, clerk, olly):
    membership = _add(ssc, olly, clerk)
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.MEMBERSHIP_ADDED)
    assert (event.user, event.object_id) == (clerk, str(membership.pk))
    assert event.detail["committee"] == "SSC"
    assert event.detail["member"] == "olly"


def test_ending_a_membership_keeps_it_with_its_dates_and_audits_it(ssc, clerk, olly):
    membership = _add(ssc, olly, clerk, starts=TODAY - 30 * DAY)
    services.membership_end(membership=membership, by=clerk)
    membership.refresh_from_db()
    assert (membership.starts, membership.ends) == (TODAY - 30 * DAY, TODAY)
    assert not Membership.objects.current().exists()
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.MEMBERSHIP_ENDED).count() == 1


def test_changing_a_role_ends_the_membership_and_starts_another_the_same_day(ssc, clerk, olly):
    old = _add(ssc, olly, clerk, starts=TODAY - 30 * DAY)
    new = services.membership_change(membership=old, role="alternate", level=Level.AMBER, by=clerk)
    old.refresh_from_db()
    assert old.ends == TODAY == new.starts
    assert (new.role, new.ends) == ("alternate", None)
    assert list(Membership.objects.current()) == [new]


def test_a_change_refused_by_the_rules_writes_nothing(ssc, clerk, olly):
    old = _add(ssc, olly, clerk, starts=TODAY - 30 * DAY)
    with pytest.raises(ValidationError) as refused:
        services.membership_change(membership=old, role="observer", level=Level.AMBER, by=clerk)
    assert "level" in refused.value.message_dict
    old.refresh_from_db()
    assert old.ends is None
    assert Membership.objects.count() == 1


# The pages: the committee's secretariat only, 404 for anyone else.


def test_the_members_page_lists_current_and_past_memberships(client, ssc, clerk, olly):
    MembershipFactory(user=olly, committee=ssc, starts=TODAY - 60 * DAY, ends=TODAY - DAY)
    MembershipFactory(user=olly, committee=ssc, role="chair", starts=TODAY - DAY)
    client.force_login(clerk)
    page = client.get("/committees/SSC/members/").content.decode()
    current, history = page.split("<h2>History</h2>")
    assert "Olly Other (olly)" in current and "Chair" in current
    assert "Olly Other (olly)" in history and "Member" in history


@pytest.mark.parametrize("who", ["member", "secretariat_of_tabasc", "anonymous"])
def test_the_members_page_answers_404_to_anyone_but_the_committees_secretariat(
    client, ssc, tabasc, who
):
    if who == "member":
        client.force_login(UserFactory(username="m", member_of=ssc))
    elif who == "secretariat_of_tabasc":
        client.force_login(UserFactory(username="t", secretariat_of=tabasc))
    assert client.get("/committees/SSC/members/").status_code == 404
    assert client.post("/committees/SSC/members/", {}).status_code == 404


def test_the_secretariat_adds_a_membership_in_the_browser(client, ssc, clerk, olly):
    client.force_login(clerk)
    response = client.post(
        "/committees/SSC/members/",
        {"user": olly.pk, "role": "alternate", "level": Level.AMBER, "starts": TODAY},
    )
    assert response.status_code == 302
    membership = Membership.objects.get()
    assert (membership.user, membership.role, membership.starts) == (olly, "alternate", TODAY)


def test_a_membership_ending_before_it_starts_is_shown_against_its_field(client, ssc, clerk, olly):
    client.force_login(clerk)
    response = client.post(
        "/committees/SSC/members/",
        {
            "user": olly.pk,
            "role": "member",
            "level": Level.AMBER,
            "starts": TODAY,
            "ends": TODAY - DAY,
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was saved" in page
    assert 'href="#id_ends">Until</a>: A membership cannot end before it starts' in page
    assert not Membership.objects.exists()


def test_the_secretariat_ends_and_changes_memberships_in_the_browser(client, ssc, clerk, olly):
    membership = MembershipFactory(user=olly, committee=ssc)
    client.force_login(clerk)
    client.post(
        f"/committees/SSC/members/{membership.pk}/change/",
        {"role": "chair", "level": Level.AMBER, "on": TODAY},
    )
    chair = Membership.objects.current().get()
    assert chair.role == "chair"
    client.post(f"/committees/SSC/members/{chair.pk}/end/", {"ends": TODAY})
    assert not Membership.objects.current().exists()
    assert Membership.objects.count() == 2


def test_a_membership_of_another_committee_answers_404_on_the_secretariats_page(
    client, ssc, tabasc, clerk, olly
):
    theirs = MembershipFactory(user=olly, committee=tabasc)
    client.force_login(clerk)
    assert (
        client.post(f"/committees/SSC/members/{theirs.pk}/end/", {"ends": TODAY}).status_code == 404
    )
    assert (
        client.post(f"/committees/TABASC/members/{theirs.pk}/end/", {"ends": TODAY}).status_code
        == 404
    )
    theirs.refresh_from_db()
    assert theirs.ends is None


# The secretariat's powers are per committee.


def test_the_secretariat_of_one_committee_may_not_build_anothers_agenda(ssc, tabasc):
    other = UserFactory(username="other", secretariat_of=tabasc)
    meeting = MeetingFactory(committee=ssc, status="draft")
    with pytest.raises(PermissionDenied):
        meeting_services.agenda_item_add(meeting=meeting, by=other, title="Intruding")
    assert not AgendaItem.objects.exists()


def test_the_agenda_builder_answers_404_to_another_committees_secretariat(client, ssc, tabasc):
    meeting = MeetingFactory(committee=ssc)
    client.force_login(UserFactory(username="other", secretariat_of=tabasc))
    assert client.get(f"/meetings/SSC/{meeting.number}/agenda/").status_code == 404


def test_the_secretariats_meeting_list_shows_its_committees_meetings_only(
    client, ssc, tabasc, clerk
):
    MeetingFactory(committee=ssc, number=89, location="Mine")
    MeetingFactory(committee=tabasc, number=12)
    client.force_login(clerk)
    page = client.get("/manage/meetings/").content.decode()
    assert "SSC 89" in page
    assert "TABASC 12" not in page


def test_is_secretariat_is_any_committee_and_is_secretariat_of_is_that_one(ssc, tabasc, clerk):
    assert is_secretariat(clerk)
    assert is_secretariat_of(clerk, ssc)
    assert not is_secretariat_of(clerk, tabasc)


def test_an_ended_secretariat_assignment_gives_no_power(ssc):
    former = UserFactory(username="former")
    SecretariatAssignmentFactory(user=former, committee=ssc, ends=TODAY)
    assert not is_secretariat(former)


def test_the_visibility_key_changes_when_a_membership_starts(ssc, olly):
    before = visibility_key(UserFactory._meta.model.objects.get(pk=olly.pk))
    MembershipFactory(user=olly, committee=ssc)
    assert visibility_key(UserFactory._meta.model.objects.get(pk=olly.pk)) != before


# Who may see an item or a paper, as the secretariat is told.


def test_paper_readers_are_the_committees_amber_members_not_another_committees(ssc, tabasc):
    ours = UserFactory(username="ours", member_of=ssc)
    UserFactory(username="theirs", member_of=tabasc)
    UserFactory(username="clerk", secretariat_of=ssc)
    paper = PaperFactory(
        item=AgendaItemFactory(meeting=MeetingFactory(committee=ssc), level=Level.AMBER)
    )
    assert list(paper_readers(paper)) == [ours]


def test_the_audience_counts_the_committees_amber_members_less_the_recused(ssc, tabasc):
    ours = UserFactory(username="ours", member_of=ssc)
    UserFactory(username="ours2", member_of=ssc)
    UserFactory(username="theirs", member_of=tabasc)
    item = AgendaItemFactory(meeting=MeetingFactory(committee=ssc), level=Level.AMBER)
    RecusalFactory(item=item, user=ours)
    item = AgendaItem.objects.prefetch_related("recusals__user").get(pk=item.pk)
    lines = dict(items_audience(item.meeting, [item])[item.pk])
    assert "1 current members of the SSC at AMBER" in lines


def test_the_committees_members_told_of_its_business_are_its_own_not_anothers(ssc, tabasc):
    ours = UserFactory(username="ours", member_of=ssc)
    observer = UserFactory(username="observer")
    MembershipFactory(user=observer, committee=ssc, role="observer", level=Level.GREEN)
    UserFactory(username="theirs", member_of=tabasc)
    UserFactory(username="clerk", secretariat_of=ssc)
    recipients = committee_members(MeetingFactory(committee=ssc))
    assert set(recipients) == {ours, observer}


def test_the_new_meeting_form_offers_only_the_secretariats_own_committees(
    client, ssc, tabasc, clerk
):
    client.force_login(clerk)
    html = client.get("/manage/meetings/new/").content.decode()
    assert "Security Sub-Committee (SSC)" in html
    assert "TABASC (TABASC)" not in html


def test_the_review_queue_shows_the_secretariat_its_own_committees_records_only(
    client, ssc, tabasc
):
    theirs = UserFactory(username="theirs", secretariat_of=tabasc, member_of=ssc)
    item = AgendaItemFactory(
        meeting=MeetingFactory(committee=ssc),
        level=Level.AMBER,
        title="SSC restricted item",
        review_on=TODAY,
    )
    client.force_login(theirs)
    assert "SSC restricted item" not in client.get("/reviews/").content.decode()
    assert client.get(f"/reviews/item/{item.pk}/").status_code == 404


def test_the_secretariat_of_another_committee_may_not_lower_a_level(ssc, tabasc):
    from reviews.services import level_lower

    theirs = UserFactory(username="theirs", secretariat_of=tabasc, member_of=ssc)
    item = AgendaItemFactory(meeting=MeetingFactory(committee=ssc), level=Level.AMBER)
    with pytest.raises(PermissionDenied):
        level_lower(item, level=Level.GREEN, reason="No longer sensitive", by=theirs)
    item.refresh_from_db()
    assert item.level == Level.AMBER
