import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from assessments.models import Assessment, Organisation
from assessments.services import organisation_employer
from classification.levels import Level, MeetingStatus
from classification.restrictions import default_review_on
from committees.models import Committee, Membership, SecretariatAssignment
from demo.dates import demo_dates
from headlines.models import HeadlinesRequest
from headlines.services import headlines_publish_now, headlines_submit
from headlines.signing import SigningUnavailable
from meetings import services
from meetings.demo import SEED_MEETING, text_pdf
from meetings.exchange import load_meeting_file
from meetings.models import AgendaItem, Attendance, DecisionKind, Meeting, Paper
from meetings.schedule import papers_deadline

DEMO_PASSWORD = "ssc-demo-2019"

PREAMBLE = (
    "At every meeting, the SSC review the outcome for Users' Security Assessments and sets an "
    "Assurance status for Full User Security Assessments (FUSAs) or a Compliance status for "
    "Verification User Security Assessments (VUSAs). The SSC also reviews outstanding actions, "
    "monitors the risks to the Commercial Product Assurance (CPA) certification of Devices, "
    "considers available updates from the DCC on Anomaly Detection and any reported changes in "
    "Shared Resource Providers by Users and reported Security Incidents and Vulnerabilities."
)

PERSONAS = [
    # username, full name, organisation, what they are to the committees
    ("secretariat", "Sam Secretariat", "SECAS", "secretariat of SSC and TABASC"),
    ("chair", "Chris Chair", "SECAS", "chair of SSC, AMBER"),
    ("member", "Morgan Member", "Sample Networks plc", "member of SSC and TABASC, AMBER"),
    ("member2", "Alex Absent", "Example Consulting", "member of SSC, AMBER"),
    ("tabasc", "Taylor Tabasc", "DCC", "member of TABASC, AMBER"),
    ("registered", "Riley Registered", "Example Consulting", "registered: GREEN"),
]
COMMITTEES = {
    "SSC": "Security Sub-Committee",
    "TABASC": "Technical Architecture and Business Architecture Sub-Committee",
}
# username: [(committee, role)], every membership at AMBER.
MEMBERSHIPS = {
    "chair": [("SSC", Membership.Role.CHAIR)],
    "member": [("SSC", Membership.Role.MEMBER), ("TABASC", Membership.Role.MEMBER)],
    "member2": [("SSC", Membership.Role.MEMBER)],
    "tabasc": [("TABASC", Membership.Role.MEMBER)],
}
SECRETARIAT = {"secretariat": ["SSC", "TABASC"]}
ORGANISATION_KINDS = {"SECAS": Organisation.Kind.SECAS, "DCC": Organisation.Kind.DCC}
# The demo's conflict of interest: Morgan Member works for Sample Networks plc, whose VUSA is
# on the agenda of SSC 90, where Morgan is an attendee and an SSC member.
CONFLICTED_PARTY = "Sample Networks plc"
MEMBERSHIPS_START = datetime.date(2019, 1, 1)
REASONS = {
    Level.AMBER: "Actions name the systems of SEC parties",
    Level.RED: "Names parties under security assessment",
}
# The headlines the secretariat wrote for SSC 90 (its RED items are counted, not listed).
HELD_HEADLINES = {
    "Minutes and actions of SSC 89": (
        "The SSC agreed the minutes of SSC 89 and reviewed the outstanding actions."
    ),
    "SEC Modification Updates": (
        "The SSC noted the SEC Modification Updates and the security issues they may raise."
    ),
}


class Command(BaseCommand):
    help = (
        "Load the demo: the seed meeting with its Headlines published, a meeting held whose "
        "Headlines await the chair, meetings to come, one account per persona (idempotent)."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        if not settings.DEBUG:
            # Its accounts, a superuser among them, share a password printed in the README.
            raise CommandError(
                "seed_demo creates demo accounts with a published password, a superuser among "
                "them: it runs only in development, with DEBUG=1 (make run sets it)."
            )
        users = {name: self._persona(name, full) for name, full, _, _ in PERSONAS}
        committees = {
            code: Committee.objects.get_or_create(code=code, defaults={"name": name})[0]
            for code, name in COMMITTEES.items()
        }
        self._standing(users, committees)
        committee = committees["SSC"]
        if not committee.headlines_preamble:
            committee.headlines_preamble = PREAMBLE
            committee.website_url = "https://smartenergycodecompany.co.uk/"
            committee.save()
        dates = demo_dates(timezone.localdate())
        if not Meeting.objects.filter(committee=committee, number=89).exists():
            meeting = load_meeting_file(SEED_MEETING)
            services.minutes_circulate(meeting=meeting, by=None)
        if not Meeting.objects.filter(committee=committee, number=90).exists():
            self._held_meeting(committee, users, dates)
        if not Meeting.objects.filter(committee=committee, number=91).exists():
            self._upcoming_meeting(committee, users, dates)
        if not Meeting.objects.filter(committee=committees["TABASC"], number=12).exists():
            self._tabasc_meeting(committees["TABASC"], users, dates.tabasc)
        self._organisations(users, committee)
        self._publish_seed_headlines(committee, users)
        self.stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
        for name, full, organisation, standing in PERSONAS:
            self.stdout.write(f"  {name:<12} {full}, {organisation} ({standing})")
        self._describe_meetings(committee)

    def _persona(self, username, full_name):
        first, last = full_name.split(" ", 1)
        secretariat = username in SECRETARIAT
        user, created = get_user_model().objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@example.org",
                "is_staff": secretariat,
                "is_superuser": secretariat,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        return user

    def _standing(self, users, committees):
        """The personas' memberships and secretariat assignments, each made once."""
        for username, places in MEMBERSHIPS.items():
            for code, role in places:
                Membership.objects.get_or_create(
                    user=users[username],
                    committee=committees[code],
                    defaults={"role": role, "level": Level.AMBER, "starts": MEMBERSHIPS_START},
                )
        for username, codes in SECRETARIAT.items():
            for code in codes:
                SecretariatAssignment.objects.get_or_create(
                    user=users[username],
                    committee=committees[code],
                    defaults={"starts": MEMBERSHIPS_START},
                )

    def _organisations(self, users, committee):
        """Each persona's employer, and the VUSA of the member's own organisation, considered
        at the item of SSC 90 that decides its compliance status."""
        for username, _, name, _ in PERSONAS:
            user = users[username]
            if user.organisation_id is None:
                user.organisation = organisation_employer(name)
                kind = ORGANISATION_KINDS.get(name)
                if kind and user.organisation.kind != kind:
                    user.organisation.kind = kind
                    user.organisation.save(update_fields=["kind"])
                user.save(update_fields=["organisation"])
        party = Organisation.objects.get(name=CONFLICTED_PARTY)
        Assessment.objects.get_or_create(
            party=party,
            kind=Assessment.Kind.VUSA,
            committee=committee,
            defaults={
                "item": AgendaItem.objects.filter(
                    meeting__committee=committee, meeting__number=90, decisions__party=party
                ).first(),
                "level": Level.RED,
                "restriction_reason": "Names a party under security assessment",
                "review_on": default_review_on(),
                "fieldwork_start": datetime.date(2019, 10, 7),
                "fieldwork_end": datetime.date(2019, 10, 11),
                "report_received": datetime.date(2019, 11, 1),
            },
        )

    def _tabasc_meeting(self, committee, users, date):
        """TABASC 12: an AMBER item that SSC members who sit only on the SSC never see."""
        meeting = Meeting.objects.create(committee=committee, number=12, date=date)
        services.attendance_record(meeting=meeting, user=users["tabasc"], role="member", by=None)
        items = [
            ("SEC Modification Updates", Level.WHITE),
            ("DCC architecture review", Level.AMBER),
        ]
        for number, (title, level) in enumerate(items, start=1):
            restricted = level >= Level.AMBER
            AgendaItem.objects.create(
                meeting=meeting,
                number=number,
                section="agenda",
                title=title,
                level=level,
                restriction_reason="Names the DCC's systems" if restricted else "",
                review_on=default_review_on() if restricted else None,
            )
        services.agenda_publish(meeting=meeting, by=None)

    def _vusa_item(self, meeting, *, number, reason):
        """The VUSA of the member's own organisation, on the agenda of meeting 90."""
        restriction = {"restriction_reason": reason, "review_on": default_review_on()}
        item = AgendaItem.objects.create(
            meeting=meeting,
            number=number,
            section="agenda",
            title="VUSA Compliance Status",
            level=Level.RED,
            presenter="User CIO",
            headline_mode="counted",
            **restriction,
        )
        services.decision_record(
            item=item,
            kind=DecisionKind.objects.get(code="vusa_compliance_status"),
            outcome="Compliant, subject to a Remediation Plan",
            party_name=CONFLICTED_PARTY,
            by=None,
            **restriction,
        )

    def _held_meeting(self, committee, users, dates):
        """SSC 90, held: its agenda and papers, one RED item the member is recused from, and
        its Headlines submitted, awaiting the chair's approval."""
        meeting = Meeting.objects.create(
            committee=committee,
            number=90,
            date=dates.held,
            next_meeting=dates.upcoming,
            location="SECAS offices, London",
        )
        self._attendees(meeting, users, ["chair", "member"])
        items = [
            ("matters_arising", "Minutes and actions of SSC 89", Level.AMBER, "SECAS"),
            ("agenda", "SEC Modification Updates", Level.WHITE, "SECAS"),
            ("agenda", "FUSA Assurance Status", Level.RED, "User CIO"),
        ]
        self._vusa_item(meeting, number=len(items) + 1, reason=REASONS[Level.RED])
        for item in self._items_with_papers(meeting, items, users, headlines=HELD_HEADLINES):
            if item.level == Level.RED:
                services.recusal_add(
                    item=item, user=users["member"], reason="Demo conflict", by=None
                )
        services.agenda_publish(meeting=meeting, by=None)
        services.meeting_status_change(meeting=meeting, status=MeetingStatus.HELD, by=None)
        headlines_submit(meeting=meeting, by=users["secretariat"])

    def _upcoming_meeting(self, committee, users, dates):
        """SSC 91, to come: agenda and papers published before the papers deadline."""
        meeting = Meeting.objects.create(
            committee=committee,
            number=91,
            date=dates.upcoming,
            location="SECAS offices, London",
        )
        self._attendees(meeting, users, ["chair", "member"])
        items = [
            ("matters_arising", "Minutes and actions of SSC 90", Level.AMBER, "SECAS"),
            ("agenda", "SEC Modification Updates", Level.WHITE, "SECAS"),
            ("agenda", "Anomaly Detection update", Level.GREEN, "DCC"),
        ]
        self._items_with_papers(meeting, items, users)
        services.agenda_publish(meeting=meeting, by=None)

    def _attendees(self, meeting, users, usernames):
        """The chair chairs, the others are members; the secretariat attends as itself."""
        for username in usernames:
            role = Attendance.Role.CHAIR if username == "chair" else Attendance.Role.MEMBER
            services.attendance_record(meeting=meeting, user=users[username], role=role, by=None)
        services.attendance_record(
            meeting=meeting, user=users["secretariat"], role=Attendance.Role.SECRETARIAT, by=None
        )

    def _items_with_papers(self, meeting, items, users, headlines=None):
        """One item per (section, title, level, presenter), each with a two-page paper."""
        created = []
        code = f"{meeting.committee.code} {meeting.number}"
        for number, (section, title, level, presenter) in enumerate(items, start=1):
            restriction = {
                "restriction_reason": REASONS.get(level, ""),
                "review_on": default_review_on() if level in REASONS else None,
            }
            item = AgendaItem.objects.create(
                meeting=meeting,
                number=number,
                section=section,
                title=title,
                level=level,
                presenter=presenter,
                headline=(headlines or {}).get(title, ""),
                headline_mode="counted" if level == Level.RED else "full",
                **restriction,
            )
            paper = Paper.objects.create(
                item=item, title=f"{title}: paper", level=level, **restriction
            )
            services.paper_version_add(
                paper=paper,
                content=text_pdf([f"{code} item {number}: {title}", "Demo paper, second page"]),
                original_name=f"{code.replace(' ', '').lower()}-{number}.pdf",
                by=users["secretariat"],
            )
            created.append(item)
        return created

    def _publish_seed_headlines(self, committee, users):
        """Publish and sign the seed meeting's Headlines, once.

        Without a signing key nothing unsigned is published: the rest of the demo stands, and
        the command says what to run for the Headlines to follow.
        """
        meeting = Meeting.objects.get(committee=committee, number=89)
        if meeting.headlines_requests.exists():
            return
        try:
            with transaction.atomic():
                headlines_publish_now(meeting=meeting, by=users["secretariat"])
        except SigningUnavailable as error:
            self.stderr.write(
                self.style.WARNING(
                    f"The Headlines of {meeting} are not published: {error}\n"
                    "Make the development signing key with `manage.py make_signing_key` "
                    "(`make run` does), then run `manage.py seed_demo` again to publish them."
                )
            )

    def _describe_meetings(self, committee):
        """Where each step of the cycle stands, for the newcomer's first look."""
        meetings = {m.number: m for m in Meeting.objects.filter(committee=committee)}
        seed, held, upcoming = meetings[89], meetings[90], meetings[91]
        published = seed.status == MeetingStatus.HEADLINES_PUBLISHED
        self.stdout.write("Demo meetings:")
        self.stdout.write(
            f"  {seed}  {seed.date:%-d %B %Y}: Headlines "
            + (f"published at /headlines/{committee.code}/89/" if published else "not published")
        )
        awaiting = held.headlines_requests.filter(status=HeadlinesRequest.Status.SUBMITTED)
        self.stdout.write(
            f"  {held}  {held.date:%-d %B %Y}: {held.get_status_display().lower()}"
            + ("; its Headlines await the chair's approval" if awaiting.exists() else "")
        )
        self.stdout.write(
            f"  {upcoming}  {upcoming.date:%-d %B %Y}: {upcoming.get_status_display().lower()}, "
            f"papers due by {papers_deadline(upcoming):%-d %B %Y}"
        )
        if upcoming.date < timezone.localdate():
            self.stdout.write(
                "  These meetings were dated the day the demo was first loaded: start from an "
                "empty database (delete db.sqlite3) for a demo dated from today."
            )
