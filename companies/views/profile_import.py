"""Cluster staff import SME company profiles from a CSV or XLSX file: upload, preview,
confirm. The checked file waits in the person's session between preview and confirmation
(named by its digest), so what is confirmed is exactly what was previewed."""

from base64 import b64decode, b64encode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import profile_import, taxonomy
from ..forms import SpreadsheetField
from ..rules import require_staff

SESSION_KEY = "companies.profile_import"
TEMPLATE = "companies/profile_import.html"


class ProfileImportForm(forms.Form):
    file = SpreadsheetField()


def _preview(result) -> list[dict]:
    language = get_language() or "en"
    return [
        {
            "line": row.line, "name": row.name, "city": row.city, "country": row.country,
            "owner_email": row.owner_email,
            "sectors": [taxonomy.name(code, language) for code in row.sector_codes],
            "suggested": [taxonomy.name(code, language) for code in row.suggested],
        }
        for row in (result.rows if result else [])
    ]


def _render(request: HttpRequest, form: ProfileImportForm, result=None) -> HttpResponse:
    return render(
        request,
        TEMPLATE,
        {"form": form, "result": result, "preview": _preview(result),
         "columns": profile_import.COLUMNS},
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile_import_upload(request: HttpRequest) -> HttpResponse:
    """Upload a file; every row is checked and either previewed or reported."""
    require_staff(request.user)
    form = ProfileImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        content = form.cleaned_data["file"].read()
        result = profile_import.profiles_import_check(content=content, actor=request.user)
        if result.errors:
            request.session.pop(SESSION_KEY, None)
        else:
            request.session[SESSION_KEY] = {
                "digest": result.digest, "content": b64encode(content).decode("ascii"),
            }
    return _render(request, form, result)


@login_required
@require_POST
def profile_import_confirm(request: HttpRequest) -> HttpResponse:
    """Create the profiles of the previewed file, all or nothing."""
    require_staff(request.user)
    stored = request.session.get(SESSION_KEY)
    if not stored or stored.get("digest") != request.POST.get("digest"):
        messages.error(request, _("This preview is no longer available: upload the file again."))
        return redirect("companies:profile_import")
    result = profile_import.profiles_import(
        content=b64decode(stored["content"]), actor=request.user
    )
    if result.errors:
        # Something changed since the preview (a name was registered meanwhile).
        request.session.pop(SESSION_KEY, None)
        return _render(request, ProfileImportForm(), result)
    request.session.pop(SESSION_KEY, None)
    messages.success(
        request,
        ngettext(
            "%(count)s company profile imported as a draft.",
            "%(count)s company profiles imported as drafts.",
            len(result.created),
        )
        % {"count": len(result.created)},
    )
    return redirect("companies:profile_import")


@login_required
@require_GET
def profile_import_template(request: HttpRequest) -> HttpResponse:
    require_staff(request.user)
    response = HttpResponse(profile_import.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="company-profiles-template.csv"'
    return response
