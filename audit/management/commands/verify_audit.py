from django.core.management.base import BaseCommand, CommandError

from audit.services import audit_verify


class Command(BaseCommand):
    help = "Check the audit log's hash chain; fails naming the first event that was tampered with."

    def handle(self, *args, **options):
        check = audit_verify()
        if check.reason:
            where = f"event {check.broken_at}" if check.broken_at else "the end of the log"
            raise CommandError(f"audit log broken at {where}: {check.reason}")
        self.stdout.write(f"audit log intact: {check.events} events")
