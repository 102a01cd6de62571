"""Staff without an authenticator app: the page that says to ask for an enrolment link, and
the link itself (see ``companies.staff_totp``)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _

from ..middleware import staff_needs_totp
from ..staff_totp import SESSION_KEY, enrolment_tokens


@login_required
def staff_totp_required(request: HttpRequest) -> HttpResponse:
    """Where a staff member without an authenticator app lands until they get a link."""
    if not staff_needs_totp(request.user):
        return redirect("home")
    return render(request, "companies/staff_totp_required.html")


@login_required
def staff_totp_enrol(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """Open an administrator's enrolment link: signed in as that very staff member, the
    session may set up an authenticator app once."""
    try:
        user_id = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        user_id = None
    user = request.user
    if (
        user_id != user.pk
        or not staff_needs_totp(user)
        or not enrolment_tokens.check_token(user, token)
        # Used once, for as long as it would be valid (an authenticator removed later by an
        # administrator does not bring an old link back).
        or not cache.add(f"companies:enrolment-link-used:{token}", True,
                         settings.PASSWORD_RESET_TIMEOUT)
    ):
        return render(request, "companies/staff_totp_required.html", {"invalid": True}, status=404)
    request.session[SESSION_KEY] = user.pk
    messages.info(request, _("Set up your authenticator app now: scan the code and enter the "
                             "six digits it shows."))
    return redirect("mfa_activate_totp")
