"""The secretariat's agenda builder: services and pages."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from classification.levels import Level
from classification.visibility import item_audience
from meetings import services
from meetings.demo import text_pdf
from meetings.models import AgendaItem, Meeting, MeetingStatusChange, Paper, PaperVersion
from notifications import services as notifications
from tests.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    CommitteeFactory,
    MeetingFactory,
    PaperFactory,
    RecusalFactory,
    UserFactory,
    restriction,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(db):
    return MeetingFactory(number=90, status="draft")


def _add(meeting, title, section="agenda", level=Level.WHITE, by=None):
    return services.agenda_item_add(
        meeting=meeting,
        by=by,
        section=section,
        title=title,
        presenter="SECAS",
        purpose="discussion",
        level=level,
        **restriction(level),
        headline_mode="full",
        headline="",
    )


def _numbers(meeting):
    return list(meeting.items.order_by("number").values_list("title", "number"))


def _builder(meeting):
    return f"/meetings/{meeting.committee.code}/{meeting.number}/agenda/"


# Services


def test_items_are_numbered_in_order_of_adding(draft):
    for title in ("A", "B", "C"):
        _add(draft, title)
    assert _numbers(draft) == [("A", 1), ("B", 2), ("C", 3)]


def test_a_matters_arising_item_added_later_comes_before_the_agenda_items(draft):
    _add(draft, "Agenda one")
    _add(draft, "Arising", section="matters_arising")
    assert _numbers(draft) == [("Arising", 1), ("Agenda one", 2)]


def test_an_item_without_a_title_is_refused_and_nothing_is_written(draft):
    with pytest.raises(ValidationError, match="This field cannot be blank"):
        _add(draft, "")
    assert draft.items.count() == 0


def test_reordering_numbers_the_items_in_the_new_order(draft):
    a, b, c = (_add(draft, title) for title in "ABC")
    services.agenda_reorder(meeting=draft, ordered_ids=[c.pk, a.pk, b.pk], by=None)
    assert _numbers(draft) == [("C", 1), ("A", 2), ("B", 3)]


def test_reordering_with_an_unknown_item_is_refused_and_changes_nothing(draft):
    a, b = _add(draft, "A"), _add(draft, "B")
    with pytest.raises(ValidationError, match="Item id 999999 is not on this agenda"):
        services.agenda_reorder(meeting=draft, ordered_ids=[b.pk, 999999, a.pk], by=None)
    assert _numbers(draft) == [("A", 1), ("B", 2)]


def test_reordering_a_stale_list_is_refused(draft):
    a, b = _add(draft, "A"), _add(draft, "B")
    _add(draft, "C, added meanwhile")
    with pytest.raises(ValidationError, match="The agenda has changed since you loaded it"):
        services.agenda_reorder(meeting=draft, ordered_ids=[b.pk, a.pk], by=None)


def test_reordering_may_not_put_agenda_items_before_matters_arising(draft):
    arising = _add(draft, "Arising", section="matters_arising")
    agenda = _add(draft, "Agenda")
    with pytest.raises(ValidationError, match="Matters Arising must come before"):
        services.agenda_reorder(meeting=draft, ordered_ids=[agenda.pk, arising.pk], by=None)


def test_moving_an_item_up_swaps_it_with_the_one_above(draft):
    _add(draft, "A")
    b = _add(draft, "B")
    services.agenda_item_move(item=b, direction="up", by=None)
    assert _numbers(draft) == [("B", 1), ("A", 2)]


def test_the_first_item_of_a_section_cannot_move_up(draft):
    a = _add(draft, "A")
    with pytest.raises(ValidationError, match="Item 1 is already the first of Agenda Items"):
        services.agenda_item_move(item=a, direction="up", by=None)


def test_deleting_an_item_closes_the_gap(draft):
    _add(draft, "A")
    b = _add(draft, "B")
    _add(draft, "C")
    services.agenda_item_delete(item=b, by=None)
    assert _numbers(draft) == [("A", 1), ("C", 2)]


def test_an_item_with_papers_cannot_be_deleted(draft):
    item = _add(draft, "A")
    PaperFactory(item=item)
    with pytest.raises(ValidationError, match="Item 1 holds papers: it cannot be deleted"):
        services.agenda_item_delete(item=item, by=None)


def test_an_edit_based_on_a_stale_version_is_refused(draft):
    item = _add(draft, "A")
    services.agenda_item_update(item=item, expected_version=1, by=None, title="First edit")
    with pytest.raises(ValidationError, match="changed by someone else"):
        services.agenda_item_update(item=item, expected_version=1, by=None, title="Second edit")
    item.refresh_from_db()
    assert item.title == "First edit"


def test_raising_an_item_above_its_papers_is_refused(draft):
    item = _add(draft, "A", level=Level.GREEN)
    PaperFactory(item=item, level=Level.GREEN)
    with pytest.raises(ValidationError, match="would be more visible than the agenda item"):
        services.agenda_item_update(item=item, expected_version=1, by=None, level=Level.AMBER)


def test_copying_an_agenda_brings_its_shape_but_no_record(draft):
    previous = MeetingFactory(committee=draft.committee, number=89)
    AgendaItemFactory(
        meeting=previous, number=1, title="Actions review", minutes="secret", headline="text"
    )
    assert services.agenda_copy(source=previous, target=draft, by=None) == 1
    copy = draft.items.get()
    assert (copy.title, copy.minutes, copy.headline, copy.published_at) == (
        "Actions review",
        "",
        "",
        None,
    )


def test_a_paper_below_its_items_level_is_refused_and_nothing_is_written(draft):
    item = _add(draft, "A", level=Level.AMBER)
    with pytest.raises(ValidationError, match="GREEN is below its agenda item's level AMBER"):
        services.paper_add(
            item=item, title="P", level=Level.GREEN, content=text_pdf(["x"]), by=None
        )
    assert Paper.objects.count() == PaperVersion.objects.count() == 0


def test_a_replaced_paper_keeps_its_earlier_version(draft):
    paper = services.paper_add(
        item=_add(draft, "A"), title="P", level=Level.WHITE, content=text_pdf(["v1"]), by=None
    )
    services.paper_version_add(paper=paper, content=text_pdf(["v2"]), by=None)
    assert list(paper.versions.values_list("number", flat=True)) == [2, 1]


def test_a_withdrawn_paper_is_no_longer_seen_by_members(draft, member):
    paper = PaperFactory(item=AgendaItemFactory(meeting=draft))
    services.paper_withdraw(paper=paper, by=None)
    assert not Paper.objects.visible_to(member).filter(pk=paper.pk).exists()


def test_publishing_makes_items_and_papers_visible_and_records_the_step(draft, secretariat):
    item = _add(draft, "A")
    paper = services.paper_add(
        item=item, title="P", level=Level.WHITE, content=text_pdf(["x"]), by=None
    )
    services.agenda_publish(meeting=draft, by=secretariat)
    draft.refresh_from_db()
    assert draft.status == "agenda_published"
    assert Paper.objects.visible_to(UserFactory()).filter(pk=paper.pk).exists()
    assert MeetingStatusChange.objects.filter(meeting=draft, by=secretariat).exists()


def test_publishing_emails_each_member_who_can_see_something(
    draft, secretariat, django_capture_on_commit_callbacks
):
    attendee = UserFactory(username="att", clearance=Level.GREEN, email="att@example.org")
    AttendanceFactory(meeting=draft, user=attendee)
    UserFactory(username="amber", clearance=Level.AMBER, email="amber@example.org")
    _add(draft, "Red business", level=Level.RED)
    with django_capture_on_commit_callbacks(execute=True):
        services.agenda_publish(meeting=draft, by=secretariat)
    assert [message.to for message in mail.outbox] == [["att@example.org"]]
    assert "/meetings/SSC/90/" in mail.outbox[0].body
    assert "Red business" not in mail.outbox[0].body


def test_sending_the_notices_again_tells_nobody_twice(
    draft, secretariat, django_capture_on_commit_callbacks
):
    UserFactory(username="amber", clearance=Level.AMBER, email="amber@example.org")
    _add(draft, "A")
    with django_capture_on_commit_callbacks(execute=True):
        publication = services.agenda_publish(meeting=draft, by=secretariat)
    notifications.notifications_send(event_key=f"agenda_publication:{publication.pk}")
    assert len(mail.outbox) == 1


def test_with_the_broker_down_the_notices_are_sent_by_the_sweep(
    draft, secretariat, django_capture_on_commit_callbacks, monkeypatch
):
    from notifications import tasks

    UserFactory(username="amber", clearance=Level.AMBER, email="amber@example.org")
    _add(draft, "A")
    with monkeypatch.context() as patch:
        patch.setattr(
            tasks.notifications_send_task,
            "apply_async",
            lambda *a, **k: (_ for _ in ()).throw(ConnectionRefusedError()),
        )
        with django_capture_on_commit_callbacks(execute=True):
            services.agenda_publish(meeting=draft, by=secretariat)
    assert mail.outbox == []
    assert notifications.dispatch_pending() == 1
    assert len(mail.outbox) == 1


def test_a_meeting_never_moves_back_to_an_earlier_status(draft, secretariat):
    services.meeting_status_change(meeting=draft, status="held", by=secretariat)
    with pytest.raises(ValidationError, match="already “Held”"):
        services.meeting_status_change(meeting=draft, status="agenda_published", by=secretariat)


def test_who_can_see_an_amber_item_names_attendees_clearance_and_recusals(db):
    meeting = MeetingFactory(status="agenda_published")
    item = AgendaItemFactory(meeting=meeting, level=Level.AMBER)
    AttendanceFactory(meeting=meeting, user=UserFactory(username="att"))
    RecusalFactory(item=item, user=UserFactory(username="conflicted", clearance=Level.AMBER))
    lines = dict(item_audience(item))
    assert "named participants see up to RED: Test att" in lines["Attendees of the meeting"]
    assert lines["Not Test conflicted"] == "recused from this item"


def test_who_can_see_a_draft_item_is_the_secretariat_only(draft):
    item = AgendaItemFactory(meeting=draft, published_at=None)
    assert item_audience(item)[-1] == (
        "Nobody else",
        "the item is a draft until the agenda is published",
    )


def test_who_can_see_a_published_item_of_a_draft_meeting_is_the_secretariat_only(draft):
    item = AgendaItemFactory(meeting=draft)
    assert item_audience(item)[-1] == (
        "Nobody else",
        "the meeting is a draft until its agenda is published",
    )


# Headline modes: nothing of a RED item is listed in the Headlines until the secretariat
# chooses "full"


def test_a_new_red_item_without_a_headline_mode_is_counted(draft):
    item = services.agenda_item_add(
        meeting=draft,
        by=None,
        section="agenda",
        title="FUSA",
        level=Level.RED,
        **restriction(Level.RED),
    )
    assert item.headline_mode == "counted"


def test_a_new_amber_item_without_a_headline_mode_is_listed_in_full(draft):
    item = services.agenda_item_add(
        meeting=draft,
        by=None,
        section="agenda",
        title="Risks",
        level=Level.AMBER,
        **restriction(Level.AMBER),
    )
    assert item.headline_mode == "full"


def test_a_new_red_item_with_full_chosen_is_listed_in_full(draft):
    item = _add(draft, "FUSA", level=Level.RED)
    assert item.headline_mode == "full"


def test_an_item_raised_to_red_with_its_mode_left_as_it_was_becomes_counted(draft):
    item = _add(draft, "Risks", level=Level.AMBER)
    item = services.agenda_item_update(
        item=item, expected_version=item.version, by=None, level=Level.RED, headline_mode="full"
    )
    assert item.headline_mode == "counted"


def test_an_item_raised_to_red_without_its_mode_given_becomes_counted(draft):
    item = _add(draft, "Risks", level=Level.AMBER)
    item = services.agenda_item_update(
        item=item, expected_version=item.version, by=None, level=Level.RED
    )
    assert item.headline_mode == "counted"


def test_a_red_item_edited_to_full_stays_full(draft):
    item = _add(draft, "FUSA", level=Level.AMBER)
    item = services.agenda_item_update(
        item=item, expected_version=item.version, by=None, level=Level.RED
    )
    item = services.agenda_item_update(
        item=item, expected_version=item.version, by=None, headline_mode="full"
    )
    assert item.headline_mode == "full"


def test_the_builder_adds_a_red_item_counted_when_no_mode_is_chosen(client, secretariat, draft):
    client.force_login(secretariat)
    client.post(
        _builder(draft) + "items/",
        {
            "section": "agenda",
            "title": "VUSA",
            "purpose": "decision",
            "level": Level.RED,
            "restriction_reason": "Names a party under assessment",
            "review_on": "2099-01-01",
        },
    )
    assert draft.items.get(title="VUSA").headline_mode == "counted"


# Pages


def test_the_builder_answers_404_to_a_member(client, member, draft):
    client.force_login(member)
    assert client.get(_builder(draft)).status_code == 404


def test_the_secretariat_creates_a_meeting(client, secretariat):
    committee = CommitteeFactory()
    client.force_login(secretariat)
    response = client.post(
        "/manage/meetings/new/",
        {
            "committee": committee.pk,
            "number": 95,
            "date": "2020-03-11",
            "start_time": "10:00",
            "end_time": "12:00",
            "location": "London",
        },
    )
    assert response.status_code == 302
    assert Meeting.objects.get(number=95).status == "draft"


def test_a_duplicate_meeting_number_is_refused_with_a_clear_message(client, secretariat, draft):
    client.force_login(secretariat)
    response = client.post(
        "/manage/meetings/new/",
        {"committee": draft.committee.pk, "number": 90, "date": "2020-03-11"},
    )
    assert "Meeting with this Committee and Number already exists." in response.content.decode()


def test_adding_an_item_through_htmx_answers_with_the_agenda(client, secretariat, draft):
    client.force_login(secretariat)
    response = client.post(
        _builder(draft) + "items/",
        {
            "section": "agenda",
            "title": "SMETS1",
            "presenter": "DCC",
            "purpose": "information",
            "level": Level.RED,
            "restriction_reason": "Security of the DCC's systems",
            "review_on": "2099-01-01",
            "headline_mode": "full",
            "headline": "",
        },
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert 'id="agenda"' in html
    assert "Item 1 added." in html
    assert "SMETS1" in html


def test_adding_an_item_without_a_title_names_the_field(client, secretariat, draft):
    client.force_login(secretariat)
    response = client.post(
        _builder(draft) + "items/",
        {
            "section": "agenda",
            "title": "",
            "purpose": "information",
            "level": 0,
            "headline_mode": "full",
        },
        HTTP_HX_REQUEST="true",
    )
    assert "Title: This field is required." in response.content.decode()
    assert draft.items.count() == 0


def test_reordering_through_the_page_with_an_unknown_id_says_so(client, secretariat, draft):
    a = _add(draft, "A")
    client.force_login(secretariat)
    response = client.post(
        _builder(draft) + "reorder/", {"order": f"{a.pk},424242"}, HTTP_HX_REQUEST="true"
    )
    assert "Item id 424242 is not on this agenda" in response.content.decode()


def test_a_non_pdf_renamed_pdf_is_refused_by_content(client, secretariat, draft):
    item = _add(draft, "A")
    client.force_login(secretariat)
    fake = SimpleUploadedFile("paper.pdf", b"MZ this is an executable", "application/pdf")
    response = client.post(
        _builder(draft) + f"items/{item.pk}/papers/",
        {"title": "Fake", "level": 0, "file": fake},
        HTTP_HX_REQUEST="true",
    )
    assert "The file is not a PDF (its content does not start with %PDF-)." in (
        response.content.decode()
    )
    assert Paper.objects.count() == 0


def test_an_oversize_paper_is_refused_with_the_cap(client, secretariat, draft, settings):
    settings.PAPER_MAX_BYTES = 1024
    item = _add(draft, "A")
    client.force_login(secretariat)
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * 4096, "application/pdf")
    response = client.post(
        _builder(draft) + f"items/{item.pk}/papers/",
        {"title": "Big", "level": 0, "file": big},
        HTTP_HX_REQUEST="true",
    )
    assert "The file is 4.0 KB; papers may be at most 1.0 KB." in response.content.decode()
    assert Paper.objects.count() == 0


def test_a_paper_is_uploaded_through_the_page(client, secretariat, draft):
    item = _add(draft, "A", level=Level.AMBER)
    client.force_login(secretariat)
    upload = SimpleUploadedFile("p.pdf", text_pdf(["hello"]), "application/pdf")
    client.post(
        _builder(draft) + f"items/{item.pk}/papers/",
        {"title": "Options paper", "level": Level.AMBER, "file": upload},
    )
    paper = Paper.objects.get()
    assert (paper.title, paper.current_version.original_name) == ("Options paper", "p.pdf")


def test_the_builder_shows_who_can_see_each_item(client, secretariat, draft):
    _add(draft, "A", level=Level.GREEN)
    client.force_login(secretariat)
    html = client.get(_builder(draft)).content.decode()
    assert "Who can see this" in html
    assert "Nobody else" in html  # the item is still a draft


def test_publishing_through_the_page_moves_the_meeting_on(client, secretariat, draft):
    _add(draft, "A")
    client.force_login(secretariat)
    client.post(_builder(draft) + "publish/")
    draft.refresh_from_db()
    assert draft.status == "agenda_published"
    assert AgendaItem.objects.filter(meeting=draft, published_at__isnull=False).count() == 1
