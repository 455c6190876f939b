"""Papers leaving the portal: stamped for their reader, recorded, and reported to SECAS."""

import csv
import io

import pytest
from pypdf import PdfReader

from audit.models import AuditEvent
from classification.levels import Level
from classification.visibility import can_view, paper_readers
from meetings.demo import text_pdf
from meetings.models import PaperVersion
from tests.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    MeetingFactory,
    PaperFactory,
    RecusalFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _pages_text(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


@pytest.fixture
def amber_paper(db):
    item = AgendaItemFactory(level=Level.AMBER)
    paper = PaperFactory(item=item, level=Level.AMBER, title="Options", with_file=False)
    content = text_pdf(["Page one", "Page two", "Page three"])
    from django.core.files.base import ContentFile

    version = PaperVersion(paper=paper, number=1, size=len(content))
    version.file.save("upload.pdf", ContentFile(content), save=True)
    return paper


def test_every_page_of_a_served_amber_paper_names_its_reader(client, amber_paper):
    reader = UserFactory(username="morgan", first_name="Morgan", last_name="Member", clearance=2)
    client.force_login(reader)
    pages = _pages_text(_body(client.get(f"/papers/{amber_paper.pk}/")))
    assert len(pages) == 3
    assert all("Morgan Member" in text and "AMBER" in text for text in pages)


def test_a_white_papers_bytes_are_served_unchanged(client):
    paper = PaperFactory(title="Public paper")
    with paper.current_version.file.open("rb") as stored:
        original = stored.read()
    assert _body(client.get(f"/papers/{paper.pk}/")) == original


def test_opening_an_amber_paper_is_recorded_with_its_version(client, member, amber_paper):
    client.force_login(member)
    client.get(f"/papers/{amber_paper.pk}/?inline=1")
    event = AuditEvent.objects.get(object_type="meetings.Paper")
    assert (event.kind, event.username, event.version, event.object_id) == (
        AuditEvent.Kind.PAPER_OPENED,
        "member",
        1,
        str(amber_paper.pk),
    )


def test_downloading_is_recorded_as_a_download(client, member, amber_paper):
    client.force_login(member)
    client.get(f"/papers/{amber_paper.pk}/")
    assert (
        AuditEvent.objects.get(object_type="meetings.Paper").kind
        == AuditEvent.Kind.PAPER_DOWNLOADED
    )


@pytest.mark.parametrize("level", [Level.WHITE, Level.GREEN])
def test_white_and_green_papers_leave_no_audit_row(client, member, level):
    paper = PaperFactory(item=AgendaItemFactory(level=level), level=level)
    client.force_login(member)
    client.get(f"/papers/{paper.pk}/")
    assert not AuditEvent.objects.filter(object_type="meetings.Paper").exists()


def test_the_csv_export_lists_each_access(client, secretariat, member, amber_paper):
    client.force_login(member)
    client.get(f"/papers/{amber_paper.pk}/")
    client.force_login(secretariat)
    response = client.get(
        f"/audit/export.csv?object_type=meetings.Paper&object_id={amber_paper.pk}"
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(row["username"], row["kind"], row["version"]) for row in rows] == [
        ("member", "paper.downloaded", "1")
    ]


def test_the_csv_export_refuses_a_bad_date_saying_why(client, secretariat):
    client.force_login(secretariat)
    response = client.get("/audit/export.csv?from=13/11/2019")
    assert response.status_code == 400
    assert "should look like 2019-11-13" in response.content.decode()


def test_the_csv_export_answers_404_to_members(client, member):
    client.force_login(member)
    assert client.get("/audit/export.csv").status_code == 404


def test_the_readers_page_shows_who_has_and_has_not_opened(client, secretariat, amber_paper):
    opened = UserFactory(username="opened", clearance=Level.AMBER)
    UserFactory(username="notyet", clearance=Level.AMBER)
    client.force_login(opened)
    client.get(f"/papers/{amber_paper.pk}/")
    client.force_login(secretariat)
    html = client.get(f"/papers/{amber_paper.pk}/readers/").content.decode()
    assert "1 of 2 readers who may see it has opened it." in html
    assert "Not opened" in html


def test_the_readers_page_answers_404_to_members(client, member, amber_paper):
    client.force_login(member)
    assert client.get(f"/papers/{amber_paper.pk}/readers/").status_code == 404


def test_the_readers_of_a_paper_are_exactly_those_who_can_view_it(db):
    meeting = MeetingFactory()
    users = [
        UserFactory(username=f"{clearance.label.lower()}-{n}", clearance=clearance)
        for clearance in Level
        for n in range(2)
    ]
    for user in users[::3]:
        AttendanceFactory(meeting=meeting, user=user)
    for level in Level:
        item = AgendaItemFactory(meeting=meeting, level=level)
        RecusalFactory(item=item, user=users[-1])
        paper = PaperFactory(item=item, level=level)
        readers = set(paper_readers(paper))
        assert readers == {user for user in users if can_view(user, paper)}, level.label
