"""An action's page, its history, and who may add to it."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from classification.levels import Level
from meetings.models import ActionUpdate
from members.services import action_update_add
from tests.factories import ActionFactory, AgendaItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def _action(level=Level.AMBER, owner=None, **kwargs):
    meeting = MeetingFactory(minutes_status="approved")
    item = AgendaItemFactory(meeting=meeting, level=level)
    if owner is not None:
        kwargs.update(owner_user=owner, owner_organisation="")
    return ActionFactory(item=item, reference="SSC89/01", **kwargs)


def _page(client, user, method="get", data=None):
    client.force_login(user)
    return getattr(client, method)("/actions/SSC89/01/", data, follow=method == "post")


def test_an_action_page_shows_the_action(client, member):
    _action(description="Write to the DCC about SRP", due=datetime.date(2019, 12, 11))
    html = _page(client, member).content.decode()
    assert "Write to the DCC about SRP" in html
    assert "Wednesday 11 December 2019" in html


def test_an_action_the_user_may_not_see_answers_404(client, registered):
    _action(level=Level.AMBER)
    assert _page(client, registered).status_code == 404


def test_an_unknown_action_reference_answers_404(client, member):
    client.force_login(member)
    assert client.get("/actions/SSC99/99/").status_code == 404


def test_an_action_page_asks_an_anonymous_visitor_to_sign_in(client):
    _action(level=Level.WHITE)
    response = client.get("/actions/SSC89/01/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_an_action_page_shows_its_history_oldest_first(client, member, secretariat):
    action = _action(owner=member)
    action_update_add(action=action, by=member, text="Drafted the letter.")
    action_update_add(action=action, by=secretariat, text="Sent.", status="done")
    html = _page(client, member).content.decode()
    assert html.index("Drafted the letter.") < html.index("Sent.")
    assert "status set to <strong>Done</strong>" in html


def test_the_owner_can_add_an_update_with_a_new_status(client, member):
    action = _action(owner=member)
    response = _page(client, member, "post", {"text": "Letter sent.", "status": "done"})
    assert "Your update to SSC89/01 is recorded." in response.content.decode()
    action.refresh_from_db()
    assert action.status == "done"
    assert action.updates.get().text == "Letter sent."


def test_the_secretariat_can_update_an_action_it_does_not_own(client, secretariat, member):
    action = _action(owner=member)
    _page(client, secretariat, "post", {"text": "Closed at SSC 90.", "status": "closed"})
    action.refresh_from_db()
    assert action.status == "closed"


def test_a_member_cannot_update_someone_elses_action(client, member, chair):
    action = _action(owner=chair)
    response = _page(client, member, "post", {"text": "Done, I think.", "status": "done"})
    assert (
        "Only the owner of SSC89/01 (chair) or the secretariat can add an update to it."
        in response.content.decode()
    )
    action.refresh_from_db()
    assert action.status == "open"
    assert not ActionUpdate.objects.exists()


def test_an_action_owned_by_an_organisation_cannot_be_updated_by_a_member(client, member):
    _action(owner_organisation="DCC")
    _page(client, member, "post", {"text": "Done."})
    assert not ActionUpdate.objects.exists()


def test_the_update_form_is_offered_to_the_owner(client, member):
    _action(owner=member)
    assert "Add an update" in _page(client, member).content.decode()


def test_the_update_form_is_not_offered_to_someone_who_may_not_update(client, member, chair):
    _action(owner=chair)
    assert "Add an update" not in _page(client, member).content.decode()


def test_posting_an_update_to_an_action_the_user_may_not_see_answers_404(client, registered):
    _action(level=Level.AMBER, owner=registered)
    response = _page(client, registered, "post", {"text": "Done."})
    assert response.status_code == 404
    assert not ActionUpdate.objects.exists()


def test_an_update_without_text_says_what_is_missing(client, member):
    _action(owner=member)
    response = _page(client, member, "post", {"text": "  ", "status": "done"})
    assert "Say what has happened on the action." in response.content.decode()
    assert not ActionUpdate.objects.exists()


def test_an_update_with_an_unknown_status_is_refused(client, member):
    _action(owner=member)
    response = _page(client, member, "post", {"text": "Hm.", "status": "abandoned"})
    assert "The status is one of “open”, “done”, “closed”, not “abandoned”." in (
        response.content.decode()
    )
    assert not ActionUpdate.objects.exists()


def test_earlier_updates_are_kept_when_another_is_added(member):
    action = _action(owner=member)
    action_update_add(action=action, by=member, text="First.", status="done")
    action_update_add(action=action, by=member, text="Reopened.", status="open")
    assert list(action.updates.values_list("text", "status")) == [
        ("First.", "done"),
        ("Reopened.", "open"),
    ]


def test_an_update_that_keeps_the_status_records_no_status_change(member):
    action = _action(owner=member)
    update = action_update_add(action=action, by=member, text="Still working.", status="open")
    assert update.status == ""


def test_the_service_refuses_someone_elses_update(member, chair):
    action = _action(owner=chair)
    with pytest.raises(PermissionDenied):
        action_update_add(action=action, by=member, text="Done.")


def test_the_service_refuses_an_owner_who_may_not_see_the_action(registered):
    action = _action(level=Level.AMBER, owner=registered)
    with pytest.raises(PermissionDenied):
        action_update_add(action=action, by=registered, text="Done.")


def test_the_service_refuses_an_unknown_status(member):
    action = _action(owner=member)
    with pytest.raises(ValidationError, match="Unknown status 'abandoned'"):
        action_update_add(action=action, by=member, text="Hm.", status="abandoned")


def test_an_update_records_who_made_it_and_when(member):
    action = _action(owner=member)
    before = timezone.now()
    update = action_update_add(action=action, by=member, text="Noted.")
    assert update.by == member
    assert update.at >= before
