from django.core.management.base import BaseCommand, CommandError

from meetings.exchange import MeetingFileError, load_meeting_file


class Command(BaseCommand):
    help = "Import a meeting from a sscportal.meeting/1 JSON file (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            meeting = load_meeting_file(file)
        except MeetingFileError as error:
            raise CommandError(f"{file}: {error}; nothing was imported") from None
        self.stdout.write(f"imported {meeting} with {meeting.items.count()} items")
