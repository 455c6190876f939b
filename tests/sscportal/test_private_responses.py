"""What depends on who asks is never kept by a browser or a proxy; public pages stay cacheable."""

import pytest

from classification.levels import Level
from headlines import services
from tests.factories import AgendaItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def test_a_signed_in_page_is_private_and_never_stored(client, member):
    client.force_login(member)
    response = client.get("/dashboard/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_an_htmx_fragment_is_private_and_never_stored(client, secretariat):
    meeting = MeetingFactory(status="draft")
    item = AgendaItemFactory(meeting=meeting, number=1, level=Level.RED, published_at=None)
    client.force_login(secretariat)
    response = client.get(
        f"/meetings/{meeting.committee.code}/{meeting.number}/agenda/items/{item.pk}/",
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_a_page_that_read_the_session_is_private_even_for_an_anonymous_visitor(client):
    # The page says "Sign in" or names the reader: it differs with the session cookie.
    response = client.get("/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_the_public_headlines_pdf_keeps_its_caching_for_anonymous_visitors(
    client, held_meeting, secretariat
):
    services.headlines_publish_now(meeting=held_meeting, by=secretariat)
    response = client.get("/headlines/SSC/89/v1.pdf")
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"


def test_the_public_calendar_keeps_its_caching_for_anonymous_visitors(client):
    response = client.get("/calendar/public.ics")
    assert response["Cache-Control"] == "public, max-age=900"


def test_a_signed_in_readers_copy_of_a_public_pdf_is_private(client, held_meeting, secretariat):
    services.headlines_publish_now(meeting=held_meeting, by=secretariat)
    client.force_login(secretariat)
    response = client.get("/headlines/SSC/89/v1.pdf")
    assert response["Cache-Control"] == "private, no-store"


def test_static_files_keep_their_caching_for_signed_in_readers(client, member, settings):
    settings.WHITENOISE_USE_FINDERS = True  # serve from static/, as without collectstatic
    client.force_login(member)
    response = client.get("/static/css/portal.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
    assert "max-age" in response["Cache-Control"]
