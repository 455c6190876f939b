from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.services import enrolment_link_issue, enrolment_link_line


class Command(BaseCommand):
    help = (
        "Issue a one-time enrolment link (72 hours) with which the account sets up its "
        "authenticator app; any earlier unused link of the account stops working."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user {username!r}")
        try:
            link, token = enrolment_link_issue(user=user, by=None)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(enrolment_link_line(link, token))
