import sys
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.services import enrolment_link_issue, enrolment_link_line
from assessments.services import organisation_employer
from classification.levels import Level
from committees.models import Committee, Membership, SecretariatAssignment


@dataclass(frozen=True)
class MemberOption:
    """One `--member CODE:ROLE:LEVEL`, checked for its shape."""

    code: str
    role: str
    level: Level


def _errors(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(
            f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()
        )
    return " ".join(error.messages)


def _member_option(text: str) -> MemberOption:
    parts = text.split(":")
    if len(parts) != 3 or not all(part.strip() for part in parts):
        raise CommandError(f"--member {text}: expected CODE:ROLE:LEVEL, e.g. SSC:member:AMBER")
    code, role, level = (part.strip() for part in parts)
    if role.lower() not in Membership.Role.values:
        raise CommandError(
            f"--member {text}: unknown role {role!r} (expected one of "
            f"{', '.join(Membership.Role.values)})"
        )
    if level.upper() not in (Level.AMBER.label, Level.GREEN.label):
        raise CommandError(f"--member {text}: unknown level {level!r} (expected AMBER or GREEN)")
    return MemberOption(code, role.lower(), Level[level.upper()])


class Command(BaseCommand):
    help = (
        "Create a portal account: its organisation, its memberships of committees and the "
        "committees it is the secretariat of (RED is only ever granted per meeting)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--organisation", default="", help="the employer, made (GREEN) if it is new"
        )
        parser.add_argument(
            "--member",
            action="append",
            default=[],
            metavar="CODE:ROLE:LEVEL",
            help="a membership from today, e.g. SSC:member:AMBER or SSC:observer:GREEN "
            "(repeatable; a committee not yet known is made, named by its code)",
        )
        parser.add_argument(
            "--secretariat",
            action="append",
            nargs="?",
            const="",
            default=[],
            metavar="CODE",
            help="the secretariat of committee CODE from today (repeatable); "
            "without CODE, of every committee",
        )
        parser.add_argument(
            "--clearance",
            choices=Level.names,
            help="shorthand: AMBER (or RED, which grants no more) is a membership at AMBER of "
            "every committee that exists; WHITE or GREEN, none (every account sees GREEN)",
        )
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--password-stdin", action="store_true", help="read the password from standard input"
        )
        parser.add_argument(
            "--enrol",
            action="store_true",
            help="also print a one-time enrolment link for the account's authenticator app",
        )

    def handle(self, *args, username, email, password_stdin, enrol, **options):
        User = get_user_model()
        members = [_member_option(text) for text in options["member"]]
        secretariat = [code.strip() for code in options["secretariat"]]
        clearance = options["clearance"]
        if User.objects.filter(username=username).exists():
            raise CommandError(f"user {username!r} already exists")
        user = User(username=username, email=email)
        if secretariat:
            # The secretariat runs the administration too.
            user.is_staff = user.is_superuser = True
        try:
            user.full_clean(exclude=["password", "organisation"])
        except ValidationError as error:
            raise CommandError(_errors(error)) from None
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
            if options["organisation"].strip():
                try:
                    user.organisation = organisation_employer(options["organisation"])
                except ValidationError as error:
                    raise CommandError(f"--organisation: {_errors(error)}") from None
            user.save()
            lines = self._standing(user, members, secretariat, clearance)
            if enrol:
                link, token = enrolment_link_issue(user=user, by=None)
        if secretariat:
            summary = "secretariat"
        elif clearance and not members:
            summary = f"clearance {clearance}"
        else:
            summary = "member" if members else "registered"
        self.stdout.write(f"created {username} ({summary})")
        if members or options["organisation"].strip():
            for line in lines:
                self.stdout.write(f"  {line}")
        if enrol:
            self.stdout.write(enrolment_link_line(link, token))

    def _standing(self, user, members, secretariat, clearance) -> list[str]:
        """Record `user`'s memberships and secretariat assignments; say what was recorded."""
        today = timezone.localdate()
        lines = [f"organisation: {user.organisation}"] if user.organisation else []
        tenures = [
            (
                f"--member {m.code}:{m.role}:{m.level.label}",
                Membership(
                    user=user,
                    committee=self._committee(m.code, f"--member {m.code}"),
                    role=m.role,
                    level=m.level,
                    starts=today,
                ),
            )
            for m in members
        ]
        # Named committees first (made if new), so that "every committee" includes them.
        assigned = {
            code: self._committee(code, f"--secretariat {code}") for code in secretariat if code
        }
        if "" in secretariat:
            assigned.update(
                {
                    c.code: c
                    for c in Committee.objects.exclude(pk__in=[c.pk for c in assigned.values()])
                }
            )
        tenures += [
            (
                f"--secretariat {code}" if code in secretariat else "--secretariat",
                SecretariatAssignment(user=user, committee=committee, starts=today),
            )
            for code, committee in assigned.items()
        ]
        if clearance and Level[clearance] >= Level.AMBER:
            named = {t.committee_id for _, t in tenures if isinstance(t, Membership)}
            tenures += [
                (
                    f"--clearance {clearance}",
                    Membership(user=user, committee=committee, level=Level.AMBER, starts=today),
                )
                for committee in Committee.objects.exclude(pk__in=named)
            ]
        for option, tenure in tenures:
            try:
                tenure.full_clean()
            except ValidationError as error:
                raise CommandError(f"{option}: {_errors(error)}") from None
            tenure.save()
            lines.append(str(tenure))
        return lines

    def _committee(self, code: str, option: str) -> Committee:
        """The committee of `code`, made (named by its code) if there is none yet."""
        committee = Committee.objects.filter(code=code).first()
        if committee is None:
            committee = Committee(code=code, name=code)
            try:
                committee.full_clean()
            except ValidationError as error:
                raise CommandError(f"{option}: {_errors(error)}") from None
            committee.save()
        return committee
