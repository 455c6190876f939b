"""The committee each record belongs to: whose secretariat answers for it."""

import pytest

from classification.owners import committee_id_of
from tests.factories import (
    ActionFactory,
    AgendaItemFactory,
    AssessmentFactory,
    CommitteeFactory,
    DecisionFactory,
    MeetingFactory,
    MembershipFactory,
    OrganisationFactory,
    PaperFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def tabasc():
    return CommitteeFactory(code="TABASC", name="TABASC")


@pytest.fixture
def item(tabasc):
    return AgendaItemFactory(meeting=MeetingFactory(committee=tabasc))


def test_a_meeting_belongs_to_its_committee(tabasc):
    assert committee_id_of(MeetingFactory(committee=tabasc)) == tabasc.pk


def test_an_agenda_item_belongs_to_its_meetings_committee(item, tabasc):
    assert committee_id_of(item) == tabasc.pk


def test_a_paper_version_belongs_to_its_meetings_committee(item, tabasc):
    version = PaperFactory(item=item).versions.get()

    assert committee_id_of(version) == tabasc.pk


@pytest.mark.parametrize("factory", [PaperFactory, DecisionFactory, ActionFactory])
def test_a_record_of_an_item_belongs_to_its_meetings_committee(item, tabasc, factory):
    assert committee_id_of(factory(item=item)) == tabasc.pk


def test_a_membership_belongs_to_its_committee(tabasc):
    assert committee_id_of(MembershipFactory(committee=tabasc)) == tabasc.pk


def test_an_assessment_belongs_to_the_committee_it_names(tabasc):
    assert committee_id_of(AssessmentFactory(committee=tabasc)) == tabasc.pk


def test_an_assessment_that_names_no_committee_belongs_to_none():
    assert committee_id_of(AssessmentFactory(committee=None)) is None


def test_an_organisation_belongs_to_no_committee():
    assert committee_id_of(OrganisationFactory()) is None


def test_an_account_belongs_to_no_committee():
    assert committee_id_of(UserFactory()) is None


def test_nothing_belongs_to_no_committee():
    assert committee_id_of(None) is None
