from django.core.management.base import BaseCommand, CommandError

from meetings.exchange import MeetingFileError, load_meeting_file


class Command(BaseCommand):
    help = (
        "Import a meeting from a sscportal.meeting/2 (or /1) JSON file, all or nothing; lists "
        "the organisations, memberships and secretariat assignments it added."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        added: list[str] = []
        try:
            meeting = load_meeting_file(file, added=added)
        except MeetingFileError as error:
            raise CommandError(f"{file}: {error}; nothing was imported") from None
        self.stdout.write(f"imported {meeting} with {meeting.items.count()} items")
        # What widens who sees what is never done silently.
        for line in added:
            self.stdout.write(f"  added {line}")
