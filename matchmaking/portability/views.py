"""The data page of an organisation's owners: download everything, or delete it."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from companies.models import Organisation, User
from companies.rules import is_owner
from companies.views.common import message_errors

from . import selectors, services


class ErasureForm(forms.Form):
    confirm = forms.CharField(label=gettext_lazy("Type the organisation's name to confirm"),
                              max_length=200)

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["confirm"].widget.attrs["class"] = "form-control"

    def clean_confirm(self) -> str:
        value = self.cleaned_data["confirm"].strip()
        if value != self.organisation.name:
            raise forms.ValidationError(_("The name does not match."))
        return value


def _organisation_for_owner(request: HttpRequest, slug: str) -> Organisation:
    """The organisation ``slug`` when the person owns it; 404 otherwise (staff too: an
    organisation's data goes only to its owners)."""
    organisation = get_object_or_404(Organisation, slug=slug)
    if not is_owner(request.user, organisation.pk):
        raise Http404
    return organisation


@login_required
@require_http_methods(["GET", "POST"])
def organisation_data(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation_for_owner(request, slug)
    form = ErasureForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_erase(organisation=organisation, actor=request.user)
        except PermissionDenied as error:
            message_errors(request, error)
        else:
            if not User.objects.filter(pk=request.user.pk).exists():
                logout(request)
            messages.success(request, _("The organisation's data is deleted."))
            return redirect("home")
    return render(
        request, "matchmaking/portability/data.html",
        {"organisation": organisation, "form": form},
    )


@login_required
@require_GET
def organisation_export(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation_for_owner(request, slug)
    response = HttpResponse(
        selectors.organisation_export_zip(organisation), content_type="application/zip"
    )
    stamp = timezone.now().strftime("%Y%m%d")
    response["Content-Disposition"] = (
        f'attachment; filename="{organisation.slug}-export-{stamp}.zip"'
    )
    return response
