from django.core.management.base import BaseCommand

from headlines import services


class Command(BaseCommand):
    help = "Send approved Headlines renders that never reached the workers (broker was down)."

    def handle(self, *args, **options):
        sent = services.dispatch_pending()
        self.stdout.write(f"sent {sent} pending Headlines render(s)")
