"""Helpers every app's views share: where to go back to, and how a refusal is shown."""

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


def add_form_errors(form, error: ValidationError) -> None:
    """Attach a service's ``ValidationError`` to the form fields it names (else the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
