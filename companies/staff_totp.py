"""Staff enrol their authenticator app only through a link an administrator issued.

A password alone must never lead to full staff access: without the link, a staff member
without TOTP reaches nothing but the page that says to ask for one. The token is bound to
the account and to its state (password, whether it has an authenticator), so enrolling
makes it invalid, as does a password change; it expires like a password reset link
(PASSWORD_RESET_TIMEOUT), and the view remembers in the cache, for that long, that it was
opened, so it works once.
"""

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.http import HttpRequest
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .models import User

SESSION_KEY = "companies.staff_totp_enrolment"


class EnrolmentTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "companies.staff_totp_enrolment"

    def _make_hash_value(self, user, timestamp) -> str:
        from allauth.mfa.models import Authenticator

        has_totp = Authenticator.objects.filter(
            user=user, type=Authenticator.Type.TOTP
        ).exists()
        # Unlike a password reset, not the last log-in: the person signs in to use it.
        return f"{user.pk}{user.password}{user.email}{timestamp}{has_totp}"


enrolment_tokens = EnrolmentTokenGenerator()


def enrolment_url(user: User) -> str:
    """The single-use link with which ``user`` (staff) sets up an authenticator app."""
    path = reverse(
        "companies:staff_totp_enrol",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": enrolment_tokens.make_token(user),
        },
    )
    return f"{settings.SITE_URL}{path}"


def enrolment_granted(request: HttpRequest) -> bool:
    """Whether this session opened a valid enrolment link for the signed-in person."""
    return request.session.get(SESSION_KEY) == request.user.pk
