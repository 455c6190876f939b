"""A real Celery worker, through the real broker: the approval's render reaches the PDF.

Needs PostgreSQL (the worker process must see the test's committed rows) and Redis; CI has
both, and in CI a skip is a failure.
"""

import pytest

from headlines import services
from headlines.models import HeadlinesRequest, HeadlinesVersion
from tests.workers import wait_for


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_worker_renders_the_approved_headlines(worker, held_meeting, secretariat, chair):
    process, log = worker
    request = services.headlines_submit(meeting=held_meeting, by=secretariat)
    services.headlines_approve(request=request, by=chair)  # dispatched when this commits

    published = wait_for(lambda: HeadlinesRequest.objects.get(pk=request.pk).status == "published")
    assert published, f"worker did not publish; its log:\n{log.read_text()}"
    assert HeadlinesVersion.objects.filter(meeting=held_meeting).count() == 1
    assert process.poll() is None
