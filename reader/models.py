"""Private notes on papers: a highlight or a pin on a page, seen by its author alone.

Who sees a note is decided in `classification.visibility.PaperNoteQuerySet`: its author, while
the author may see the paper. Notes are kept on the paper's current version (the newest one
still served) and follow it when the paper is replaced (`services.notes_carry`).
"""

from django.conf import settings
from django.db import models

from classification.visibility import PaperNoteQuerySet

# The longest note and the longest quoted text a note keeps; the reader's form says so.
NOTE_MAX = 2000
QUOTE_MAX = 1000


class PaperNote(models.Model):
    """A note of one person on one page of a paper: on highlighted text, or pinned to a spot.

    `rects` are where it sits on the page of `version`, in PDF points from the page's
    bottom-left corner: [x1, y1, x2, y2] boxes over the highlighted text, or one [x, y] point
    for a pin. A note carried to a new version keeps its quote and finds its page again by
    it; its boxes, drawn on the old file, are dropped. `may_have_moved` says the quoted text
    was not found in the version it was carried to (or a pin's page is gone).
    """

    paper = models.ForeignKey("meetings.Paper", on_delete=models.CASCADE, related_name="notes")
    version = models.ForeignKey(
        "meetings.PaperVersion", on_delete=models.CASCADE, related_name="notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="paper_notes"
    )
    page = models.PositiveIntegerField()
    quote = models.TextField(blank=True)
    rects = models.JSONField(default=list, blank=True)
    text = models.TextField()
    may_have_moved = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PaperNoteQuerySet.as_manager()

    class Meta:
        ordering = ["paper", "page", "created_at", "pk"]
        indexes = [models.Index(fields=["author", "paper"], name="paper_note_author_idx")]

    def __str__(self) -> str:
        return f"Note on page {self.page} of “{self.paper}”"

    @property
    def is_pin(self) -> bool:
        """Pinned to a spot of the page rather than on highlighted text."""
        return not self.quote
