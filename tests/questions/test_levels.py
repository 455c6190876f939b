"""A question is a classified child of its item: never below it, so an item is raised above its
questions only once the secretariat has raised them; a question is never lowered; and an item
holding questions is not deleted."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from classification.levels import Level
from meetings import services as meeting_services
from meetings.models import AgendaItem
from questions import services
from questions.models import Question
from tests.factories import AgendaItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(meeting):
    """An AMBER item without papers: only its questions hold its level down."""
    return AgendaItemFactory(meeting=meeting, number=2, level=Level.AMBER)


def _raise_item(item, secretariat, level):
    return meeting_services.agenda_item_update(
        item=item, level=level, expected_version=item.version, by=secretariat
    )


def test_an_item_is_not_raised_above_its_questions(meeting, item, member, secretariat, ask):
    question = ask(item, member)
    with pytest.raises(ValidationError) as refused:
        _raise_item(item, secretariat, Level.RED)
    assert f"question “{question}” would be more visible" in str(refused.value)
    assert AgendaItem.objects.get(pk=item.pk).level == Level.AMBER


def test_the_secretariat_raises_a_question_then_its_item(
    client, meeting, item, member, secretariat, ask
):
    question = ask(item, member)
    client.force_login(secretariat)
    page = client.get(reverse("questions:meeting_questions", args=["SSC", 89])).content.decode()
    assert "Raise its level" in page
    client.post(reverse("questions:question_level", args=[question.pk]), {"level": "3"})
    assert Question.objects.get().level == Level.RED
    _raise_item(item, secretariat, Level.RED)
    assert AgendaItem.objects.get(pk=item.pk).level == Level.RED


def test_a_question_is_never_lowered(item, member, secretariat, ask):
    question = ask(item, member, level=Level.RED)
    with pytest.raises(ValidationError, match="never lowered"):
        services.question_level_raise(question=question, level=Level.AMBER, by=secretariat)
    assert Question.objects.get().level == Level.RED


def test_a_member_may_not_raise_a_questions_level(client, item, member, ask):
    question = ask(item, member)
    client.force_login(member)
    url = reverse("questions:question_level", args=[question.pk])
    assert client.post(url, {"level": "3"}).status_code == 404
    assert Question.objects.get().level == Level.AMBER


def test_raising_to_a_level_that_is_not_higher_says_so_and_changes_nothing(
    client, item, member, secretariat, ask
):
    question = ask(item, member)
    client.force_login(secretariat)
    url = reverse("questions:question_level", args=[question.pk])
    response = client.post(url, {"level": "2"}, follow=True)
    assert "does not raise the question: it is AMBER" in response.content.decode()
    assert Question.objects.get().level == Level.AMBER


def test_an_item_holding_questions_is_not_deleted(item, member, secretariat, ask):
    ask(item, member)
    with pytest.raises(ValidationError, match="holds questions: it cannot be deleted"):
        meeting_services.agenda_item_delete(item=item, by=secretariat)
    assert Question.objects.filter(item=item).exists()
