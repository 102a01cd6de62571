"""allauth adapters: where people land after signing in, and staff keep their TOTP."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation


class AccountAdapter(DefaultAccountAdapter):
    def get_signup_redirect_url(self, request: HttpRequest) -> str:
        """A newly registered SME goes straight to its profile; everyone else home."""
        return reverse("companies:my_organisation")

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        """An SME whose profile cluster staff imported confirms its suggested sectors first."""
        from .profile_import import profile_awaiting_confirmation

        profile = profile_awaiting_confirmation(getattr(request, "user", None))
        if profile is not None:
            return reverse("companies:profile_edit", args=[profile.organisation.slug])
        return super().get_login_redirect_url(request)

    def add_message(self, request: HttpRequest, *args, **kwargs) -> None:
        """Write allauth's messages in the language of the page that shows them: on signing
        in, that is the person's own language, not the one the log-in form had."""
        user = getattr(request, "user", None)
        language = getattr(user, "language", "") if user is not None else ""
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language and not chosen:
            with translation.override(language):
                return super().add_message(request, *args, **kwargs)
        return super().add_message(request, *args, **kwargs)


class MFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """Staff cannot switch off their authenticator app: two factors are mandatory."""
        if authenticator.type == Authenticator.Type.TOTP and authenticator.user.is_staff:
            return False
        return super().can_delete_authenticator(authenticator)
