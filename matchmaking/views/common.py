"""Small helpers shared by the matching app's views."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


def redirect_back(request: HttpRequest, fallback: str) -> HttpResponse:
    """Redirect to the ``next`` the form sent, if it is on this site; else to ``fallback``."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(fallback)


def message_errors(request: HttpRequest, error: ValidationError | PermissionDenied) -> None:
    """Show each message of a refused action to the person who tried it."""
    for message in getattr(error, "messages", None) or [str(error)]:
        messages.error(request, message)
