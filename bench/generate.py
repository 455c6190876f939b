"""Generate the bench data set into its own PostgreSQL database.

    .venv/bin/python bench/generate.py --scale small|large [--database-url URL] [--seed N]

The database (default postgres://postgres@127.0.0.1:5432/sscportal_bench, or
$BENCH_DATABASE_URL) is dropped, created and migrated, then filled with PostgreSQL COPY in
one pass per table. Every paper version points at one shared small PDF; a few meetings get
their Headlines rendered for real (`headlines_publish_now`), the other published Headlines
share one rendered PDF. The random choices are seeded, so a scale always gives the same data.

large: 20 committees, 5,000 meetings, 100,000 agenda items, 200,000 papers, 5,000 users,
20,000 RED grants (attendances) and 2,000 recusals; small is about a twentieth of that.
Beside the portal's data, the bench member holds a generic guardian `view_agendaitem` row on
every agenda item it may see: the per-item design bench/visibility.py compares with.
"""

import argparse
import datetime
import hashlib
import json
import random
import shutil
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

# Run as a script: import from the checkout (bench.*), not from bench/ itself.
sys.path[0] = str(Path(__file__).resolve().parent.parent)

from bench import common  # noqa: E402


@dataclass(frozen=True)
class Scale:
    committees: int
    meetings: int
    items: int
    papers: int
    users: int
    grants: int
    recusals: int
    rendered_headlines: int  # published through the real render; the rest share a PDF
    member_meetings: int  # meetings the bench member attends
    member_recusals: int


SCALES = {
    "large": Scale(20, 5000, 100_000, 200_000, 5000, 20_000, 2000, 8, 40, 20),
    "small": Scale(4, 250, 5000, 10_000, 250, 1000, 100, 4, 12, 8),
}

# A version tag of this generator: the runner regenerates when it changes.
GENERATOR_VERSION = 4

LEVEL_WEIGHTS = [35, 20, 30, 15]  # WHITE, GREEN, AMBER, RED
TOPICS = [
    "SMETS1 migration",
    "Shared Resource Provider",
    "Security Controls Framework",
    "CPA certification",
    "Anomaly detection thresholds",
    "DCC security incident",
    "Post-commissioning obligations",
    "Modification proposal",
    "Penetration test findings",
    "Risk assessment",
    "Remediation plan",
    "User CIO report",
]
PRESENTERS = ["SECAS", "DCC", "User CIO", "BEIS", "Ofgem", "Chair", "SSC member"]
MINUTES = (
    "The {code} discussed the **{topic}**. The presenter summarised the position and the "
    "members asked about the timetable, the residual risks and the evidence provided.\n\n"
    "- The {code} noted the update.\n- SECAS to circulate the revised paper.\n"
)


def _weighted_level(rng: random.Random, floor: int = 0) -> int:
    return max(floor, rng.choices(range(4), weights=LEVEL_WEIGHTS)[0])


def _spread(rng: random.Random, count: int, total: int, low: int, high: int) -> list[int]:
    """`count` random numbers in [low, high], nudged (within [0, ∞)) to sum to `total`."""
    values = [rng.randint(low, high) for _ in range(count)]
    diff = total - sum(values)
    step = 1 if diff > 0 else -1
    while diff:
        index = rng.randrange(count)
        if step < 0 and values[index] <= max(low // 2, 0):
            continue
        values[index] += step
        diff -= step
    return values


class Copier:
    """COPY rows of a model into its table; a row is a dict by field attname."""

    def __init__(self, connection):
        connection.ensure_connection()
        self.raw = connection.connection

    def __call__(self, model, rows) -> int:
        from django.db.models import JSONField
        from psycopg.types.json import Jsonb

        fields = model._meta.concrete_fields
        columns = ", ".join(f'"{field.column}"' for field in fields)
        # Omitted fields take their model default ("" for text); a required one left out
        # fails the COPY on its NOT NULL constraint.
        defaults = {field.attname: field.get_default() for field in fields}
        json_fields = {field.attname for field in fields if isinstance(field, JSONField)}
        count = 0
        with self.raw.cursor() as cursor:
            copy_sql = f'COPY "{model._meta.db_table}" ({columns}) FROM STDIN'
            with cursor.copy(copy_sql) as copy:
                for row in rows:
                    values = []
                    for field in fields:
                        name = field.attname
                        value = row[name] if name in row else defaults[name]
                        if name in json_fields:
                            value = Jsonb(value)
                        values.append(value)
                    copy.write_row(values)
                    count += 1
        self.raw.commit()
        return count


def generate(scale_name: str, url: str, seed: int = 2019) -> dict:
    started = time.perf_counter()
    scale = SCALES[scale_name]
    common.recreate_database(url)
    # The bench's own media folder: the files of the data set it replaces go with it.
    shutil.rmtree(common.MEDIA_ROOT, ignore_errors=True)
    common.setup_django(url)

    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.core.management.color import no_style
    from django.db import connection
    from django.utils import timezone

    call_command("migrate", verbosity=0, interactive=False)
    migrated = time.perf_counter()

    from assessments.models import Organisation
    from classification.levels import RED_PERMISSION, Level, MeetingStatus, MinutesStatus
    from classification.models import User
    from committees.models import Membership, SecretariatAssignment
    from headlines.models import HeadlinesVersion
    from meetings.demo import text_pdf
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

    rng = random.Random(seed)
    copy = Copier(connection)
    now = timezone.now()
    today = timezone.localdate()
    counts: dict[str, int] = {}

    def at(day: datetime.date) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))

    hour = datetime.timedelta(hours=1)

    # One shared paper file: 200,000 versions point at it.
    paper_pdf = text_pdf(["SSC Portal bench paper", "Page two"])
    paper_path = "papers/bench/shared.pdf"
    (common.MEDIA_ROOT / "papers" / "bench").mkdir(parents=True, exist_ok=True)
    (common.MEDIA_ROOT / paper_path).write_bytes(paper_pdf)
    paper_sha = hashlib.sha256(paper_pdf).hexdigest()

    # Users: a few secretariat, committee members (AMBER) in per-committee pools, and
    # registered users (GREEN); one in a hundred inactive.
    password = make_password("bench-password-2019")
    secretariat_count = max(2, scale.users // 1000)
    member_count = int(scale.users * 0.35)
    users = []
    standing = {}  # user id: (clearance, secretariat), made memberships once committees exist
    for index in range(1, scale.users + 1):
        if index == 1:
            username, clearance, secretariat = common.SECRETARIAT, Level.AMBER, True
        elif index == 2:
            username, clearance, secretariat = common.MEMBER, Level.AMBER, False
        elif index <= secretariat_count:
            username, clearance, secretariat = f"secas{index}", Level.AMBER, True
        elif index <= secretariat_count + member_count:
            username, clearance, secretariat = f"member{index}", Level.AMBER, False
        else:
            username, clearance, secretariat = f"user{index}", Level.GREEN, False
        users.append(
            {
                "id": index,
                "password": password,
                "username": username,
                "first_name": "Bench",
                "last_name": username,
                "email": f"{username}@example.org",
                "is_staff": secretariat,
                "is_active": index <= 2 or rng.random() > 0.01,
                "date_joined": now,
            }
        )
        standing[index] = (clearance, secretariat)
    counts["users"] = copy(User, users)
    secretariat_id, member_id = 1, 2
    member_ids = [2, *range(secretariat_count + 1, secretariat_count + member_count + 1)]

    committees = [
        {
            "id": index,
            "code": "SSC" if index == 1 else f"C{index:02d}",
            "name": "Security Sub-Committee" if index == 1 else f"Bench Committee {index}",
            "headlines_preamble": "The committee oversees the security of the arrangements.",
            "website_url": "https://example.org/committee",
        }
        for index in range(1, scale.committees + 1)
    ]
    counts["committees"] = copy(Committee, committees)
    # What the retired global clearance gave, as the data migration keeps it: AMBER holders
    # are members at AMBER of every committee, the secretariat is every committee's.
    since = datetime.date(2019, 1, 1)
    members = [
        (user_id, committee["id"])
        for user_id, (clearance, _) in standing.items()
        if clearance >= Level.AMBER
        for committee in committees
    ]
    counts["memberships"] = copy(
        Membership,
        (
            {"id": n, "user_id": user_id, "committee_id": committee_id, "role": "member",
             "level": Level.AMBER, "starts": since, "ends": None}
            for n, (user_id, committee_id) in enumerate(members, start=1)
        ),
    )  # fmt: skip
    assignments = [
        (user_id, committee["id"])
        for user_id, (_, secretariat) in standing.items()
        if secretariat
        for committee in committees
    ]
    counts["secretariat_assignments"] = copy(
        SecretariatAssignment,
        (
            {"id": n, "user_id": user_id, "committee_id": committee_id, "starts": since,
             "ends": None}
            for n, (user_id, committee_id) in enumerate(assignments, start=1)
        ),
    )  # fmt: skip
    # Each committee has a pool of members: its meetings' attendees come from the pool.
    pools = {c["id"]: [] for c in committees}
    for position, user_id in enumerate(member_ids[1:]):
        pools[position % scale.committees + 1].append(user_id)
    pools[1].insert(0, member_id)

    parties = [
        {"id": index, "name": f"Bench Party {index} Ltd", "level": Level.RED, "user_roles": []}
        for index in range(1, 201)
    ]
    counts["assessed_parties"] = copy(Organisation, parties)

    # Meetings: every 21 days per committee, the last few in the future. Future meetings
    # are draft (beyond 60 days) or published; past ones held, minutes circulated/approved,
    # and half of the older ones have published Headlines.
    per_committee = scale.meetings // scale.committees
    meetings = []
    for committee in committees:
        last = today + datetime.timedelta(days=120 + committee["id"])
        for number in range(1, per_committee + 1):
            date = last - datetime.timedelta(days=21 * (per_committee - number))
            age = (today - date).days
            if age < -60:
                status, minutes = MeetingStatus.DRAFT, MinutesStatus.DRAFT
            elif age < 0:
                status, minutes = MeetingStatus.AGENDA_PUBLISHED, MinutesStatus.DRAFT
            elif age < 30:
                status, minutes = MeetingStatus.HELD, MinutesStatus.DRAFT
            elif age < 90:
                status, minutes = MeetingStatus.HELD, MinutesStatus.CIRCULATED
            elif rng.random() < 0.5:
                status, minutes = MeetingStatus.HEADLINES_PUBLISHED, MinutesStatus.APPROVED
            else:
                status, minutes = MeetingStatus.MINUTES_APPROVED, MinutesStatus.APPROVED
            meetings.append(
                {
                    "id": len(meetings) + 1,
                    "committee_id": committee["id"],
                    "number": number,
                    "date": date,
                    "location": "Fleetbank House",
                    "next_meeting": date + datetime.timedelta(days=21),
                    "status": status,
                    "minutes_status": minutes,
                }
            )
    # The big meeting: SSC's next meeting with a published agenda.
    big = min(
        (
            m
            for m in meetings
            if m["committee_id"] == 1 and m["status"] == MeetingStatus.AGENDA_PUBLISHED
        ),
        key=lambda m: m["date"],
    )
    counts["meetings"] = copy(Meeting, meetings)

    # Attendance (and with it the RED grant): about four per meeting from the committee's
    # pool, the first as chair; the bench member attends SSC's most recent meetings.
    attendee_counts = _spread(rng, len(meetings), scale.grants, 2, 6)
    ssc_recent = sorted(
        (m for m in meetings if m["committee_id"] == 1 and m["status"] != MeetingStatus.DRAFT),
        key=lambda m: m["date"],
    )[-scale.member_meetings :]
    member_meeting_ids = {m["id"] for m in ssc_recent}
    attendance = []
    for meeting, count in zip(meetings, attendee_counts, strict=True):
        pool = pools[meeting["committee_id"]]
        chosen = rng.sample(pool[1:], min(count, len(pool) - 1))
        if meeting["id"] in member_meeting_ids:
            chosen[-1] = member_id
        for position, user_id in enumerate(chosen):
            attendance.append(
                {
                    "id": len(attendance) + 1,
                    "meeting_id": meeting["id"],
                    "user_id": user_id,
                    "role": Attendance.Role.CHAIR if position == 0 else Attendance.Role.MEMBER,
                }
            )
    counts["attendances"] = copy(Attendance, attendance)
    meeting_content_type = ContentType.objects.get_for_model(Meeting)
    permission = Permission.objects.get(content_type=meeting_content_type, codename=RED_PERMISSION)
    counts["red_grants"] = copy(
        MeetingUserObjectPermission,
        (
            {
                "id": row["id"],
                "permission_id": permission.pk,
                "content_object_id": row["meeting_id"],
                "user_id": row["user_id"],
            }
            for row in attendance
        ),
    )

    # Agenda items: 200 in the big meeting, 8 to 32 (on average the scale's ratio) elsewhere.
    item_counts = _spread(rng, len(meetings) - 1, scale.items - common.BIG_MEETING_ITEMS, 8, 32)
    item_counts.insert(meetings.index(big), common.BIG_MEETING_ITEMS)
    items = []
    for meeting, count in zip(meetings, item_counts, strict=True):
        published = meeting["status"] != MeetingStatus.DRAFT
        held = meeting["status"] not in (MeetingStatus.DRAFT, MeetingStatus.AGENDA_PUBLISHED)
        code = committees[meeting["committee_id"] - 1]["code"]
        arising = min(3, count // 4)
        for number in range(1, count + 1):
            level = _weighted_level(rng)
            topic = rng.choice(TOPICS)
            if number == 1:
                mode = AgendaItem.HeadlineMode.OMITTED
            elif level == Level.RED and rng.random() < 0.8:
                mode = AgendaItem.HeadlineMode.COUNTED
            else:
                mode = AgendaItem.HeadlineMode.FULL
            items.append(
                {
                    "id": len(items) + 1,
                    "meeting_id": meeting["id"],
                    "level": level,
                    "section": "matters_arising" if number <= arising else "agenda",
                    "number": number,
                    "title": f"{topic} ({number})",
                    "presenter": rng.choice(PRESENTERS),
                    "purpose": rng.choice(AgendaItem.Purpose.values),
                    "headline_mode": mode,
                    "headline": f"The {code} discussed the **{topic}** and noted the update.",
                    "minutes": MINUTES.format(code=code, topic=topic) if held else "",
                    # A few items of published agendas are still drafts; not in the big
                    # meeting, whose whole agenda went out.
                    "published_at": (
                        min(at(meeting["date"] - datetime.timedelta(days=7)), now - hour)
                        if published and (meeting is big or rng.random() > 0.02)
                        else None
                    ),
                    "version": 1,
                }
            )
    counts["agenda_items"] = copy(AgendaItem, items)
    items_by_meeting: dict[int, list[dict]] = {}
    for item in items:
        items_by_meeting.setdefault(item["meeting_id"], []).append(item)
    meeting_by_id = {m["id"]: m for m in meetings}

    # Papers: two per item on average (none to four), never below the item's level; most
    # published with their item, a few drafts and withdrawals. One version each.
    paper_counts = _spread(rng, len(items), scale.papers, 0, 4)
    papers, versions = [], []
    for item, count in zip(items, paper_counts, strict=True):
        for index in range(count):
            published = item["published_at"] if rng.random() > 0.03 else None
            created = item["published_at"] or at(
                meeting_by_id[item["meeting_id"]]["date"] - datetime.timedelta(days=10)
            )
            paper_id = len(papers) + 1
            papers.append(
                {
                    "id": paper_id,
                    "item_id": item["id"],
                    "level": _weighted_level(rng, floor=item["level"]),
                    "title": f"{item['title']}: paper {index + 1}",
                    "published_at": published,
                    "withdrawn_at": now if published and rng.random() < 0.01 else None,
                    "created_at": created,
                }
            )
            versions.append(
                {
                    "id": paper_id,
                    "paper_id": paper_id,
                    "number": 1,
                    "file": paper_path,
                    "original_name": "paper.pdf",
                    "size": len(paper_pdf),
                    "sha256": paper_sha,
                    "uploaded_by_id": secretariat_id,
                    "uploaded_at": created,
                }
            )
    counts["papers"] = copy(Paper, papers)
    counts["paper_versions"] = copy(PaperVersion, versions)

    # The record of held meetings: a decision on each counted RED item, an action on one
    # item in eight (the bench member owns some of them).
    kinds = list(DecisionKind.objects.all())
    decisions, actions = [], []
    for meeting in meetings:
        if meeting["status"] in (MeetingStatus.DRAFT, MeetingStatus.AGENDA_PUBLISHED):
            continue
        code = committees[meeting["committee_id"] - 1]["code"]
        pool = pools[meeting["committee_id"]]
        for item in items_by_meeting[meeting["id"]]:
            if item["headline_mode"] == AgendaItem.HeadlineMode.COUNTED:
                kind = rng.choice(kinds)
                decisions.append(
                    {
                        "id": len(decisions) + 1,
                        "item_id": item["id"],
                        "kind_id": kind.pk,
                        "party_id": rng.randint(1, len(parties)),
                        "outcome": rng.choice(kind.outcomes) if kind.outcomes else "",
                        "note": "",
                        "level": Level.RED,
                    }
                )
            if rng.random() < 0.125:
                due = meeting["date"] + datetime.timedelta(days=28)
                owner = rng.choice(pool) if rng.random() < 0.5 else None
                if meeting["id"] in member_meeting_ids and rng.random() < 0.5:
                    owner = member_id
                actions.append(
                    {
                        "id": len(actions) + 1,
                        "item_id": item["id"],
                        "level": max(item["level"], rng.choice([0, 1, 2])),
                        "reference": f"{code}{meeting['number']}/{item['number']:02d}",
                        "description": f"Follow up the {item['title']}.",
                        "owner_user_id": owner,
                        "owner_organisation": "" if owner else rng.choice(PRESENTERS),
                        "due": due,
                        "status": "open" if due > today - datetime.timedelta(days=60) else "done",
                    }
                )
    counts["decisions"] = copy(Decision, decisions)
    counts["actions"] = copy(Action, actions)

    # Recusals: attendees with a conflict on one item of a meeting they attend; the bench
    # member is recused from a few items of its meetings, three of them in the big meeting.
    recusals: set[tuple[int, int]] = set()
    big_items = items_by_meeting[big["id"]]
    for item in rng.sample(big_items, 3):
        recusals.add((item["id"], member_id))
    member_items = [i for m in member_meeting_ids for i in items_by_meeting[m]]
    while len(recusals) < scale.member_recusals:
        recusals.add((rng.choice(member_items)["id"], member_id))
    while len(recusals) < scale.recusals:
        row = rng.choice(attendance)
        item = rng.choice(items_by_meeting[row["meeting_id"]])
        recusals.add((item["id"], row["user_id"]))
    counts["recusals"] = copy(
        Recusal,
        (
            {"id": index, "item_id": item_id, "user_id": user_id, "reason": "Conflict of interest"}
            for index, (item_id, user_id) in enumerate(sorted(recusals), start=1)
        ),
    )

    with connection.cursor() as cursor:
        models = [
            User,
            Committee,
            Membership,
            SecretariatAssignment,
            Organisation,
            Meeting,
            Attendance,
            MeetingUserObjectPermission,
            AgendaItem,
            Paper,
            PaperVersion,
            Decision,
            Action,
            Recusal,
        ]
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
    loaded = time.perf_counter()

    headlines = _publish_headlines(
        rng, scale, meetings, secretariat_id, MeetingStatus, Meeting, User, HeadlinesVersion
    )
    counts.update(headlines)
    published = time.perf_counter()
    counts["member_item_grants"] = _grant_member_items(copy, member_id)
    granted = time.perf_counter()

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    finished = time.perf_counter()
    meta = {
        "scale": scale_name,
        "seed": seed,
        "generator_version": GENERATOR_VERSION,
        "parameters": asdict(scale),
        "rows": counts,
        "big_meeting": {"committee": "SSC", "number": big["number"]},
        "timings_s": {
            "create_and_migrate": round(migrated - started, 2),
            "copy_rows": round(loaded - migrated, 2),
            "publish_headlines": round(published - loaded, 2),
            "member_item_grants": round(granted - published, 2),
            "vacuum_analyze": round(finished - granted, 2),
            "total": round(finished - started, 2),
        },
    }
    with connection.cursor() as cursor:
        # The runner reads this to know what it measures (and whether to regenerate).
        cursor.execute("CREATE TABLE bench_meta (key text PRIMARY KEY, value jsonb NOT NULL)")
        cursor.execute(
            "INSERT INTO bench_meta VALUES ('generation', %s::jsonb)", [json.dumps(meta)]
        )
    return meta


def _grant_member_items(copy: Copier, member_id: int) -> int:
    """Give the bench member a generic guardian `view_agendaitem` row on each item it may see.

    The design a Django team would write first: visibility kept as one permission row per
    user and item, read back with guardian's `get_objects_for_user`. The portal never reads
    these rows; bench/visibility.py times that design against `visible_to` on the same data.
    The rows are derived from `visible_to` once the data is final, so that both answer alike
    (the bench checks they do). Only the member's rows are made: the table a real per-item
    design keeps holds every user's, which the bench leaves out.
    """
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType
    from django.core.management.color import no_style
    from django.db import connection
    from guardian.models import UserObjectPermission

    from classification.models import User
    from meetings.models import AgendaItem

    member = User.objects.get(pk=member_id)
    item_type = ContentType.objects.get_for_model(AgendaItem)
    view = Permission.objects.get(content_type=item_type, codename="view_agendaitem")
    # A list first: the COPY below holds the connection, the query cannot stream beside it.
    visible = list(
        AgendaItem.objects.visible_to(member).order_by("pk").values_list("pk", flat=True)
    )
    count = copy(
        UserObjectPermission,
        (
            {
                "id": index,
                "permission_id": view.pk,
                "content_type_id": item_type.pk,
                "object_pk": str(item_id),
                "user_id": member_id,
            }
            for index, item_id in enumerate(visible, start=1)
        ),
    )
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), [UserObjectPermission]):
            cursor.execute(statement)
    return count


def _publish_headlines(
    rng, scale, meetings, secretariat_id, MeetingStatus, Meeting, User, HeadlinesVersion
) -> dict[str, int]:
    """Publish the Headlines of every meeting marked so.

    The newest few go through `headlines_publish_now` (compose, approve, render with
    WeasyPrint, publish); the older ones are composed from their records the same way but
    share one rendered PDF, as a migration of historical Headlines would.
    """
    from django.db import transaction

    from headlines import services
    from headlines.rendering import headlines_text

    secretariat = User.objects.get(pk=secretariat_id)
    marked = sorted(
        (m for m in meetings if m["status"] == MeetingStatus.HEADLINES_PUBLISHED),
        key=lambda m: m["date"],
        reverse=True,
    )
    # The render needs a meeting whose Headlines are not yet published.
    Meeting.objects.filter(pk__in=[m["id"] for m in marked]).update(
        status=MeetingStatus.MINUTES_APPROVED
    )
    # The newest marked meeting of each of the first committees is rendered for real.
    rendered_ids, seen = [], set()
    for meeting in marked:
        if meeting["committee_id"] not in seen and len(rendered_ids) < scale.rendered_headlines:
            seen.add(meeting["committee_id"])
            rendered_ids.append(meeting["id"])
    shared = None
    for meeting in Meeting.objects.filter(pk__in=rendered_ids).select_related("committee"):
        shared = services.headlines_publish_now(meeting=meeting, by=secretariat)
    rows = []
    historical = Meeting.objects.filter(pk__in=[m["id"] for m in marked]).exclude(
        pk__in=rendered_ids
    )
    for meeting in historical.select_related("committee").iterator(chunk_size=500):
        document = services.headlines_compose(meeting=meeting)
        rows.append(
            HeadlinesVersion(
                meeting=meeting,
                number=1,
                document=document.as_dict(),
                document_sha256=services.document_digest(document),
                text=headlines_text(document),
                pdf=shared.pdf.name,
                sha256=shared.sha256,
                size=shared.size,
            )
        )
    with transaction.atomic():
        HeadlinesVersion.objects.bulk_create(rows, batch_size=1000)
        historical.update(status=MeetingStatus.HEADLINES_PUBLISHED)
    return {"headlines_rendered": len(rendered_ids), "headlines_shared_pdf": len(rows)}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="small")
    parser.add_argument("--database-url", help=f"default: {common.DEFAULT_DATABASE_URL}")
    parser.add_argument("--seed", type=int, default=2019)
    args = parser.parse_args(argv)
    url = common.database_url(args.database_url)
    meta = generate(args.scale, url, seed=args.seed)
    print(json.dumps(meta, indent=2, default=str))


if __name__ == "__main__":
    main()
