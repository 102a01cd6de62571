"""The page where people create and revoke their personal and organisation API tokens."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from companies.models import Membership
from companies.rules import user_organisations
from companies.views.common import message_errors

from .. import selectors, services
from ..models import ApiToken


class TokenForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=100)
    scope = forms.ChoiceField(label=gettext_lazy("Scope"), choices=ApiToken.Scope.choices)
    organisation = forms.ChoiceField(label=gettext_lazy("For"), required=False)

    def __init__(self, *args, owned=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.owned = {str(o.pk): o for o in owned}
        self.fields["organisation"].choices = [("", _("Me (personal token)"))] + [
            (str(o.pk), o.name) for o in owned
        ]
        for field in self.fields.values():
            css = "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
            field.widget.attrs["class"] = css


def _owned(request: HttpRequest):
    return [
        o for o in user_organisations(request.user)
        if o.memberships.filter(user=request.user, role=Membership.Role.OWNER).exists()
    ]


@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    owned = _owned(request)
    form = TokenForm(request.POST or None, owned=owned)
    secret = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, secret = services.api_token_create(
                actor=request.user,
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
                organisation=form.owned.get(form.cleaned_data["organisation"] or ""),
            )
        except (ValidationError, PermissionDenied) as error:
            message_errors(request, error)
        else:
            messages.success(request, _("Your new token is shown below once: copy it now."))
            form = TokenForm(owned=owned)
    return render(
        request,
        "matchmaking/api/tokens.html",
        {
            "form": form,
            "secret": secret,
            "tokens": list(selectors.api_tokens_managed_by(request.user)[:100]),
            "owned": owned,
        },
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(selectors.api_tokens_managed_by(request.user), pk=pk)
    try:
        services.api_token_revoke(token=token, actor=request.user)
    except PermissionDenied as error:
        message_errors(request, error)
    else:
        messages.success(request, _("The token is revoked."))
    return redirect("api:tokens")
