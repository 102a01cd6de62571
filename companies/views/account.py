"""A person's own settings, and accepting an invitation to an organisation."""

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from .. import services
from ..forms import INVITATION_SESSION_KEY, PreferencesForm


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    """Name, time zone and language of the signed-in person."""
    user = request.user
    form = PreferencesForm(
        request.POST or None,
        initial={"full_name": user.full_name, "time_zone": user.time_zone, "language": user.language},
    )
    if request.method == "POST" and form.is_valid():
        services.user_preferences_update(user=user, **form.cleaned_data)
        language = form.cleaned_data["language"]
        if language:
            translation.activate(language)
        with translation.override(language or translation.get_language()):
            messages.success(request, _("Your preferences have been saved."))
        response = redirect("companies:preferences")
        if language:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE, secure=settings.LANGUAGE_COOKIE_SECURE,
            )
        else:
            response.delete_cookie(settings.LANGUAGE_COOKIE_NAME)
        return response
    return render(request, "companies/preferences.html", {"form": form})


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """Show an invitation; the invited person accepts it (signing up first if need be)."""
    try:
        invitation = services.invitation_from_token(token)
    except services.InvitationInvalid:
        return render(request, "companies/invitation_invalid.html", status=404)
    user = request.user
    if not user.is_authenticated and request.GET.get("decline"):
        # Not the invited person: sign up for an organisation of one's own instead.
        request.session.pop(INVITATION_SESSION_KEY, None)
        get_adapter().unstash_verified_email(request)
        return redirect("account_signup")
    if not user.is_authenticated:
        # Remember the invitation for sign-up, and that this address is proven: the link
        # arrived at it, so the new account needs no separate verification mail.
        request.session[INVITATION_SESSION_KEY] = token
        get_adapter().stash_verified_email(request, invitation.email)
        return render(request, "companies/invitation.html", {"invitation": invitation})
    wrong_person = user.email.lower() != invitation.email.lower()
    if request.method == "POST" and not wrong_person:
        try:
            services.invitation_accept(invitation=invitation, user=user)
        except services.InvitationInvalid:
            return render(request, "companies/invitation_invalid.html", status=404)
        request.session.pop(INVITATION_SESSION_KEY, None)
        messages.success(
            request, _("You are now a member of %(name)s.") % {"name": invitation.organisation}
        )
        return redirect("companies:organisation_manage", slug=invitation.organisation.slug)
    return render(
        request,
        "companies/invitation.html",
        {"invitation": invitation, "wrong_person": wrong_person},
    )
