"""Cluster staff must protect their account with an authenticator app (TOTP); every
response carries the Permissions-Policy header."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve

# Pages a staff member without TOTP may always reach: those that end the visit, open an
# enrolment link or say to ask for one.
ALLOWED_URL_NAMES = {
    "mfa_authenticate",
    "account_logout",
    "account_login",
    "account_confirm_email",
    "set_language",
    "healthz",
    "readyz",
    "staff_totp_enrol",
    "staff_totp_required",
}
# Pages that set the authenticator up: only after opening an administrator's link.
ENROLMENT_URL_NAMES = {
    "mfa_index",
    "mfa_activate_totp",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_download_recovery_codes",
    "mfa_reauthenticate",
    "account_reauthenticate",
}


class PermissionsPolicyMiddleware:
    """Send the ``PERMISSIONS_POLICY`` header (Django has a setting for CSP, not for this)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.policy = getattr(settings, "PERMISSIONS_POLICY", "")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.policy:
            response.headers.setdefault("Permissions-Policy", self.policy)
        return response


def staff_needs_totp(user) -> bool:
    from allauth.mfa.models import Authenticator

    return bool(
        user.is_authenticated
        and user.is_staff
        and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    )


class StaffTOTPRequiredMiddleware:
    """Send staff without an active TOTP authenticator to its activation page first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.exempt_prefixes = tuple(
            "/" + prefix.lstrip("/")
            for prefix in (settings.STATIC_URL, settings.MEDIA_URL)
            if prefix
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.is_staff
            and not request.path.startswith(self.exempt_prefixes)
        ):
            url_name = self._url_name(request)
            if url_name not in ALLOWED_URL_NAMES and staff_needs_totp(user):
                from .staff_totp import enrolment_granted

                if url_name in ENROLMENT_URL_NAMES and enrolment_granted(request):
                    return self.get_response(request)
                if enrolment_granted(request):
                    return redirect("mfa_activate_totp")
                return redirect("companies:staff_totp_required")
        return self.get_response(request)

    @staticmethod
    def _url_name(request: HttpRequest) -> str | None:
        try:
            return resolve(request.path_info).url_name
        except Resolver404:
            return None
