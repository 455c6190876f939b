"""The agenda item at which an assessment is considered: chosen by the secretariat among its
committees' meetings still to be minuted; the assessment is then that committee's record."""

import pytest
from django.core.exceptions import ValidationError

from assessments.models import Assessment
from classification.levels import Level
from classification.restrictions import default_review_on
from tests.factories import (
    AgendaItemFactory,
    AssessmentFactory,
    CommitteeFactory,
    MeetingFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _data(**changes):
    return {
        "kind": "vusa",
        "assessor": "User CIO",
        "level": Level.RED,
        "restriction_reason": "Assessment findings",
        "review_on": default_review_on().isoformat(),
        **changes,
    }


@pytest.fixture
def committees():
    return CommitteeFactory(code="SSC"), CommitteeFactory(code="TABASC", name="TABASC")


def test_the_form_offers_the_items_of_the_secretariats_meetings_still_to_be_minuted(
    client, committees
):
    ssc, tabasc = committees
    AgendaItemFactory(meeting=MeetingFactory(committee=ssc, number=90), title="VUSA of the party")
    AgendaItemFactory(
        meeting=MeetingFactory(committee=ssc, number=88, status="minutes_approved"),
        title="Approved long ago",
    )
    AgendaItemFactory(meeting=MeetingFactory(committee=tabasc, number=12), title="TABASC item")
    party = OrganisationFactory()
    client.force_login(UserFactory(username="sec", secretariat_of=ssc))
    html = client.get(f"/register/{party.pk}/assessments/new/").content.decode()
    assert "VUSA of the party" in html
    assert "Approved long ago" not in html
    assert "TABASC item" not in html


def test_an_assessment_considered_at_an_item_is_that_committees_record(client, committees):
    ssc, _ = committees
    item = AgendaItemFactory(meeting=MeetingFactory(committee=ssc, number=90), level=Level.RED)
    party = OrganisationFactory()
    client.force_login(UserFactory(username="sec", secretariat_of=ssc))
    response = client.post(f"/register/{party.pk}/assessments/new/", _data(item=item.pk))
    assert response.status_code == 302
    assessment = Assessment.objects.get()
    assert (assessment.item, assessment.committee) == (item, ssc)


def test_an_item_of_another_committees_meeting_is_refused_naming_the_item(committees):
    ssc, tabasc = committees
    assessment = AssessmentFactory(committee=ssc)
    assessment.item = AgendaItemFactory(meeting=MeetingFactory(committee=tabasc, number=12))
    with pytest.raises(ValidationError) as refused:
        assessment.full_clean()
    assert list(refused.value.message_dict) == ["item"]
    assert "another committee's meeting" in refused.value.message_dict["item"][0]


def test_another_committees_secretariat_cannot_consider_an_assessment_at_an_item(
    client, committees
):
    ssc, tabasc = committees
    item = AgendaItemFactory(meeting=MeetingFactory(committee=ssc, number=90))
    party = OrganisationFactory()
    client.force_login(UserFactory(username="tabasc_sec", secretariat_of=tabasc))
    client.post(f"/register/{party.pk}/assessments/new/", _data(item=item.pk))
    assert not Assessment.objects.exists()
