from django.core.management.base import BaseCommand

from matchmaking.demo import DEMO_LOGINS, DEMO_PASSWORD, DEMO_STAFF_TOTP_SECRET


class Command(BaseCommand):
    help = "Print the demo log-ins (created by seed_demo) and the staff account's current code."

    def handle(self, *args, **options):
        import time

        from allauth.mfa import app_settings
        from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

        counter = int(time.time()) // app_settings.TOTP_PERIOD
        code = format_hotp_value(hotp_value(DEMO_STAFF_TOTP_SECRET, counter))
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Demo log-ins (password for all: {DEMO_PASSWORD})"))
        from companies.models import User

        users = {
            user.email: user
            for user in User.objects.filter(email__in=[login.email for login in DEMO_LOGINS])
        }
        for login in DEMO_LOGINS:
            user = users.get(login.email)
            where = (
                (user.organisation.name if user and user.organisation else "")
                if user
                else ("(not seeded yet: run python manage.py seed_demo)")
            )
            self.stdout.write(f"  {login.role:<15} {login.email:<32} {where}")
        self.stdout.write(
            f"  Staff and the administrator also need an authenticator code: add the secret "
            f"{DEMO_STAFF_TOTP_SECRET} to an authenticator app, or run "
            f"`python manage.py demo_logins` again for the current one ({code})."
        )
        self.stdout.write("")
