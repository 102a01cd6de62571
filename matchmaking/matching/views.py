"""Matching pages: a buyer's ranked suppliers, an SME's matches, staff's scoring runs.

Each view looks its object up through an access helper that answers 404 to anyone who
may not see it, calls one service, and redirects (or renders an htmx partial).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from companies.models import Organisation
from companies.rules import read_memberships, require_staff
from companies.views.common import message_errors, redirect_back
from missions.models import DemandProject, Mission

from . import rescoring, selectors, services
from .models import BuyerDecision, MatchScore, ScoringRun, SmeFeedback


def _demand_for_buyer(request: HttpRequest, pk: int) -> DemandProject:
    demand = selectors.demand_for_viewer(user=request.user, pk=pk)
    if demand is None:
        raise Http404
    return demand


def _own_sme(request: HttpRequest) -> Organisation:
    organisation = selectors.sme_organisation_for(request.user)
    if organisation is None:
        raise Http404
    return organisation


def _page_number(request: HttpRequest) -> str:
    return request.GET.get("page") or "1"


def _pagination(request: HttpRequest, page: Page) -> dict:
    """What ``_pagination.html`` needs: the page, the numbers to link (the ends and those
    around the current one) and the query string that keeps the filters."""
    params = request.GET.copy()
    params.pop("page", None)
    return {
        "page": page,
        "page_range": list(
            page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
        ),
        "ellipsis": Paginator.ELLIPSIS,
        "query_string": params.urlencode(),
    }


# --- Buyers -----------------------------------------------------------------------------


@login_required
def buyer_demand_list(request: HttpRequest) -> HttpResponse:
    demands = list(selectors.buyer_demands(user=request.user)[: selectors.LIST_LIMIT])
    return render(request, "matchmaking/matching/buyer_demands.html", {"demands": demands})


@login_required
def demand_suppliers(request: HttpRequest, pk: int) -> HttpResponse:
    read_memberships(request.user)  # for the access check and each card's contact rule
    demand = _demand_for_buyer(request, pk)
    suppliers = selectors.demand_suppliers(
        demand=demand,
        user=request.user,
        params=request.GET,
        page_number=_page_number(request),
        explain_folded=False,  # a folded card loads its reasons when opened
    )
    services.match_reasons_save(matches=[row.match for row in suppliers.rows if row.reasons_new])
    meeting_url = None
    try:
        meeting_url = reverse("matchmaking:meeting_request_create")
    except Exception:  # the meetings pages are optional
        meeting_url = None
    return render(
        request,
        "matchmaking/matching/demand_suppliers.html",
        {
            "demand": demand,
            "suppliers": suppliers,
            "meeting_url": meeting_url,
            "decision_status": BuyerDecision.Status,
            **_pagination(request, suppliers.page),
        },
    )


@login_required
@require_POST
def demand_decide(request: HttpRequest, pk: int, sme_id: int) -> HttpResponse:
    demand = _demand_for_buyer(request, pk)
    match = get_object_or_404(MatchScore.objects.select_related("sme"), demand=demand, sme_id=sme_id)
    action = request.POST.get("action", "")
    fallback = reverse("matchmaking:demand_suppliers", args=[demand.pk])
    try:
        if action == "clear":
            services.buyer_decision_clear(demand=demand, sme=match.sme)
            messages.info(request, _("The decision is undone."))
        else:
            decision = services.buyer_decide(
                demand=demand,
                sme=match.sme,
                status=action,
                actor=request.user,
                reason=request.POST.get("reason", ""),
            )
            if decision.status == BuyerDecision.Status.SHORTLISTED:
                messages.success(
                    request, _("%(name)s is on your shortlist.") % {"name": match.sme.name}
                )
            else:
                messages.info(request, _("%(name)s is declined.") % {"name": match.sme.name})
    except ValidationError as error:
        message_errors(request, error)
    return redirect_back(request, fallback)


@login_required
def demand_supplier_reasons(request: HttpRequest, pk: int, sme_id: int) -> HttpResponse:
    """Why a supplier of the buyer's list matches the demand project: what its folded card
    loads when opened (htmx), or a page of its own without JavaScript."""
    demand = _demand_for_buyer(request, pk)
    match = selectors.listed_supplier_match(demand=demand, sme_id=sme_id)
    if match is None:
        raise Http404
    back = reverse("matchmaking:demand_suppliers", args=[demand.pk])
    return _match_reasons(request, match, supplier=match.sme.name, demand=demand, back=back)


def _match_reasons(request: HttpRequest, match: MatchScore, **context) -> HttpResponse:
    explained, built = selectors.match_explained(match)
    if built:
        services.match_reasons_save(matches=[match])
    if request.htmx:
        return render(request, "matchmaking/matching/_match_reasons.html", {"explained": explained})
    return render(
        request, "matchmaking/matching/match_reasons.html", {"explained": explained, **context}
    )


# --- SMEs -------------------------------------------------------------------------------


@login_required
def sme_matches(request: HttpRequest) -> HttpResponse:
    read_memberships(request.user)  # for the SME lookup and the navigation's role
    organisation = _own_sme(request)
    page, rows = selectors.sme_demands_page(
        organisation=organisation, page_number=_page_number(request), explain_folded=False
    )
    services.match_reasons_save(matches=[row.match for row in rows if row.reasons_new])
    return render(
        request,
        "matchmaking/matching/sme_matches.html",
        {
            "organisation": organisation,
            "rows": rows,
            "verdicts": SmeFeedback.Verdict,
            **_pagination(request, page),
        },
    )


@login_required
def sme_match_reasons(request: HttpRequest, demand_id: int) -> HttpResponse:
    """Why a demand project of the SME's list matches it: what its folded card loads when
    opened (htmx), or a page of its own without JavaScript."""
    organisation = _own_sme(request)
    match = selectors.listed_sme_match(organisation=organisation, demand_id=demand_id)
    if match is None:
        raise Http404
    back = reverse("matchmaking:sme_matches")
    return _match_reasons(
        request, match, supplier=organisation.name, demand=match.demand, back=back
    )


@login_required
@require_POST
def sme_feedback(request: HttpRequest, demand_id: int) -> HttpResponse:
    organisation = _own_sme(request)
    match = get_object_or_404(
        MatchScore.objects.select_related("demand"), sme=organisation, demand_id=demand_id
    )
    verdict = request.POST.get("verdict") or None
    try:
        services.sme_feedback_give(
            sme=organisation, demand=match.demand, verdict=verdict, actor=request.user
        )
    except ValidationError as error:
        message_errors(request, error)
    else:
        messages.success(request, _("Thank you: the buyer sees your answer."))
    return redirect_back(request, reverse("matchmaking:sme_matches"))


# --- Staff ------------------------------------------------------------------------------


@login_required
def scoring_runs(request: HttpRequest) -> HttpResponse:
    require_staff(request.user)
    mission = None
    if request.GET.get("mission", "").isdigit():
        mission = get_object_or_404(Mission, pk=int(request.GET["mission"]))
    return render(
        request,
        "matchmaking/matching/runs.html",
        {
            "runs": selectors.scoring_runs(mission=mission),
            "active": selectors.active_full_run(),
            "mission": mission,
            "mission_demands": (
                selectors.mission_demands(mission=mission, user=request.user) if mission else []
            ),
        },
    )


@login_required
@require_POST
def scoring_run_start(request: HttpRequest) -> HttpResponse:
    require_staff(request.user)
    run = rescoring.scoring_run_start_full(actor=request.user)
    messages.success(request, _("A full rescore has started."))
    return redirect(reverse("matchmaking:scoring_runs") + f"#run-{run.pk}")


@login_required
def scoring_run_progress(request: HttpRequest, pk: int) -> HttpResponse:
    require_staff(request.user)
    run = get_object_or_404(ScoringRun, pk=pk)
    return render(request, "matchmaking/matching/_run_progress.html", {"run": run})
