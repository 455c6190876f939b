import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from meetings.exchange import MeetingFileError, export_meeting
from meetings.models import Meeting


class Command(BaseCommand):
    help = "Export a meeting as sscportal.meeting/2 JSON; papers are written beside the file."

    def add_arguments(self, parser):
        parser.add_argument(
            "reference", help='e.g. 89_1311, or "SSC 89_1311" to name the committee'
        )
        parser.add_argument("-o", "--output", help="JSON file to write (default: standard output)")

    def handle(self, *args, reference, output, **options):
        try:
            meeting = Meeting.objects.get_by_reference(reference)
        except (Meeting.DoesNotExist, Meeting.MultipleObjectsReturned, ValueError) as error:
            raise CommandError(str(error)) from None
        try:
            if output:
                path = Path(output)
                document = export_meeting(
                    meeting, papers_dir=path.parent / f"{path.stem}-papers", base_dir=path.parent
                )
            else:
                document = export_meeting(meeting)
        except MeetingFileError as error:
            raise CommandError(str(error)) from None
        text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
        if output:
            Path(output).write_text(text, encoding="utf-8")
            self.stdout.write(f"exported {meeting} to {output}")
        else:
            self.stdout.write(text, ending="")
