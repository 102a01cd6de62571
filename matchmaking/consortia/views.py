"""Consortium pages: a demand's proposals, forming a consortium, a consortium's page, the
members' answers through a signed link, and the buyer's actions.

Each view looks its object up through an access helper that answers 404 to anyone who
may not see it, calls one service, and redirects.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from companies.converters import ids_from
from companies.views.common import message_errors, redirect_back

from . import selectors, services
from .models import Consortium, ConsortiumMember


def _demand(request: HttpRequest, pk: int):
    demand = selectors.demand_for_proposals(user=request.user, pk=pk)
    if demand is None:
        raise Http404
    return demand


def _consortium(request: HttpRequest, pk: int) -> Consortium:
    consortium = selectors.consortium_for_viewer(user=request.user, pk=pk)
    if consortium is None:
        raise Http404
    return consortium


def _lead(request: HttpRequest, demand):
    former = selectors.may_form(user=request.user, demand=demand)
    if former is False:
        raise Http404
    return None if former is True else former


@login_required
def demand_proposals(request: HttpRequest, pk: int) -> HttpResponse:
    demand = _demand(request, pk)
    lead = selectors.may_form(user=request.user, demand=demand)
    return render(
        request,
        "matchmaking/consortia/proposals.html",
        {
            "demand": demand,
            "proposals": selectors.demand_proposals(demand=demand),
            "lead": lead if lead not in (True, False) else None,
        },
    )


@login_required
@require_POST
def form_from_proposal(request: HttpRequest, pk: int, rank: int) -> HttpResponse:
    demand = _demand(request, pk)
    lead = _lead(request, demand)
    try:
        consortium = services.consortium_form_from_proposal(
            demand=demand, rank=rank, actor=request.user, lead=lead
        )
    except ValidationError as error:
        message_errors(request, error)
        return redirect("consortia:demand_proposals", pk=demand.pk)
    messages.success(request, _("The consortium is formed; its members are invited by e-mail."))
    return redirect("consortia:detail", pk=consortium.pk)


@login_required
def form_from_scratch(request: HttpRequest, pk: int) -> HttpResponse:
    demand = _demand(request, pk)
    lead = _lead(request, demand)
    if request.method == "POST":
        chosen = ids_from(request.POST.getlist("members"))
        try:
            consortium = services.consortium_form(
                demand=demand,
                actor=request.user,
                members={pk: () for pk in chosen},
                lead=lead,
                name=request.POST.get("name", ""),
            )
        except ValidationError as error:
            message_errors(request, error)
        else:
            messages.success(
                request, _("The consortium is formed; its members are invited by e-mail.")
            )
            return redirect("consortia:detail", pk=consortium.pk)
    return render(
        request,
        "matchmaking/consortia/form.html",
        {"demand": demand, "lead": lead, "matches": selectors.smes_for_scratch(demand=demand)},
    )


@login_required
def consortium_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "matchmaking/consortia/list.html",
        {"consortia": selectors.consortia_of_user(user=request.user)},
    )


@login_required
def consortium_detail(request: HttpRequest, pk: int) -> HttpResponse:
    consortium = _consortium(request, pk)
    view = selectors.consortium_views([consortium])[0]
    member = selectors.member_of_user(user=request.user, consortium=consortium)
    return render(
        request,
        "matchmaking/consortia/detail.html",
        {
            "view": view,
            "consortium": consortium,
            "member": member,
            "is_buyer": selectors.is_buyer_of(user=request.user, consortium=consortium),
            "is_lead": bool(member and member.sme_id == consortium.lead_id),
            "statuses": Consortium.Status,
        },
    )


def _act(request: HttpRequest, consortium: Consortium, action, success: str) -> HttpResponse:
    try:
        action()
    except ValidationError as error:
        message_errors(request, error)
    except PermissionDenied:
        raise Http404 from None
    else:
        messages.success(request, success)
    return redirect_back(request, reverse("consortia:detail", args=[consortium.pk]))


@login_required
@require_POST
def consortium_present(request: HttpRequest, pk: int) -> HttpResponse:
    consortium = _consortium(request, pk)
    return _act(
        request,
        consortium,
        lambda: services.consortium_present(consortium=consortium, actor=request.user),
        _("The buyer now sees the consortium among its suppliers."),
    )


@login_required
@require_POST
def consortium_decide(request: HttpRequest, pk: int) -> HttpResponse:
    consortium = _consortium(request, pk)
    decision = request.POST.get("decision", "")
    return _act(
        request,
        consortium,
        lambda: services.consortium_decide(
            consortium=consortium, actor=request.user, decision=decision
        ),
        _("The consortium is on your shortlist.") if decision == "shortlisted" else _("Saved."),
    )


@login_required
@require_POST
def consortium_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    consortium = _consortium(request, pk)
    return _act(
        request,
        consortium,
        lambda: services.consortium_meeting_request(
            consortium=consortium, actor=request.user, message=request.POST.get("message", "")
        ),
        _("A meeting with the whole consortium is requested."),
    )


@login_required
@require_POST
def consortium_meeting_accept(request: HttpRequest, pk: int) -> HttpResponse:
    consortium = _consortium(request, pk)
    return _act(
        request,
        consortium,
        lambda: services.consortium_meeting_accept(consortium=consortium, actor=request.user),
        _("The meeting is accepted; the organisers will schedule it."),
    )


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """A member's answer through the signed link of its e-mail (no sign-in needed: the
    link itself is the member's key, like a meeting invitation's answer links)."""
    member = services.member_from_token(token)
    if member is None:
        raise Http404
    if request.method == "POST":
        answer = request.POST.get("answer", "")
        try:
            services.member_answer(member=member, answer=answer)
        except ValidationError as error:
            message_errors(request, error)
        else:
            if answer == ConsortiumMember.Answer.ACCEPTED:
                messages.success(request, _("Thank you: you are a member of this consortium."))
            else:
                messages.info(request, _("You declined this consortium."))
        return redirect("consortia:invitation", token=token)
    view = selectors.consortium_views([member.consortium])[0]
    return render(
        request,
        "matchmaking/consortia/invitation.html",
        {"member": member, "consortium": member.consortium, "view": view},
    )
