"""The papers pack: one PDF of the papers a member may see, prepared in the background."""

import io

import pytest
from django.core.files.base import ContentFile
from kombu.exceptions import OperationalError
from pypdf import PdfReader

from audit.models import AuditEvent
from classification.levels import Level
from meetings.demo import text_pdf
from meetings.models import Paper, PaperVersion
from meetings.services import paper_version_add, paper_withdraw
from packs import services, tasks
from packs.models import Pack
from tests.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    MeetingFactory,
    PaperFactory,
    RecusalFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _paper(item, title, pages, level=None):
    """A published paper of `item` whose every page reads "<title> page n"."""
    paper = PaperFactory(item=item, title=title, level=level or item.level, with_file=False)
    content = text_pdf([f"{title} page {n}" for n in range(1, pages + 1)])
    version = PaperVersion(paper=paper, number=1, size=len(content))
    version.file.save("upload.pdf", ContentFile(content), save=True)
    return paper


@pytest.fixture
def morgan(db):
    return UserFactory(username="morgan", first_name="Morgan", last_name="Member", clearance=2)


@pytest.fixture
def meeting(db):
    """SSC 89: an AMBER paper (3 pages), a WHITE one (2 pages) and a RED one (4 pages)."""
    meeting = MeetingFactory(number=89)
    shared = AgendaItemFactory(
        meeting=meeting, number=1, title="Shared Resources", level=Level.AMBER
    )
    smets = AgendaItemFactory(meeting=meeting, number=2, title="SMETS1", level=Level.WHITE)
    red = AgendaItemFactory(meeting=meeting, number=3, title="Party assessments", level=Level.RED)
    _paper(shared, "Shared Resources options", 3)
    _paper(smets, "SMETS1 update", 2)
    _paper(red, "FUSA report of Acme Energy", 4)
    return meeting


def _url(meeting, suffix="pack/"):
    return f"/meetings/{meeting.committee.code}/{meeting.number}/{suffix}"


def _request(client, meeting, capture):
    """POST the request for a pack, running what is sent when it commits (tasks run eagerly)."""
    with capture(execute=True):
        response = client.post(_url(meeting))
    assert response.status_code == 302
    return Pack.objects.filter(meeting=meeting).order_by("pk").last()


def _download(client, meeting) -> bytes:
    response = client.get(_url(meeting, "pack.pdf"))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def _pages_text(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


@pytest.fixture
def pack_of(client, django_capture_on_commit_callbacks):
    """Sign `user` in, ask for their pack of `meeting` and download it."""

    def pack_of(user, meeting) -> bytes:
        client.force_login(user)
        _request(client, meeting, django_capture_on_commit_callbacks)
        return _download(client, meeting)

    return pack_of


def test_the_pack_has_the_visible_papers_pages_plus_the_cover(meeting, morgan, pack_of):
    pages = _pages_text(pack_of(morgan, meeting))
    assert len(pages) == 1 + 3 + 2
    assert "Papers pack" in pages[0]
    assert [text.split("\n")[0] for text in pages[1:]] == [
        "Shared Resources options page 1",
        "Shared Resources options page 2",
        "Shared Resources options page 3",
        "SMETS1 update page 1",
        "SMETS1 update page 2",
    ]


def test_a_red_paper_is_absent_from_a_non_attendees_pack(meeting, morgan, pack_of):
    text = "\n".join(_pages_text(pack_of(morgan, meeting)))
    assert "FUSA report" not in text
    assert "Acme" not in text
    assert "Party assessments" not in text


def test_an_attendee_finds_the_red_paper_in_their_pack(meeting, morgan, pack_of):
    AttendanceFactory(meeting=meeting, user=morgan)
    pages = _pages_text(pack_of(morgan, meeting))
    assert len(pages) == 1 + 3 + 2 + 4
    assert pages[-1].startswith("FUSA report of Acme Energy page 4")
    assert "RED — Morgan Member" in pages[-1]


def test_a_recused_members_pack_leaves_out_the_item(meeting, morgan, pack_of):
    RecusalFactory(item=meeting.items.get(number=1), user=morgan)
    text = "\n".join(_pages_text(pack_of(morgan, meeting)))
    assert "Shared Resources" not in text
    assert "SMETS1 update page 2" in text


def test_the_cover_lists_the_included_papers_by_item(meeting, morgan, pack_of):
    cover = _pages_text(pack_of(morgan, meeting))[0]
    assert "SSC 89" in cover.replace("(SSC) ", "SSC ")
    assert "Morgan Member (morgan)" in cover
    assert cover.index("1. Shared Resources") < cover.index("Shared Resources options — version 1")
    assert cover.index("2. SMETS1") < cover.index("SMETS1 update — version 1 — WHITE")


def test_the_bookmarks_name_the_items(meeting, morgan, pack_of):
    AttendanceFactory(meeting=meeting, user=morgan)
    reader = PdfReader(io.BytesIO(pack_of(morgan, meeting)))
    outline = reader.outline
    items = [entry.title for entry in outline if not isinstance(entry, list)]
    papers = [[child.title for child in entry] for entry in outline if isinstance(entry, list)]
    starts = [reader.get_destination_page_number(e) for e in outline if not isinstance(e, list)]
    assert items == ["1. Shared Resources", "2. SMETS1", "3. Party assessments"]
    assert papers == [
        ["Shared Resources options"],
        ["SMETS1 update"],
        ["FUSA report of Acme Energy"],
    ]
    assert starts == [1, 4, 6]


def test_every_page_of_the_pack_names_its_reader(meeting, morgan, pack_of):
    pages = _pages_text(pack_of(morgan, meeting))
    assert all("AMBER — Morgan Member — " in text for text in pages)


def test_a_second_request_reuses_the_ready_pack(
    meeting, morgan, client, django_capture_on_commit_callbacks
):
    client.force_login(morgan)
    first = _request(client, meeting, django_capture_on_commit_callbacks)
    second = _request(client, meeting, django_capture_on_commit_callbacks)
    assert second.pk == first.pk
    assert (second.status, second.attempts) == (Pack.Status.READY, 1)


def test_a_new_paper_version_makes_a_new_pack(
    meeting, morgan, client, django_capture_on_commit_callbacks
):
    client.force_login(morgan)
    first = _request(client, meeting, django_capture_on_commit_callbacks)
    paper = meeting.items.get(number=2).papers.get()
    paper_version_add(paper=paper, content=text_pdf(["SMETS1 update, corrected"]), by=None)

    second = _request(client, meeting, django_capture_on_commit_callbacks)
    assert second.key != first.key
    assert [paper.pk, 2, paper.level] in second.contents
    assert "SMETS1 update, corrected" in "\n".join(_pages_text(_download(client, meeting)))


def test_the_out_of_date_pack_is_deleted_once_the_new_one_is_ready(
    meeting, morgan, client, django_capture_on_commit_callbacks
):
    client.force_login(morgan)
    first = _request(client, meeting, django_capture_on_commit_callbacks)
    paper_version_add(
        paper=meeting.items.get(number=2).papers.get(), content=text_pdf(["v2"]), by=None
    )

    second = _request(client, meeting, django_capture_on_commit_callbacks)
    assert list(Pack.objects.filter(user=morgan)) == [second]
    assert not first.file.storage.exists(first.file.name)
    assert second.file.storage.exists(second.file.name)


def test_a_withdrawn_paper_makes_a_new_pack_without_it(
    meeting, morgan, client, django_capture_on_commit_callbacks
):
    client.force_login(morgan)
    first = _request(client, meeting, django_capture_on_commit_callbacks)
    paper_withdraw(paper=meeting.items.get(number=2).papers.get(), by=None)

    second = _request(client, meeting, django_capture_on_commit_callbacks)
    assert second.key != first.key
    assert len(_pages_text(_download(client, meeting))) == 1 + 3


def test_a_pack_is_not_served_once_its_papers_change(
    meeting, morgan, client, django_capture_on_commit_callbacks
):
    client.force_login(morgan)
    _request(client, meeting, django_capture_on_commit_callbacks)
    paper_withdraw(paper=meeting.items.get(number=2).papers.get(), by=None)

    assert client.get(_url(meeting, "pack.pdf")).status_code == 404
    assert "The papers have changed" in client.get(_url(meeting)).content.decode()


def test_the_progress_fragment_says_when_a_ready_pack_is_out_of_date(
    meeting, morgan, client, django_capture_on_commit_callbacks
):
    client.force_login(morgan)
    pack = _request(client, meeting, django_capture_on_commit_callbacks)
    paper_withdraw(paper=meeting.items.get(number=2).papers.get(), by=None)

    fragment = client.get(_url(meeting, f"pack/{pack.pk}/progress/")).content.decode()
    assert "Out of date" in fragment
    assert "Download the papers pack" not in fragment


def test_a_withdrawn_paper_is_left_out_of_the_secretariats_pack(meeting, secretariat, pack_of):
    paper_withdraw(paper=meeting.items.get(number=3).papers.get(), by=secretariat)
    text = "\n".join(_pages_text(pack_of(secretariat, meeting)))
    assert "FUSA report" not in text
    assert "SMETS1 update page 2" in text


def test_with_the_broker_down_the_pack_is_rendered_by_the_sweep(
    meeting, morgan, client, django_capture_on_commit_callbacks, monkeypatch
):
    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    client.force_login(morgan)
    with monkeypatch.context() as patch:
        patch.setattr(tasks.pack_build_task, "apply_async", broker_down)
        pack = _request(client, meeting, django_capture_on_commit_callbacks)
    assert (pack.status, pack.dispatched_at) == (Pack.Status.QUEUED, None)

    assert tasks.pack_build_sweep_task() == 1
    pack.refresh_from_db()
    assert pack.status == Pack.Status.READY
    assert pack.dispatched_at is not None


def test_a_failed_render_can_be_retried(
    meeting, morgan, client, django_capture_on_commit_callbacks, monkeypatch
):
    def broken(*args, **kwargs):
        raise ValueError("the disk is full")

    client.force_login(morgan)
    with monkeypatch.context() as patch:
        patch.setattr(services, "render_pack", broken)
        pack = _request(client, meeting, django_capture_on_commit_callbacks)
    assert pack.status == Pack.Status.FAILED
    page = client.get(_url(meeting)).content.decode()
    assert "ValueError: the disk is full" in page
    assert "Try again" in page

    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url(meeting, f"pack/{pack.pk}/retry/"))
    pack.refresh_from_db()
    assert (pack.status, pack.attempts, pack.error) == (Pack.Status.READY, 2, "")


def test_downloading_the_pack_is_recorded(meeting, morgan, pack_of):
    pack_of(morgan, meeting)
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.PACK_DOWNLOADED)
    papers = [[paper.pk, 1] for paper in meeting.items.get(number=1).papers.all()] + [
        [paper.pk, 1] for paper in meeting.items.get(number=2).papers.all()
    ]
    assert (event.username, event.object_type, event.object_id, event.level) == (
        "morgan",
        "meetings.Meeting",
        str(meeting.pk),
        Level.AMBER,
    )
    assert [[entry["paper"], entry["version"]] for entry in event.detail["papers"]] == papers


def test_the_pack_is_downloaded_privately_as_an_attachment(meeting, morgan, pack_of, client):
    pack_of(morgan, meeting)
    response = client.get(_url(meeting, "pack.pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


def test_another_members_pack_answers_404(meeting, morgan, pack_of, client):
    pack_of(morgan, meeting)
    pack = Pack.objects.get(user=morgan)
    client.force_login(UserFactory(username="other", clearance=Level.AMBER))
    assert client.get(_url(meeting, "pack.pdf")).status_code == 404
    assert client.get(_url(meeting, f"pack/{pack.pk}/progress/")).status_code == 404
    assert client.post(_url(meeting, f"pack/{pack.pk}/retry/")).status_code == 404


def test_the_progress_fragment_polls_until_ready(meeting, morgan, client, monkeypatch):
    monkeypatch.setattr(services, "dispatch_pack", lambda pack_id: False)
    pack = services.pack_request(user=morgan, meeting=meeting)
    client.force_login(morgan)
    progress = _url(meeting, f"pack/{pack.pk}/progress/")

    queued = client.get(progress).content.decode()
    assert 'hx-trigger="every 2s"' in queued
    assert "Queued" in queued

    Pack.objects.filter(pk=pack.pk).update(status=Pack.Status.RENDERING, papers_done=1)
    rendering = client.get(progress).content.decode()
    assert 'hx-trigger="every 2s"' in rendering
    assert "Rendering 1 of 2" in rendering

    services.pack_build(pack_id=pack.pk)
    ready = client.get(progress).content.decode()
    assert "hx-trigger" not in ready
    assert "Download the papers pack" in ready


def test_a_member_with_no_papers_to_see_is_told_so(client):
    meeting = MeetingFactory(number=90)
    _paper(AgendaItemFactory(meeting=meeting, level=Level.AMBER), "Options", 1)
    client.force_login(UserFactory(username="reg", clearance=Level.GREEN))
    response = client.post(_url(meeting), follow=True)
    assert "no papers of this meeting that you can see" in response.content.decode()
    assert not Pack.objects.exists()


def test_the_pack_page_asks_a_visitor_to_sign_in(meeting, client):
    response = client.get(_url(meeting))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_reclassifying_a_paper_makes_a_new_pack_stamped_at_its_new_level(
    meeting, morgan, client, django_capture_on_commit_callbacks
):
    client.force_login(morgan)
    first = _request(client, meeting, django_capture_on_commit_callbacks)
    lowest = Paper.objects.filter(item__meeting=meeting).order_by("level").first()
    assert lowest.level < Level.AMBER
    Paper.objects.filter(pk=lowest.pk).update(level=Level.AMBER)
    second = _request(client, meeting, django_capture_on_commit_callbacks)
    assert second.key != first.key
