"""A real Celery worker, through the real broker: a member's request reaches a ready pack.

Needs PostgreSQL (the worker process must see the test's committed rows) and Redis; CI has
both, and in CI a skip is a failure.
"""

import pytest
from django.core.files.base import ContentFile
from pypdf import PdfReader

from classification.levels import Level
from meetings.demo import text_pdf
from meetings.models import PaperVersion
from packs import services
from packs.models import Pack
from tests.factories import AgendaItemFactory, MeetingFactory, PaperFactory, UserFactory
from tests.workers import wait_for


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_worker_renders_the_requested_pack(worker):
    process, log = worker
    member = UserFactory(username="member", clearance=Level.AMBER)
    item = AgendaItemFactory(meeting=MeetingFactory(number=89), level=Level.AMBER)
    paper = PaperFactory(item=item, title="Options", with_file=False)
    content = text_pdf(["Options page 1", "Options page 2"])
    version = PaperVersion(paper=paper, number=1, size=len(content))
    version.file.save("upload.pdf", ContentFile(content), save=True)

    pack = services.pack_request(user=member, meeting=item.meeting)  # sent when this commits

    ready = wait_for(lambda: Pack.objects.get(pk=pack.pk).status == Pack.Status.READY)
    assert ready, f"worker did not render the pack; its log:\n{log.read_text()}"
    pack.refresh_from_db()
    with pack.file.open("rb") as stored:
        assert len(PdfReader(stored).pages) == 1 + 2
    assert process.poll() is None
