import sys

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.services import enrolment_link_issue, enrolment_link_line
from classification.levels import Level


class Command(BaseCommand):
    help = "Create a portal account with a clearance (RED is only ever granted per meeting)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--clearance", required=True, choices=Level.names)
        parser.add_argument("--secretariat", action="store_true", help="SECAS: sees everything")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--password-stdin", action="store_true", help="read the password from standard input"
        )
        parser.add_argument(
            "--enrol",
            action="store_true",
            help="also print a one-time enrolment link for the account's authenticator app",
        )

    def handle(
        self, *args, username, clearance, secretariat, email, password_stdin, enrol, **options
    ):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(f"user {username!r} already exists")
        user = User(
            username=username,
            email=email,
            clearance=Level[clearance],
            is_secretariat=secretariat,
            is_staff=secretariat,
            is_superuser=secretariat,
        )
        try:
            user.full_clean(exclude=["password"])
        except ValidationError as error:
            raise CommandError(
                "; ".join(
                    f"{field}: {' '.join(messages)}"
                    for field, messages in error.message_dict.items()
                )
            ) from None
        if password_stdin:
            password = sys.stdin.readline().rstrip("\r\n")
            try:
                validate_password(password, user)
            except ValidationError as error:
                raise CommandError("password refused: " + " ".join(error.messages)) from None
            user.set_password(password)
        else:
            user.set_unusable_password()
        with transaction.atomic():
            user.save()
            if enrol:
                link, token = enrolment_link_issue(user=user, by=None)
        role = "secretariat" if secretariat else f"clearance {clearance}"
        self.stdout.write(f"created {username} ({role})")
        if enrol:
            self.stdout.write(enrolment_link_line(link, token))
