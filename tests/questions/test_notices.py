"""Who is told of a new question and of an answer: the presenter's side, then the asker; each
once, only while they may see the question, and never in classified words."""

from collections import Counter

import pytest
from django.core import mail

from classification.levels import Level
from notifications.models import Kind, Notification
from questions import services
from tests.factories import CommitteeFactory, RecusalFactory, UserFactory

from .conftest import CANARY

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact(item, secretariat):
    user = UserFactory(username="contact", clearance=Level.AMBER)
    services.presenter_contact_name(item=item, user=user, by=secretariat)
    return user


def _told() -> Counter:
    return Counter(address for message in mail.outbox for address in message.to)


def _addresses(*usernames) -> Counter:
    return Counter(f"{username}@example.org" for username in usernames)


def test_a_new_question_tells_the_secretariat_and_the_presenter_contact_once_each(
    item, attendee, contact, ask
):
    ask(item, attendee)
    assert _told() == _addresses("sec", "contact")
    assert set(Notification.objects.values_list("kind", flat=True)) == {Kind.QUESTION_ASKED}


def test_the_secretariat_of_another_committee_is_not_told(item, attendee, secretariat, ask):
    UserFactory(username="tabasc-sec", secretariat_of=CommitteeFactory(code="TABASC"))
    ask(item, attendee)
    assert _told() == _addresses("sec")


def test_a_presenter_contact_who_may_not_see_the_question_is_not_told(
    item, attendee, contact, secretariat, ask
):
    ask(item, attendee, level=Level.RED)  # the contact does not attend
    assert _told() == _addresses("sec")


def test_nobody_is_told_of_their_own_question(item, contact, ask):
    ask(item, contact)
    assert _told() == _addresses("sec")


def test_an_answer_tells_the_asker_only(
    item, attendee, contact, ask, django_capture_on_commit_callbacks
):
    question = ask(item, attendee)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_add(question=question, text=f"{CANARY} answer", by=contact)
    assert _told() == _addresses("attendee")
    assert Notification.objects.filter(kind=Kind.QUESTION_ANSWERED).count() == 1


def test_each_answer_is_told_once(item, attendee, contact, ask, django_capture_on_commit_callbacks):
    question = ask(item, attendee)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_add(question=question, text="First.", by=contact)
        services.answer_add(question=question, text="Second.", by=contact)
    assert _told() == _addresses("attendee", "attendee")


def test_an_asker_recused_since_is_not_told_of_the_answer(
    item, attendee, contact, ask, django_capture_on_commit_callbacks
):
    question = ask(item, attendee)
    RecusalFactory(item=item, user=attendee)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_add(question=question, text="Unseen.", by=contact)
    assert _told() == Counter()


def test_no_e_mail_carries_the_question_the_answer_or_the_items_title(
    item, paper, attendee, contact, ask, django_capture_on_commit_callbacks
):
    question = ask(item, attendee, paper=paper, page=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_add(question=question, text=f"{CANARY} answer", by=contact)
    assert len(mail.outbox) == 3
    for message in mail.outbox:
        assert CANARY not in message.subject
        assert CANARY not in message.body
        assert "SSC 89_" in message.subject
        assert "item 1" in message.subject
