"""Headlines' pages: `public` (the site anyone reads) and `workflow` (the secretariat's draft,
the chair's approval). `urls.py` names them from here."""

from .public import (
    HeadlinesFeed,
    headlines_detail,
    headlines_index,
    headlines_pdf,
    headlines_search,
    headlines_signing_certificate,
)
from .workflow import (
    headlines_compose_page,
    headlines_decide,
    headlines_progress,
    headlines_retry,
    headlines_review,
    headlines_submit,
    headlines_withdraw,
)

__all__ = [
    "HeadlinesFeed",
    "headlines_compose_page",
    "headlines_decide",
    "headlines_detail",
    "headlines_index",
    "headlines_pdf",
    "headlines_progress",
    "headlines_retry",
    "headlines_review",
    "headlines_search",
    "headlines_signing_certificate",
    "headlines_submit",
    "headlines_withdraw",
]
