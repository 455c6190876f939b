"""The pages: calendar, sign-in, meeting page, paper downloads and the admin."""

import datetime

import pytest

from classification.levels import Level
from tests.factories import (
    ActionFactory,
    AgendaItemFactory,
    AttendanceFactory,
    DecisionFactory,
    MeetingFactory,
    PaperFactory,
    RecusalFactory,
    UserFactory,
)
from tests.sessions import sign_in

pytestmark = pytest.mark.django_db


def _url(meeting):
    return f"/meetings/{meeting.committee.code}/{meeting.number}/"


def test_the_calendar_lists_published_meetings_for_everyone(client):
    meeting = MeetingFactory(location="London")
    response = client.get("/")
    assert response.status_code == 200
    assert meeting.reference in response.content.decode()


def test_the_calendar_hides_draft_meetings_from_the_public(client):
    draft = MeetingFactory(status="draft", number=777)
    assert f"{draft.number}_" not in client.get("/").content.decode()


def test_a_draft_meeting_answers_404_to_members(client, member):
    draft = MeetingFactory(status="draft")
    client.force_login(member)
    assert client.get(_url(draft)).status_code == 404


def test_signing_in_with_the_right_password_reaches_the_calendar(client, member):
    response = sign_in(client, member)
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_signing_in_with_a_wrong_password_says_so(client, member):
    response = client.post("/accounts/login/", {"username": "member", "password": "nope"})
    assert "Please enter a correct username and password" in response.content.decode()


def test_the_meeting_page_shows_each_item_with_its_badge(client):
    meeting = MeetingFactory()
    AgendaItemFactory(meeting=meeting, title="Modification updates", level=Level.WHITE)
    html = client.get(_url(meeting)).content.decode()
    assert "Modification updates" in html
    assert '<span class="tlp tlp-white"' in html


def test_a_recused_item_shows_its_number_and_recused_only(client, member):
    meeting = MeetingFactory()
    AttendanceFactory(meeting=meeting, user=member)
    item = AgendaItemFactory(meeting=meeting, number=6, title="Party X assessment", level=Level.RED)
    RecusalFactory(item=item, user=member)
    client.force_login(member)
    html = client.get(_url(meeting)).content.decode()
    assert "Recused" in html
    assert "Party X assessment" not in html


def test_headline_markdown_on_the_page_never_carries_raw_html(client, secretariat):
    meeting = MeetingFactory(minutes_status="approved")
    AgendaItemFactory(meeting=meeting, minutes="<script>alert('x')</script> **noted**")
    client.force_login(secretariat)
    html = client.get(_url(meeting)).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html
    assert "<strong>noted</strong>" in html


@pytest.mark.parametrize("items", [10, 100])
def test_the_meeting_page_query_count_does_not_grow_with_the_agenda(
    client, member, items, django_assert_num_queries
):
    meeting = MeetingFactory(minutes_status="approved")
    AttendanceFactory(meeting=meeting, user=member)
    for number in range(1, items + 1):
        item = AgendaItemFactory(meeting=meeting, number=number, level=Level.AMBER)
        PaperFactory(item=item)
        DecisionFactory(item=item, level=Level.RED)
        ActionFactory(item=item)
    client.force_login(member)
    # session, user, the user's memberships and secretariat assignments (one union), the
    # user's work (three, for the navigation), meeting, items, recused items, papers, versions,
    # decisions, actions, declarations of interest, Headlines awaiting approval, attendance
    # (for "why can I see this?"), the questions
    with django_assert_num_queries(17):
        assert client.get(_url(meeting)).status_code == 200


def test_a_paper_is_served_as_a_pdf_attachment_with_nosniff(client):
    paper = PaperFactory(title="Modification report")
    response = client.get(f"/papers/{paper.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_a_paper_can_be_read_inline(client):
    paper = PaperFactory()
    assert client.get(f"/papers/{paper.pk}/?inline=1")["Content-Disposition"].startswith("inline;")


def test_an_amber_paper_answers_404_to_a_green_user(client, registered):
    paper = PaperFactory(item=AgendaItemFactory(level=Level.AMBER), level=Level.AMBER)
    client.force_login(registered)
    assert client.get(f"/papers/{paper.pk}/").status_code == 404


def test_the_admin_lists_only_what_a_non_secretariat_staff_user_may_see(client, admin_user):
    staff = UserFactory(username="staff", clearance=Level.GREEN, is_staff=True, is_superuser=True)
    AgendaItemFactory(title="Public item", level=Level.WHITE)
    AgendaItemFactory(title="Amber item", level=Level.AMBER)
    client.force_login(staff)
    html = client.get("/admin/meetings/agendaitem/").content.decode()
    assert "Public item" in html
    assert "Amber item" not in html


def test_the_admin_says_an_item_a_staff_user_may_not_see_does_not_exist(client):
    staff = UserFactory(username="staff", clearance=Level.GREEN, is_staff=True, is_superuser=True)
    item = AgendaItemFactory(level=Level.RED)
    client.force_login(staff)
    response = client.get(f"/admin/meetings/agendaitem/{item.pk}/change/", follow=True)
    assert f"with ID “{item.pk}” doesn’t exist" in response.content.decode()


def test_the_admin_shows_a_meetings_statuses_but_does_not_edit_them(client, secretariat):
    """Statuses move only through the workflows, which record who moved them and when."""
    secretariat.is_superuser = True
    secretariat.save()
    meeting = MeetingFactory(status="draft", location="Old place")
    client.force_login(secretariat)
    url = f"/admin/meetings/meeting/{meeting.pk}/change/"
    html = client.get(url).content.decode()
    assert "Draft" in html
    assert 'name="status"' not in html
    assert 'name="minutes_status"' not in html
    form = {
        "committee": meeting.committee_id,
        "number": meeting.number,
        "date": meeting.date.isoformat(),
        "start_time": "10:00",
        "end_time": "12:00",
        "location": "New place",
        "status": "headlines_published",
        "minutes_status": "approved",
    }
    for prefix in ("attendances", "status_changes"):
        form |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    assert client.post(url, form).status_code == 302
    meeting.refresh_from_db()
    assert (meeting.location, meeting.status, meeting.minutes_status) == (
        "New place",
        "draft",
        "draft",
    )


def test_each_item_says_why_the_reader_can_see_it(client, member):
    meeting = MeetingFactory()
    AttendanceFactory(meeting=meeting, user=member)
    AgendaItemFactory(meeting=meeting, number=1, level=Level.RED)
    AgendaItemFactory(meeting=meeting, number=2, level=Level.AMBER)
    client.force_login(member)
    html = client.get(_url(meeting)).content.decode()
    assert "It is RED and you attend this meeting: named participants see it." in html
    assert "It is AMBER and you are a current member of the SSC at AMBER." in html


def test_every_admin_list_opens_for_the_secretariat(client, secretariat):
    from django.contrib import admin

    secretariat.is_superuser = True
    secretariat.save()
    client.force_login(secretariat)
    failures = [
        model._meta.label
        for model in admin.site._registry
        if client.get(f"/admin/{model._meta.app_label}/{model._meta.model_name}/").status_code
        != 200
    ]
    assert failures == []


def test_past_meetings_are_listed_fifty_to_a_page(client):
    for number in range(1, 53):
        MeetingFactory(number=number, date=datetime.date(2019, 1, 1) + datetime.timedelta(number))
    first = client.get("/").content.decode()
    assert "Page 1 of 2" in first
    assert client.get("/?page=2").content.decode().count("/meetings/SSC/") == 2
