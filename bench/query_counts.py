"""Query counts of the busy pages with 10 and with 300 records: a flat count means no N+1.

For each size, a scenario is built inside a transaction that is rolled back (the bench data
is left as it was), on top of the bench data set:

* a held meeting with N agenda items (levels WHITE to RED), one paper each, a decision on
  each RED item and an action on each item, minutes approved; the member attends it, owns
  its actions and is recused from two items - for the meeting page, the dashboard (N new
  papers, N open actions) and the action log;
* N upcoming meetings the member attends - for the dashboard;
* N meetings with published Headlines in a committee of their own - for the Headlines
  index, filtered to that committee.

Each page is requested once to warm Django's caches, then counted as built (the portal's
caches emptied first); the meeting page is also counted as served from the meeting pages'
cache (`meeting_page_cached`).
`tests/system/test_query_counts.py` asserts the same on the test database.
"""

import datetime

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bench.common import MEMBER, session_for

SIZES = (10, 300)


class _Rollback(Exception):
    pass


def measure() -> dict:
    counts: dict[str, dict[int, int]] = {}
    for size in SIZES:
        try:
            with transaction.atomic():
                paths = _scenario(size)
                for page, (path, signed_in) in paths.items():
                    counts.setdefault(page, {})[size] = _count(path, signed_in)
                path, signed_in = paths["meeting_page"]
                counts.setdefault("meeting_page_cached", {})[size] = _count(
                    path, signed_in, cached=True
                )
                raise _Rollback
        except _Rollback:
            pass
    flat = {page: len(set(by_size.values())) == 1 for page, by_size in counts.items()}
    return {
        "sizes": list(SIZES),
        "queries": {
            page: {str(size): n for size, n in by_size.items()} for page, by_size in counts.items()
        },
        "flat": flat,
        "all_flat": all(flat.values()),
    }


def _count(path: str, signed_in: bool, *, cached: bool = False) -> int:
    """The queries of a request for `path` once its session is warm; as built, or `cached`."""
    from django.conf import settings
    from django.core.cache import caches

    from classification.models import User

    client = Client()
    if signed_in:
        session = session_for(User.objects.get(username=MEMBER))
        client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    response = client.get(path)
    if response.status_code != 200:
        raise AssertionError(f"{path} answered {response.status_code}")
    if not cached:
        for cache in caches.all():
            cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    if response.status_code != 200:
        raise AssertionError(f"{path} answered {response.status_code}")
    return len(queries)


def _scenario(size: int) -> dict[str, tuple[str, bool]]:
    from django.contrib.auth.models import Permission

    from assessments.models import Organisation
    from classification.levels import RED_PERMISSION, Level, MeetingStatus, MinutesStatus
    from classification.models import User
    from headlines.models import HeadlinesVersion
    from headlines.services import document_digest, headlines_compose
    from meetings.models import (
        Action,
        AgendaItem,
        Attendance,
        Committee,
        Decision,
        DecisionKind,
        Meeting,
        MeetingUserObjectPermission,
        Paper,
        PaperVersion,
        Recusal,
    )

    member = User.objects.get(username=MEMBER)
    permission = Permission.objects.get(codename=RED_PERMISSION)
    now = timezone.now()
    today = timezone.localdate()
    committee = Committee.objects.create(code="QC", name="Query-count Committee")

    def meeting(number, days, **fields):
        return Meeting(
            committee=committee,
            number=number,
            date=today + datetime.timedelta(days=days),
            **fields,
        )

    held = meeting(1, -7, status=MeetingStatus.HELD, minutes_status=MinutesStatus.APPROVED)
    held.save()
    upcoming = Meeting.objects.bulk_create(
        meeting(1000 + n, 1 + n, status=MeetingStatus.AGENDA_PUBLISHED) for n in range(size)
    )
    attended = [held, *upcoming]
    Attendance.objects.bulk_create(Attendance(meeting=m, user=member) for m in attended)
    MeetingUserObjectPermission.objects.bulk_create(
        MeetingUserObjectPermission(content_object=m, user=member, permission=permission)
        for m in attended
    )

    levels = [Level.WHITE, Level.GREEN, Level.AMBER, Level.RED]
    items = AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=held,
            number=n + 1,
            section="matters_arising" if n < 2 else "agenda",
            title=f"Item {n + 1}",
            level=levels[n % 4],
            headline="A headline.",
            minutes="The committee **noted** the update.",
            published_at=now,
        )
        for n in range(size)
    )
    papers = Paper.objects.bulk_create(
        Paper(item=item, title=f"Paper {item.number}", level=item.level, published_at=now)
        for item in items
    )
    shared = PaperVersion.objects.exclude(file="").values_list("file", flat=True).first()
    PaperVersion.objects.bulk_create(
        PaperVersion(paper=paper, number=1, file=shared, size=1000) for paper in papers
    )
    kind = DecisionKind.objects.get(code="ssa")
    party = Organisation.objects.order_by("pk").first()
    Decision.objects.bulk_create(
        Decision(item=item, kind=kind, party=party, outcome="Noted", level=Level.RED)
        for item in items
        if item.level == Level.RED
    )
    Action.objects.bulk_create(
        Action(
            item=item,
            reference=f"QC1/{item.number:03d}",
            description=f"Follow up item {item.number}.",
            owner_user=member,
            due=today + datetime.timedelta(days=14),
            level=max(item.level, Level.AMBER),
        )
        for item in items
    )
    Recusal.objects.bulk_create(Recusal(item=item, user=member) for item in items[2:4])

    published = Meeting.objects.bulk_create(
        meeting(
            2000 + n,
            -30 - n,
            status=MeetingStatus.HEADLINES_PUBLISHED,
            minutes_status=MinutesStatus.APPROVED,
        )
        for n in range(size)
    )
    document = headlines_compose(meeting=held)
    pdf = HeadlinesVersion.objects.values("pdf", "sha256", "size").first()
    HeadlinesVersion.objects.bulk_create(
        HeadlinesVersion(
            meeting=m,
            number=1,
            document=document.as_dict(),
            document_sha256=document_digest(document),
            text="Headlines",
            **pdf,
        )
        for m in published
    )
    pages = {
        "meeting_page": (f"/meetings/QC/{held.number}/", True),
        "headlines_index": ("/headlines/?committee=QC", False),
        "dashboard": ("/dashboard/", True),
        "action_log": ("/actions/", True),
    }
    # The dashboard and the action log are measured where the portal has them.
    return {page: target for page, target in pages.items() if _routed(target[0])}


def _routed(path: str) -> bool:
    from django.urls import Resolver404, resolve

    try:
        resolve(path.split("?")[0])
    except Resolver404:
        return False
    return True
