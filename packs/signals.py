"""Keep papers packs in step with the papers they copy."""

from django.dispatch import receiver

from meetings.events import paper_version_withdrawn

from .services import packs_holding_discard


@receiver(paper_version_withdrawn)
def discard_packs_holding_withdrawn_version(sender, paper, number, **kwargs):
    # A withdrawn version must leave the portal in every form, packs included.
    packs_holding_discard(paper=paper, number=number)
