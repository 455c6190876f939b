import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from classification.levels import Level
from classification.restrictions import default_review_on
from committees.models import Committee
from meetings import services
from meetings.demo import SEED_MEETING, text_pdf
from meetings.exchange import load_meeting_file
from meetings.models import AgendaItem, Attendance, Meeting, Paper

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
    # username, full name, clearance, secretariat
    ("secretariat", "Sam Secretariat", Level.AMBER, True),
    ("chair", "Chris Chair", Level.AMBER, False),
    ("member", "Morgan Member", Level.AMBER, False),
    ("member2", "Alex Absent", Level.AMBER, False),
    ("registered", "Riley Registered", Level.GREEN, False),
]


class Command(BaseCommand):
    help = "Load the seed meeting, a few more, and one account per persona (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        if not settings.DEBUG:
            # Its accounts, a superuser among them, share a password printed in the README.
            raise CommandError(
                "seed_demo creates demo accounts with a published password, a superuser among "
                "them: it runs only in development, with DEBUG=1 (make run sets it)."
            )
        users = {name: self._persona(name, full, level, sec) for name, full, level, sec in PERSONAS}
        committee, _ = Committee.objects.get_or_create(
            code="SSC", defaults={"name": "Security Sub-Committee"}
        )
        if not committee.headlines_preamble:
            committee.headlines_preamble = PREAMBLE
            committee.website_url = "https://smartenergycodecompany.co.uk/"
            committee.save()
        if not Meeting.objects.filter(committee=committee, number=89).exists():
            meeting = load_meeting_file(SEED_MEETING)
            services.minutes_circulate(meeting=meeting, by=None)
        if not Meeting.objects.filter(committee=committee, number=90).exists():
            self._next_meeting(committee, users)
        if not Meeting.objects.filter(committee=committee, number=91).exists():
            Meeting.objects.create(committee=committee, number=91, date=datetime.date(2019, 12, 11))
        self.stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
        for name, full, level, secretariat in PERSONAS:
            role = "secretariat" if secretariat else f"{Level(level).label} clearance"
            self.stdout.write(f"  {name:<12} {full} ({role})")

    def _persona(self, username, full_name, clearance, secretariat):
        first, last = full_name.split(" ", 1)
        user, created = get_user_model().objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@example.org",
                "clearance": clearance,
                "is_secretariat": secretariat,
                "is_staff": secretariat,
                "is_superuser": secretariat,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        return user

    def _next_meeting(self, committee, users):
        """Meeting 90: agenda published with papers, one RED item the member is recused from."""
        meeting = Meeting.objects.create(
            committee=committee,
            number=90,
            date=datetime.date(2019, 11, 27),
            next_meeting=datetime.date(2019, 12, 11),
            location="SECAS offices, London",
        )
        roles = {"chair": Attendance.Role.CHAIR, "member": Attendance.Role.MEMBER}
        for username, role in roles.items():
            services.attendance_record(meeting=meeting, user=users[username], role=role, by=None)
        services.attendance_record(
            meeting=meeting, user=users["secretariat"], role=Attendance.Role.SECRETARIAT, by=None
        )
        items = [
            ("matters_arising", "Minutes and actions of SSC 89", Level.AMBER, "SECAS"),
            ("agenda", "SEC Modification Updates", Level.WHITE, "SECAS"),
            ("agenda", "FUSA Assurance Status", Level.RED, "User CIO"),
        ]
        reasons = {
            Level.AMBER: "Actions name the systems of SEC parties",
            Level.RED: "Names parties under security assessment",
        }
        for number, (section, title, level, presenter) in enumerate(items, start=1):
            restriction = {
                "restriction_reason": reasons.get(level, ""),
                "review_on": default_review_on() if level in reasons else None,
            }
            item = AgendaItem.objects.create(
                meeting=meeting,
                number=number,
                section=section,
                title=title,
                level=level,
                presenter=presenter,
                headline_mode="counted" if level == Level.RED else "full",
                **restriction,
            )
            paper = Paper.objects.create(
                item=item, title=f"{title}: paper", level=level, **restriction
            )
            services.paper_version_add(
                paper=paper,
                content=text_pdf([f"SSC 90 item {number}: {title}", "Demo paper, second page"]),
                original_name=f"ssc90-{number}.pdf",
                by=users["secretariat"],
            )
            if level == Level.RED:
                services.recusal_add(
                    item=item, user=users["member"], reason="Demo conflict", by=None
                )
        services.agenda_publish(meeting=meeting, by=None)
