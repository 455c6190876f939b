"""The secretariat names, per item, the account that answers its questions for the presenter."""

import pytest
from django.urls import reverse

from classification.levels import Level
from questions.models import PresenterContact
from tests.factories import AgendaItemFactory, UserFactory

pytestmark = pytest.mark.django_db


def _url(meeting) -> str:
    return reverse("questions:presenter_contacts", args=["SSC", meeting.number])


def test_the_secretariat_names_an_items_presenter_contact(client, meeting, item, secretariat):
    contact = UserFactory(username="dcc-contact", clearance=Level.AMBER)
    client.force_login(secretariat)
    response = client.post(_url(meeting), {"item": item.pk, "user": contact.pk})
    assert response.status_code == 302
    named = PresenterContact.objects.get()
    assert (named.item, named.user, named.named_by) == (item, contact, secretariat)
    page = client.get(_url(meeting)).content.decode()
    assert "Test dcc-contact" in page


def test_naming_another_contact_replaces_the_first(client, meeting, item, secretariat):
    first, second = (UserFactory(clearance=Level.AMBER) for _ in range(2))
    client.force_login(secretariat)
    client.post(_url(meeting), {"item": item.pk, "user": first.pk})
    client.post(_url(meeting), {"item": item.pk, "user": second.pk})
    assert list(PresenterContact.objects.values_list("user", flat=True)) == [second.pk]


def test_naming_nobody_leaves_the_answers_to_the_secretariat(client, meeting, item, secretariat):
    client.force_login(secretariat)
    client.post(_url(meeting), {"item": item.pk, "user": UserFactory().pk})
    client.post(_url(meeting), {"item": item.pk, "user": ""})
    assert not PresenterContact.objects.exists()


def test_an_inactive_account_is_refused_with_a_message(client, meeting, item, secretariat):
    gone = UserFactory(is_active=False)
    client.force_login(secretariat)
    response = client.post(_url(meeting), {"item": item.pk, "user": gone.pk})
    assert response.status_code == 400
    assert "Presenter contact: Choose an active account." in response.content.decode()
    assert not PresenterContact.objects.exists()


def test_an_item_of_another_meeting_is_refused(client, meeting, item, secretariat):
    elsewhere = AgendaItemFactory(number=1)
    client.force_login(secretariat)
    response = client.post(_url(meeting), {"item": elsewhere.pk, "user": secretariat.pk})
    assert response.status_code == 400
    assert "Item: Choose an item." in response.content.decode()
    assert not PresenterContact.objects.exists()


def test_a_member_may_not_open_or_post_the_presenter_contacts(client, meeting, item, member):
    client.force_login(member)
    assert client.get(_url(meeting)).status_code == 404
    assert client.post(_url(meeting), {"item": item.pk, "user": member.pk}).status_code == 404
    assert not PresenterContact.objects.exists()


def test_the_agenda_builder_links_to_the_presenter_contacts(client, meeting, secretariat):
    client.force_login(secretariat)
    builder = reverse("meetings:agenda_builder", args=["SSC", meeting.number])
    assert _url(meeting) in client.get(builder).content.decode()
