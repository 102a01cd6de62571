"""Market briefs (staff keep them; SMEs read them) and an SME's market-entry readiness.

Each view looks its object up through an access helper that answers 404 to anyone who may
not see it, calls one service, and redirects.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from companies.models import Organisation, Sector
from companies.rules import is_staff, organisation_ids
from companies.views.common import add_form_errors
from missions.models import Market

from . import selectors, services
from .forms import BriefForm, ReadinessForm


def _staff(request: HttpRequest) -> None:
    # Outsiders learn nothing, not even that staff pages exist.
    if not is_staff(request.user):
        raise Http404


def _brief(request: HttpRequest, pk: int) -> selectors.BriefView:
    view = selectors.brief_get(pk=pk)
    if view is None:
        raise Http404
    return view


def _reader(request: HttpRequest) -> None:
    """Briefs are read by staff and the people of SMEs."""
    if is_staff(request.user):
        return
    if not Organisation.objects.filter(
        pk__in=organisation_ids(request.user), kind=Organisation.Kind.SME
    ).exists():
        raise Http404


@login_required
def brief_list(request: HttpRequest) -> HttpResponse:
    _staff(request)
    market, sector = request.GET.get("market"), request.GET.get("sector")
    if market in Market.values and sector and Sector.objects.filter(code=sector).exists():
        return redirect("intelligence:brief_edit", market=market, sector=sector)
    return render(
        request,
        "matchmaking/intelligence/brief_list.html",
        {
            "briefs": selectors.brief_list(),
            "markets": Market.choices,
            "sectors": Sector.objects.filter(parent__isnull=True).order_by("code"),
        },
    )


@login_required
def brief_edit(request: HttpRequest, market: str, sector: str) -> HttpResponse:
    _staff(request)
    sector_obj = Sector.objects.filter(code=sector).first()
    if market not in Market.values or sector_obj is None:
        raise Http404
    existing = next(
        (v for v in selectors.brief_list(market=market) if v.brief.sector_id == sector_obj.pk),
        None,
    )
    form = BriefForm(request.POST or None, instance=existing.current if existing else None)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.brief_save(
                market=market, sector=sector_obj, actor=request.user, fields=form.cleaned_data
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(
                request, _("Saved as version %(number)s.") % {"number": version.number}
            )
            return redirect("intelligence:brief_detail", pk=version.brief_id)
    return render(
        request,
        "matchmaking/intelligence/brief_form.html",
        {
            "form": form,
            "market_label": Market(market).label,
            "sector": sector_obj,
            "brief": existing,
        },
    )


@login_required
def brief_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _reader(request)
    view = _brief(request, pk)
    if view.current is None and not is_staff(request.user):
        raise Http404
    return render(
        request,
        "matchmaking/intelligence/brief_detail.html",
        {"view": view, "is_staff": is_staff(request.user)},
    )


@login_required
def brief_history(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    view = _brief(request, pk)
    return render(
        request,
        "matchmaking/intelligence/brief_history.html",
        {"view": view, "rows": selectors.brief_history(brief=view.brief)},
    )


@login_required
def brief_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    view = _brief(request, pk)
    if view.current is None:
        raise Http404
    from .pdf import brief_pdf_bytes

    response = HttpResponse(brief_pdf_bytes(view), content_type="application/pdf")
    name = f"brief-{view.brief.market}-{view.brief.sector.code}-v{view.current.number}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def readiness(request: HttpRequest, slug: str) -> HttpResponse:
    sme = selectors.sme_for_readiness(user=request.user, slug=slug)
    if sme is None:
        raise Http404
    views = selectors.readiness_of_sme(sme=sme)
    forms = {
        v.market: ReadinessForm(
            request.POST if request.POST.get("market") == v.market else None,
            instance=v.record,
            prefix=v.market,
        )
        for v in views
    }
    market = request.POST.get("market")
    if request.method == "POST":
        form = forms.get(market)
        if form is None:
            raise Http404
        if form.is_valid():
            services.readiness_save(
                sme=sme, market=market, actor=request.user, answers=form.cleaned_data
            )
            messages.success(request, _("Your checklist is saved."))
            return redirect("intelligence:readiness", slug=sme.slug)
    return render(
        request,
        "matchmaking/intelligence/readiness.html",
        {"sme": sme, "rows": [(v, forms[v.market]) for v in views]},
    )
