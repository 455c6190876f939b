"""Lowering a level is a recorded decision: who, when, from what, to what, and why."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from audit.models import AuditEvent
from classification.levels import Level
from meetings.models import AgendaItem, Paper
from reviews.models import LevelChange
from reviews.services import level_lower, restriction_keep
from tests.factories import (
    AgendaItemFactory,
    AssessmentFactory,
    DecisionFactory,
    OrganisationFactory,
    PaperFactory,
)
from tests.sessions import password_only_session

pytestmark = pytest.mark.django_db

WHY = "Published by the DCC on its website."


def _in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def _review_url(slug, record, suffix=""):
    return f"/reviews/{slug}/{record.pk}/{suffix}"


# The service


def test_lowering_an_item_records_who_from_what_to_what_and_why(secretariat):
    item = AgendaItemFactory(level=Level.RED)
    level_lower(item, level=Level.GREEN, reason=WHY, by=secretariat)
    change = LevelChange.objects.get()
    assert (change.record, change.from_level, change.to_level, change.reason, change.by) == (
        item,
        Level.RED,
        Level.GREEN,
        WHY,
        secretariat,
    )


def test_lowering_an_item_saves_its_new_level(secretariat):
    item = AgendaItemFactory(level=Level.RED)
    level_lower(item, level=Level.GREEN, reason=WHY, by=secretariat)
    item.refresh_from_db()
    assert item.level == Level.GREEN


def test_lowering_a_level_is_audited_with_the_reason(secretariat):
    paper = PaperFactory(item__level=Level.AMBER, level=Level.RED)
    level_lower(paper, level=Level.AMBER, reason=WHY, by=secretariat)
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.LEVEL_LOWERED)
    assert (event.user, event.object_type, event.object_id, event.level) == (
        secretariat,
        "meetings.Paper",
        str(paper.pk),
        Level.AMBER,
    )
    assert event.detail == {"from_level": "RED", "to_level": "AMBER", "reason": WHY}


def test_lowering_below_amber_clears_the_restriction_reason_and_review_date(secretariat):
    item = AgendaItemFactory(level=Level.AMBER)
    level_lower(item, level=Level.GREEN, reason=WHY, by=secretariat)
    item.refresh_from_db()
    assert (item.restriction_reason, item.review_on) == ("", None)


def test_lowering_red_to_amber_keeps_the_reason_and_takes_the_new_review_date(secretariat):
    item = AgendaItemFactory(level=Level.RED, restriction_reason="Names a party")
    level_lower(item, level=Level.AMBER, reason=WHY, review_on=_in_days(90), by=secretariat)
    item.refresh_from_db()
    assert (item.restriction_reason, item.review_on) == ("Names a party", _in_days(90))


def test_lowering_a_paper_below_its_items_level_is_refused_naming_the_level(secretariat):
    paper = PaperFactory(item__level=Level.AMBER, level=Level.RED)
    with pytest.raises(ValidationError) as error:
        level_lower(paper, level=Level.GREEN, reason=WHY, by=secretariat)
    assert list(error.value.message_dict) == ["level"]
    assert "GREEN is below its agenda item's level AMBER" in str(error.value)


def test_a_refused_lowering_writes_nothing(secretariat):
    paper = PaperFactory(item__level=Level.AMBER, level=Level.RED)
    with pytest.raises(ValidationError):
        level_lower(paper, level=Level.GREEN, reason=WHY, by=secretariat)
    paper.refresh_from_db()
    assert paper.level == Level.RED
    assert not LevelChange.objects.exists()
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.LEVEL_LOWERED).exists()


def test_lowering_a_decision_below_its_partys_level_is_refused_naming_the_level(secretariat):
    decision = DecisionFactory(item__level=Level.AMBER, party__level=Level.RED, level=Level.RED)
    with pytest.raises(ValidationError) as error:
        level_lower(decision, level=Level.AMBER, reason=WHY, by=secretariat)
    assert "below its organisation's level RED" in " ".join(error.value.message_dict["level"])


def test_lowering_an_assessment_below_its_partys_level_is_refused_naming_the_level(secretariat):
    assessment = AssessmentFactory(party__level=Level.RED, level=Level.RED)
    with pytest.raises(ValidationError) as error:
        level_lower(assessment, level=Level.AMBER, reason=WHY, by=secretariat)
    assert list(error.value.message_dict) == ["level"]


def test_lowering_a_party_leaves_its_assessments_at_their_level(secretariat):
    assessment = AssessmentFactory(party__level=Level.RED, level=Level.RED)
    level_lower(assessment.party, level=Level.AMBER, reason=WHY, by=secretariat)
    assessment.refresh_from_db()
    assert (assessment.party.level, assessment.level) == (Level.AMBER, Level.RED)


def test_lowering_an_item_to_its_papers_level_is_allowed(secretariat):
    paper = PaperFactory(item__level=Level.RED, level=Level.RED)
    level_lower(paper.item, level=Level.AMBER, reason=WHY, by=secretariat)
    assert Paper.objects.get().level == Level.RED


def test_lowering_without_a_reason_is_refused_naming_the_reason(secretariat):
    item = AgendaItemFactory(level=Level.RED)
    with pytest.raises(ValidationError) as error:
        level_lower(item, level=Level.AMBER, reason="  ", by=secretariat)
    assert list(error.value.message_dict) == ["reason"]
    assert AgendaItem.objects.get().level == Level.RED


def test_a_level_that_is_not_lower_is_refused_naming_the_level(secretariat):
    item = AgendaItemFactory(level=Level.AMBER)
    with pytest.raises(ValidationError) as error:
        level_lower(item, level=Level.RED, reason=WHY, by=secretariat)
    assert "is not below" in " ".join(error.value.message_dict["level"])


def test_lowering_red_to_amber_past_its_review_date_without_a_new_one_is_refused(secretariat):
    item = AgendaItemFactory(level=Level.RED)
    AgendaItem.objects.filter(pk=item.pk).update(review_on=_in_days(-1))
    with pytest.raises(ValidationError) as error:
        level_lower(item, level=Level.AMBER, reason=WHY, by=secretariat)
    assert list(error.value.message_dict) == ["review_on"]


def test_only_the_secretariat_lowers_a_level(member):
    item = AgendaItemFactory(level=Level.RED)
    with pytest.raises(PermissionDenied):
        level_lower(item, level=Level.AMBER, reason=WHY, by=member)
    assert not LevelChange.objects.exists()


def test_a_password_only_secretariat_session_cannot_lower_a_level(secretariat, settings):
    settings.OTP_REQUIRED = True
    item = AgendaItemFactory(level=Level.RED)
    with pytest.raises(PermissionDenied, match="second factor"):
        level_lower(item, level=Level.AMBER, reason=WHY, by=password_only_session(secretariat))
    assert AgendaItem.objects.get().level == Level.RED


def test_lowering_an_item_makes_an_edit_opened_before_it_stale(secretariat):
    item = AgendaItemFactory(level=Level.RED)
    opened_at = item.version
    level_lower(item, level=Level.AMBER, reason=WHY, by=secretariat)
    assert AgendaItem.objects.get().version == opened_at + 1


def test_a_lowered_item_is_seen_at_once_by_a_member_of_the_new_level(client, registered):
    item = AgendaItemFactory(level=Level.AMBER, title="Risk register")
    meeting_url = f"/meetings/SSC/{item.meeting.number}/"
    client.force_login(registered)
    assert "Risk register" not in client.get(meeting_url).content.decode()
    level_lower(item, level=Level.GREEN, reason=WHY, by=None)
    assert "Risk register" in client.get(meeting_url).content.decode()


# Keeping a restriction


def test_keeping_a_restriction_saves_the_new_reason_and_review_date(secretariat):
    item = AgendaItemFactory(level=Level.AMBER)
    restriction_keep(item, restriction_reason="Still live", review_on=_in_days(180), by=secretariat)
    item.refresh_from_db()
    assert (item.level, item.restriction_reason, item.review_on) == (
        Level.AMBER,
        "Still live",
        _in_days(180),
    )


def test_keeping_a_restriction_is_audited(secretariat):
    item = AgendaItemFactory(level=Level.AMBER)
    restriction_keep(item, restriction_reason="Still live", review_on=_in_days(180), by=secretariat)
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.RESTRICTION_REVIEWED)
    assert event.detail == {"reason": "Still live", "review_on": _in_days(180).isoformat()}


def test_keeping_a_restriction_until_a_past_date_is_refused_naming_the_field(secretariat):
    item = AgendaItemFactory(level=Level.AMBER)
    with pytest.raises(ValidationError) as error:
        restriction_keep(
            item, restriction_reason="Still live", review_on=_in_days(-1), by=secretariat
        )
    assert list(error.value.message_dict) == ["review_on"]
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.RESTRICTION_REVIEWED).exists()


# The review page


def test_the_review_page_answers_404_to_a_member(client, member):
    item = AgendaItemFactory(level=Level.AMBER)
    client.force_login(member)
    assert client.get(_review_url("item", item)).status_code == 404


def test_the_lower_form_answers_404_to_a_member_and_lowers_nothing(client, member):
    item = AgendaItemFactory(level=Level.AMBER)
    client.force_login(member)
    response = client.post(
        _review_url("item", item, "lower/"), {"level": Level.GREEN, "reason": WHY}
    )
    assert response.status_code == 404
    assert AgendaItem.objects.get().level == Level.AMBER


def test_the_review_page_offers_only_lower_levels(client, secretariat):
    item = AgendaItemFactory(level=Level.AMBER)
    client.force_login(secretariat)
    form = client.get(_review_url("item", item)).context["lower_form"]
    assert [value for value, _ in form.fields["level"].choices] == [Level.WHITE, Level.GREEN]


def test_the_lower_form_lowers_the_level_and_returns_to_the_queue(client, secretariat):
    item = AgendaItemFactory(level=Level.RED)
    client.force_login(secretariat)
    response = client.post(
        _review_url("item", item, "lower/"), {"level": Level.WHITE, "reason": WHY}
    )
    assert response.status_code == 302
    assert response["Location"] == "/reviews/"
    assert LevelChange.objects.get().to_level == Level.WHITE


def test_the_lower_form_shows_a_parents_refusal_on_the_level_field(client, secretariat):
    paper = PaperFactory(item__level=Level.AMBER, level=Level.RED)
    client.force_login(secretariat)
    response = client.post(
        _review_url("paper", paper, "lower/"), {"level": Level.GREEN, "reason": WHY}
    )
    assert response.status_code == 400
    errors = response.context["lower_form"].errors["level"]
    assert "below its agenda item's level AMBER" in " ".join(errors)


def test_the_lower_form_refuses_a_missing_reason_naming_the_field(client, secretariat):
    item = AgendaItemFactory(level=Level.RED)
    client.force_login(secretariat)
    response = client.post(_review_url("item", item, "lower/"), {"level": Level.AMBER})
    assert "Say why the level is lowered" in " ".join(
        response.context["lower_form"].errors["reason"]
    )
    assert AgendaItem.objects.get().level == Level.RED


def test_the_keep_form_sets_the_next_review_date(client, secretariat):
    party = OrganisationFactory(level=Level.RED)
    client.force_login(secretariat)
    client.post(
        _review_url("party", party, "keep/"),
        {"restriction_reason": "Assessment open", "review_on": _in_days(60).isoformat()},
    )
    party.refresh_from_db()
    assert party.review_on == _in_days(60)


def test_the_review_page_lists_the_levels_lowered_before(client, secretariat):
    item = AgendaItemFactory(level=Level.RED)
    level_lower(item, level=Level.AMBER, reason=WHY, by=secretariat)
    client.force_login(secretariat)
    assert WHY in client.get(_review_url("item", item)).content.decode()
