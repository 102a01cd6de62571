"""The webhooks page of an organisation's owners: register and remove hooks, and the log
of what was delivered."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from companies.models import Organisation
from companies.rules import is_owner
from companies.views.common import message_errors

from . import selectors, services
from .models import Event, Webhook


class WebhookForm(forms.Form):
    url = forms.URLField(label=gettext_lazy("URL"), max_length=500)
    events = forms.MultipleChoiceField(
        label=gettext_lazy("Events"), choices=Event.choices, widget=forms.CheckboxSelectMultiple
    )
    min_score = forms.IntegerField(
        label=gettext_lazy("Minimum match score"), min_value=0, max_value=100, initial=70
    )


def _organisation_for_owner(request: HttpRequest, slug: str) -> Organisation:
    """The organisation ``slug`` when the person owns it; 404 otherwise."""
    organisation = get_object_or_404(Organisation, slug=slug)
    if not is_owner(request.user, organisation.pk):
        raise Http404
    return organisation


@login_required
@require_http_methods(["GET", "POST"])
def webhook_list(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation_for_owner(request, slug)
    form = WebhookForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            hook = services.webhook_create(organisation=organisation, actor=request.user,
                                           **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            message_errors(request, error)
        else:
            messages.success(
                request, _("The webhook is registered. Its signing secret: %(secret)s")
                % {"secret": hook.secret},
            )
            return redirect("webhooks:list", slug=organisation.slug)
    return render(
        request,
        "matchmaking/webhooks/list.html",
        {
            "organisation": organisation,
            "form": form,
            "webhooks": list(selectors.webhooks_of(organisation_id=organisation.pk)),
            "deliveries": selectors.delivery_log(organisation_id=organisation.pk),
        },
    )


@login_required
@require_POST
def webhook_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = _organisation_for_owner(request, slug)
    hook = get_object_or_404(Webhook, pk=pk, organisation=organisation)
    services.webhook_delete(webhook=hook, actor=request.user)
    messages.success(request, _("The webhook is removed."))
    return redirect("webhooks:list", slug=organisation.slug)
