"""The reader's tests: a paper of a few pages at AMBER, its readers, and how to replace it."""

import pytest
from django.core.files.base import ContentFile

from classification.levels import Level
from meetings.demo import text_pdf
from meetings.models import PaperVersion
from meetings.services import paper_version_add
from tests.factories import AgendaItemFactory, MeetingFactory, PaperFactory

PAGES = [
    "Shared Resources options: the background",
    "The DCC proposes a Shared Resource Provider audit",
    "Annex: the timetable of the migration",
]


def paper_of(pages=PAGES, *, level=Level.AMBER, title="Shared Resources options"):
    """A published paper, of an item of a meeting of its own, whose one version has a page
    for each text of `pages`."""
    item = AgendaItemFactory(meeting=MeetingFactory(), level=level)
    paper = PaperFactory(item=item, level=level, title=title, with_file=False)
    content = text_pdf(pages)
    version = PaperVersion(paper=paper, number=1, size=len(content))
    version.file.save("upload.pdf", ContentFile(content), save=True)
    return paper


def replace(paper, pages):
    """The paper replaced, as the secretariat does it, by a version with these pages."""
    return paper_version_add(paper=paper, content=text_pdf(pages), by=None)


@pytest.fixture
def paper(db):
    return paper_of()


@pytest.fixture
def version(paper):
    return paper.versions.get()
