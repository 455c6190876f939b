from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from classification.visibility import secretariat_of
from headlines import services
from headlines.signing import SigningUnavailable
from meetings.models import Meeting


class Command(BaseCommand):
    help = "Compose, approve, render and sign the Headlines of a held meeting in one step."

    def add_arguments(self, parser):
        parser.add_argument("reference", help='e.g. 89_1311, or "SSC 89_1311"')
        parser.add_argument(
            "--by",
            default=None,
            help="the committee's secretariat username recorded as publisher (default: first)",
        )

    def handle(self, *args, reference, by, **options):
        try:
            meeting = Meeting.objects.get_by_reference(reference)
        except (Meeting.DoesNotExist, Meeting.MultipleObjectsReturned, ValueError) as error:
            raise CommandError(str(error)) from None
        secretariat = get_user_model().objects.filter(
            is_active=True, pk__in=secretariat_of(meeting.committee_id)
        )
        publisher = secretariat.filter(username=by).first() if by else secretariat.first()
        if publisher is None:
            raise CommandError("no active secretariat account to record as publisher")
        try:
            version = services.headlines_publish_now(meeting=meeting, by=publisher)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        except SigningUnavailable as error:
            raise CommandError(str(error)) from None
        url = reverse(
            "headlines:headlines_pdf", args=[meeting.committee.code, meeting.number, version.number]
        )
        self.stdout.write(
            f"published the Headlines of {meeting}, version {version.number}, "
            f"SHA-256 {version.sha256}\nserved at {url}"
        )
