"""Keep notes on the version of each paper that is served."""

from django.dispatch import receiver

from meetings.events import paper_version_added, paper_version_withdrawn
from meetings.models import Paper

from .services import current_version, notes_carry


@receiver(paper_version_added)
def carry_notes_to_a_new_version(sender, paper, version, **kwargs):
    # A replacement becomes the current version: the notes follow it.
    notes_carry(paper=paper, version=version)


@receiver(paper_version_withdrawn)
def carry_notes_off_a_withdrawn_version(sender, paper, number, **kwargs):
    # The paper is now served from its newest version left; notes kept on the withdrawn one
    # move there, before its file is deleted.
    current = current_version(Paper.objects.get(pk=paper.pk))
    if current is not None:
        notes_carry(paper=paper, version=current)
