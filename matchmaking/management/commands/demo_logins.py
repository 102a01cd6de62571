from django.core.management.base import BaseCommand

from matchmaking.demo import DEMO_LOGINS, DEMO_PASSWORD


class Command(BaseCommand):
    help = "Print the demo log-ins (created by seed_demo)."

    def handle(self, *args, **options):
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Demo log-ins (password for all: {DEMO_PASSWORD})"))
        for login in DEMO_LOGINS:
            self.stdout.write(f"  {login.role:<15} {login.email:<28} {login.organisation}")
        self.stdout.write("")
