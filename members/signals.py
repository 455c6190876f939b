"""Keep the dashboard's unread marks in step with the papers members open."""

from django.dispatch import receiver

from meetings.events import paper_opened

from .services import paper_mark_read


@receiver(paper_opened)
def mark_paper_read(sender, user, paper, **kwargs):
    paper_mark_read(user=user, paper=paper)
