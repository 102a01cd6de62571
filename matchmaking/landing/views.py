"""Landing support pages: the packages per host city, a package with its applications for
its provider, an SME's application and its packages, the provider's decision, and the staff
page that approves providers.

Each view looks its object up through an access helper that answers 404 to anyone who may
not see it, calls one service, and redirects.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from companies.rules import is_staff, require_staff
from companies.views.common import add_form_errors, message_errors

from . import selectors, services
from .forms import ApplyForm, DecideForm, PackageForm, ProviderApprovalForm
from .models import SupportPackage

# --- Access helpers -------------------------------------------------------------------------


def _package(request: HttpRequest, pk: int) -> SupportPackage:
    package = selectors.package_for_viewer(user=request.user, pk=pk)
    if package is None:
        raise Http404
    return package


def _sme(request: HttpRequest):
    sme = selectors.sme_of(request.user)
    if sme is None:
        raise Http404
    return sme


# --- Pages ----------------------------------------------------------------------------------


@login_required
@require_GET
def package_list(request: HttpRequest) -> HttpResponse:
    city = request.GET.get("city", "")
    return render(request, "matchmaking/landing/package_list.html", {
        "packages": selectors.packages_for(request.user, city=city),
        "cities": selectors.host_cities(),
        "city": city,
        "may_publish": is_staff(request.user) or bool(selectors.approved_providers_of(request.user)),
    })


@login_required
@require_http_methods(["GET", "POST"])
def package_create(request: HttpRequest) -> HttpResponse:
    staff = is_staff(request.user)
    providers = selectors.approved_providers_of(request.user)
    if staff:
        providers = [p.organisation for p in selectors.providers_for_staff() if p.approved]
    elif not providers:
        raise Http404
    form = PackageForm(request.POST or None, providers=providers, staff=staff)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "provider"}
        try:
            package = services.package_create(
                actor=request.user, provider=form.cleaned_data["provider"], **fields
            )
        except PermissionDenied as error:
            message_errors(request, error)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The package is saved."))
            return redirect("landing:package_detail", package.pk)
    return render(request, "matchmaking/landing/package_form.html", {"form": form})


@login_required
@require_GET
def package_detail(request: HttpRequest, pk: int) -> HttpResponse:
    package = _package(request, pk)
    manages = selectors.may_manage(request.user, package)
    sme = selectors.sme_of(request.user)
    return render(request, "matchmaking/landing/package_detail.html", {
        "package": package,
        "manages": manages,
        "applications": selectors.applications_of_package(package) if manages else [],
        "decide_form": DecideForm(),
        "sme": sme,
        "own_application": selectors.application_of_sme(package=package, sme=sme),
        "apply_form": ApplyForm(),
    })


@login_required
@require_POST
def package_apply(request: HttpRequest, pk: int) -> HttpResponse:
    package = _package(request, pk)
    sme = _sme(request)
    form = ApplyForm(request.POST)
    if form.is_valid():
        try:
            services.package_apply(package=package, sme=sme, actor=request.user,
                                   message=form.cleaned_data["message"])
        except (ValidationError, PermissionDenied) as error:
            message_errors(request, error)
        else:
            messages.success(request, _("Your application has been sent to the provider."))
    else:
        messages.error(request, _("Say in a few words why and when you need it."))
    return redirect("landing:package_detail", package.pk)


@login_required
@require_POST
def application_decide(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_for_manager(user=request.user, pk=pk)
    if application is None:
        raise Http404
    form = DecideForm(request.POST)
    if not form.is_valid():
        raise Http404
    try:
        services.application_decide(application=application, status=form.cleaned_data["status"],
                                    actor=request.user, answer=form.cleaned_data["answer"])
    except (ValidationError, PermissionDenied) as error:
        message_errors(request, error)
    else:
        messages.success(request, _("Your decision has been sent to %(sme)s.")
                         % {"sme": application.sme.name})
    return redirect("landing:package_detail", application.package_id)


@login_required
@require_GET
def my_applications(request: HttpRequest) -> HttpResponse:
    """An SME's applications and the packages it holds."""
    sme = _sme(request)
    return render(request, "matchmaking/landing/my_applications.html", {
        "sme": sme,
        "applications": selectors.applications_of_sme({sme.pk}),
        "held": selectors.packages_held(sme.pk),
    })


@login_required
@require_http_methods(["GET", "POST"])
def providers(request: HttpRequest) -> HttpResponse:
    """Staff: approve partner organisations as package providers (or withdraw it)."""
    require_staff(request.user)
    form = ProviderApprovalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = form.cleaned_data["organisation"]
        try:
            services.provider_set_approval(organisation=organisation,
                                           approved=form.cleaned_data["approved"],
                                           actor=request.user)
        except (ValidationError, PermissionDenied) as error:
            message_errors(request, error)
        else:
            messages.success(request, _("%(name)s is saved.") % {"name": organisation.name})
            return redirect("landing:providers")
    return render(request, "matchmaking/landing/providers.html", {
        "form": ProviderApprovalForm(candidates=selectors.provider_candidates()),
        "providers": selectors.providers_for_staff(),
    })
