"""The secretariat's review queue: restricted records whose review is due within 30 days."""

import datetime
import re

import pytest
from django.utils import timezone

from classification.levels import Level
from tests.factories import (
    ActionFactory,
    AgendaItemFactory,
    AssessmentFactory,
    DecisionFactory,
    DeclarationFactory,
    MeetingFactory,
    OrganisationFactory,
    PaperFactory,
)

pytestmark = pytest.mark.django_db

QUEUE = "/reviews/"


def _in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def _rows(response) -> list[str]:
    return re.findall(r"<tr.*?</tr>", response.content.decode(), re.S)[1:]


def _overdue(record, days: int):
    """`record` with a review date `days` ago, as one set when that day was still ahead."""
    type(record).objects.filter(pk=record.pk).update(review_on=_in_days(-days))
    return record


@pytest.fixture
def queue(client, secretariat):
    client.force_login(secretariat)
    return lambda: client.get(QUEUE)


def test_the_queue_answers_404_to_a_member(client, member):
    client.force_login(member)
    assert client.get(QUEUE).status_code == 404


def test_the_queue_answers_404_to_a_visitor(client):
    assert client.get(QUEUE).status_code == 404


def test_the_queue_lists_a_record_due_within_30_days(queue):
    AgendaItemFactory(level=Level.AMBER, title="Risk register", review_on=_in_days(30))
    assert "Risk register" in queue().content.decode()


def test_the_queue_leaves_out_a_record_due_later_than_30_days(queue):
    AgendaItemFactory(level=Level.AMBER, title="Risk register", review_on=_in_days(31))
    assert "Risk register" not in queue().content.decode()


def test_the_queue_lists_an_overdue_record_as_overdue(queue):
    _overdue(AgendaItemFactory(level=Level.RED, title="Risk register"), days=3)
    [row] = _rows(queue())
    assert "Risk register" in row and "overdue" in row


def test_the_queue_leaves_out_records_below_amber(queue):
    AgendaItemFactory(level=Level.GREEN, title="Risk register", review_on=_in_days(1))
    assert "Risk register" not in queue().content.decode()


def test_the_queue_lists_the_oldest_review_date_first(queue):
    AgendaItemFactory(level=Level.AMBER, title="Later item", review_on=_in_days(20))
    _overdue(OrganisationFactory(name="Overdue Energy Ltd"), days=10)
    PaperFactory(item__level=Level.AMBER, title="Sooner paper", review_on=_in_days(2))
    rows = _rows(queue())
    assert [next(t for t in ("Overdue", "Sooner", "Later") if t in row) for row in rows] == [
        "Overdue",
        "Sooner",
        "Later",
    ]


def test_the_queue_shows_why_each_record_is_restricted(queue):
    AgendaItemFactory(
        level=Level.AMBER, restriction_reason="Names unpatched systems", review_on=_in_days(1)
    )
    assert "Names unpatched systems" in queue().content.decode()


def test_the_queue_links_an_item_to_its_place_in_the_agenda_builder(queue):
    item = AgendaItemFactory(level=Level.AMBER, review_on=_in_days(1))
    expected = f'href="/meetings/SSC/{item.meeting.number}/agenda/#builder-item-{item.pk}"'
    assert expected in queue().content.decode()


def test_the_queue_links_a_decision_to_its_item_in_the_minutes_editor(queue):
    decision = DecisionFactory(item__level=Level.RED, level=Level.RED, review_on=_in_days(1))
    item = decision.item
    expected = f'href="/meetings/SSC/{item.meeting.number}/minutes/#item-{item.number}"'
    assert expected in queue().content.decode()


def test_the_queue_links_an_assessment_to_its_edit_page(queue):
    assessment = AssessmentFactory(level=Level.RED, review_on=_in_days(1))
    expected = f'href="/register/{assessment.party_id}/assessments/{assessment.pk}/edit/"'
    assert expected in queue().content.decode()


def test_the_queue_links_each_record_to_its_review_page(queue):
    action = ActionFactory(item__level=Level.AMBER, review_on=_in_days(1))
    assert f'href="/reviews/action/{action.pk}/"' in queue().content.decode()


def _restricted_records(size: int) -> None:
    """For each of `size` meetings, eight records due for review: an item with a paper, a
    decision, an action and a declaration of interest, the decision's party, and an
    assessment with its own party."""
    for n in range(size):
        due = {"review_on": _in_days(n)}
        item = AgendaItemFactory(meeting=MeetingFactory(), level=Level.RED, **due)
        PaperFactory(item=item, with_file=False, **due)
        DecisionFactory(item=item, party__review_on=_in_days(n), **due)
        ActionFactory(item=item, **due)
        DeclarationFactory(item=item, **due)
        AssessmentFactory(party=OrganisationFactory(**due), **due)


# Session, user, whether the user is a committee's secretariat (the page's guard), the user's
# memberships and work (for the navigation: one and three) and one query per kind of record
# (items, papers, decisions, actions, declarations, parties, assessments), whatever the
# number of rows.
QUEUE_QUERIES = 14


@pytest.mark.parametrize("size", [2, 20])
def test_the_queue_makes_the_same_queries_whatever_the_number_of_rows(
    client, secretariat, django_assert_num_queries, size
):
    _restricted_records(size)
    client.force_login(secretariat)
    with django_assert_num_queries(QUEUE_QUERIES):
        response = client.get(QUEUE)
    assert len(_rows(response)) == 8 * size
