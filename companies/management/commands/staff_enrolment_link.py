"""Print the single-use link with which a staff member sets up an authenticator app.

For the operator who has a shell (the first administrator has nobody to ask); in the admin,
the "Send an authenticator enrolment link" action e-mails the same link.
"""

from django.core.management.base import BaseCommand, CommandError

from companies.models import User
from companies.staff_totp import enrolment_url


class Command(BaseCommand):
    help = "Print a staff member's single-use authenticator enrolment link."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email: str, **options):
        user = User.objects.filter(email__iexact=email.strip(), is_staff=True).first()
        if user is None:
            raise CommandError(f"No staff account with the e-mail address {email}.")
        self.stdout.write(enrolment_url(user))
