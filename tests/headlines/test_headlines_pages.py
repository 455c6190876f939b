"""The public Headlines site and the secretariat's and chair's Headlines pages."""

import pytest

from headlines import services
from headlines.models import HeadlinesRequest
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(held_meeting, secretariat):
    return services.headlines_publish_now(meeting=held_meeting, by=secretariat)


def test_the_index_lists_published_headlines_by_committee_and_year(client, published):
    html = client.get("/headlines/").content.decode()
    assert "Security Sub-Committee (SSC)" in html
    assert "SSC 89_" in html
    assert "?committee=SSC&amp;year=" in html


def test_the_index_can_be_narrowed_to_a_year(client, published):
    year = published.meeting.date.year
    assert "SSC 89_" not in client.get(f"/headlines/?year={year + 1}").content.decode()


@pytest.mark.parametrize("meetings", [3, 30])
def test_the_index_query_count_does_not_grow_with_the_meetings(
    client, secretariat, meetings, django_assert_num_queries
):
    for number in range(meetings):
        meeting = MeetingFactory(status="held")
        services.headlines_publish_now(meeting=meeting, by=secretariat)
    # The newest version (the cache's key) and the listing.
    with django_assert_num_queries(2):
        assert client.get("/headlines/").status_code == 200


def test_the_index_is_served_again_with_one_query(client, published, django_assert_num_queries):
    client.get("/headlines/")
    with django_assert_num_queries(1):
        assert "SSC 89_" in client.get("/headlines/").content.decode()


def test_a_new_publication_shows_on_the_index_at_once(client, published, secretariat):
    client.get("/headlines/")
    services.headlines_publish_now(meeting=MeetingFactory(number=90, status="held"), by=secretariat)
    assert "SSC 90_" in client.get("/headlines/").content.decode()


def test_the_headlines_page_needs_no_sign_in(client, published):
    response = client.get("/headlines/SSC/89/")
    assert response.status_code == 200
    assert "Headlines of the Security Sub-Committee (SSC) 89_" in response.content.decode()


def test_unpublished_headlines_answer_404(client, held_meeting):
    assert client.get("/headlines/SSC/89/").status_code == 404


def test_the_pdf_is_served_with_its_hash_as_etag_and_cached(client, published):
    response = client.get("/headlines/SSC/89/v1.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["ETag"] == f'"{published.sha256}"'
    assert "immutable" in response["Cache-Control"]


def test_a_conditional_get_of_the_pdf_answers_304(client, published):
    response = client.get("/headlines/SSC/89/v1.pdf", HTTP_IF_NONE_MATCH=f'"{published.sha256}"')
    assert response.status_code == 304


def test_an_unknown_pdf_version_answers_404(client, published):
    assert client.get("/headlines/SSC/89/v2.pdf").status_code == 404


def test_the_pdf_is_served_again_without_a_query(client, published, django_assert_num_queries):
    first = b"".join(client.get("/headlines/SSC/89/v1.pdf").streaming_content)
    with django_assert_num_queries(0):
        again = client.get("/headlines/SSC/89/v1.pdf")
    assert b"".join(again.streaming_content) == first
    assert again["ETag"] == f'"{published.sha256}"'


def test_a_conditional_get_of_a_known_pdf_makes_no_query(
    client, published, django_assert_num_queries
):
    client.get("/headlines/SSC/89/v1.pdf")
    with django_assert_num_queries(0):
        response = client.get(
            "/headlines/SSC/89/v1.pdf", HTTP_IF_NONE_MATCH=f'"{published.sha256}"'
        )
    assert response.status_code == 304


def test_a_pdf_published_after_a_404_for_it_is_served(client, held_meeting, secretariat):
    assert client.get("/headlines/SSC/89/v1.pdf").status_code == 404
    services.headlines_publish_now(meeting=held_meeting, by=secretariat)
    assert client.get("/headlines/SSC/89/v1.pdf").status_code == 200


def test_the_atom_feed_lists_new_headlines(client, published):
    response = client.get("/headlines/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    assert "Headlines of SSC 89_" in response.content.decode()


def test_search_finds_a_word_of_a_published_headline(client, published):
    html = client.get("/headlines/search/?q=Shared+Resources").content.decode()
    assert "1 result for" in html


def test_the_compose_page_answers_404_to_a_member(client, member, held_meeting):
    client.force_login(member)
    assert client.get("/meetings/SSC/89/headlines/").status_code == 404


def test_the_compose_page_shows_the_secretariat_the_composed_draft(
    client, secretariat, held_meeting
):
    client.force_login(secretariat)
    html = client.get("/meetings/SSC/89/headlines/").content.decode()
    assert "The SSC reviewed the following which are classified" in html
    assert "One Security Self-Assessment (SSA)" in html or "Noted one Security" in html


def test_the_secretariat_edits_a_headline_on_the_compose_page(client, secretariat, held_meeting):
    item = held_meeting.items.get(number=3)
    client.force_login(secretariat)
    response = client.post(
        "/meetings/SSC/89/headlines/",
        {
            "item": item.pk,
            f"item-{item.pk}-headline": "A new headline.",
            f"item-{item.pk}-headline_mode": "full",
            f"item-{item.pk}-expected_version": item.version,
        },
        follow=True,
    )
    assert "Headline of item 3 saved." in response.content.decode()
    item.refresh_from_db()
    assert item.headline == "A new headline."


def test_a_stale_headline_edit_on_the_compose_page_is_refused(client, secretariat, held_meeting):
    item = held_meeting.items.get(number=3)
    client.force_login(secretariat)
    response = client.post(
        "/meetings/SSC/89/headlines/",
        {
            "item": item.pk,
            f"item-{item.pk}-headline": "Overwrite?",
            f"item-{item.pk}-headline_mode": "full",
            f"item-{item.pk}-expected_version": item.version + 5,
        },
        follow=True,
    )
    assert "was changed by someone else" in response.content.decode()


def test_the_chair_approves_on_the_review_page(
    client, secretariat, chair, held_meeting, django_capture_on_commit_callbacks
):
    request = services.headlines_submit(meeting=held_meeting, by=secretariat)
    client.force_login(chair)
    page = client.get(f"/headlines/requests/{request.pk}/").content.decode()
    assert "Approve and publish" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/headlines/requests/{request.pk}/decide/", {"decision": "approve"}, follow=True
        )
    assert "Approved: the Headlines PDF is being rendered." in response.content.decode()
    request.refresh_from_db()
    assert request.status == HeadlinesRequest.Status.PUBLISHED


def test_a_member_gets_404_on_the_review_page(client, secretariat, member, held_meeting):
    request = services.headlines_submit(meeting=held_meeting, by=secretariat)
    client.force_login(member)
    assert client.get(f"/headlines/requests/{request.pk}/").status_code == 404


def test_the_progress_fragment_polls_while_the_render_is_pending(
    client, secretariat, chair, held_meeting
):
    request = services.headlines_submit(meeting=held_meeting, by=secretariat)
    HeadlinesRequest.objects.filter(pk=request.pk).update(status="approved")
    client.force_login(chair)
    html = client.get(f"/headlines/requests/{request.pk}/progress/").content.decode()
    assert 'hx-trigger="every 2s"' in html
    assert "Approved, queued for rendering" in html


def test_the_meeting_page_points_the_chair_to_headlines_awaiting_approval(
    client, secretariat, chair, held_meeting
):
    request = services.headlines_submit(meeting=held_meeting, by=secretariat)
    client.force_login(chair)
    html = client.get("/meetings/SSC/89/").content.decode()
    assert f"/headlines/requests/{request.pk}/" in html
