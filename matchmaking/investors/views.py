"""Investor pages: the pipelines a person may see, the SMEs and delegations an approved
investor browses, marking interest, the SME's answer to an introduction, moving a pipeline.

Each view looks its object up through an access helper that answers 404 to anyone who may
not see it, calls one service, and redirects.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from companies.models import CompanyProfile, Organisation
from companies.rules import is_member, is_staff, organisation_ids
from companies.selectors import can_see_contacts
from companies.views.common import add_form_errors, message_errors
from missions.models import Mission

from . import selectors, services
from .forms import InterestForm, IntroductionAnswerForm, PipelineMoveForm
from .models import Pipeline, Stage

# --- Access helpers -------------------------------------------------------------------------


def _approved_investor(request: HttpRequest) -> Organisation:
    investor = selectors.approved_investor_of(request.user)
    if investor is None:
        raise Http404
    return investor


def _pipeline(request: HttpRequest, pk: int) -> Pipeline:
    pipeline = selectors.pipeline_for_viewer(user=request.user, pk=pk)
    if pipeline is None:
        raise Http404
    return pipeline


def _pipeline_of_side(request: HttpRequest, pk: int, side: str) -> Pipeline:
    """The pipeline if the user is a member of its investor (or SME); 404 for anyone else,
    staff included: only the parties act on it."""
    pipeline = _pipeline(request, pk)
    if not is_member(request.user, getattr(pipeline, f"{side}_id")):
        raise Http404
    return pipeline


# --- Pages ----------------------------------------------------------------------------------


@login_required
@require_GET
def pipelines(request: HttpRequest) -> HttpResponse:
    """Staff: every pipeline (by mission); investors and SMEs: their own."""
    mission = None
    if is_staff(request.user) and request.GET.get("mission", "").isdigit():
        mission = get_object_or_404(Mission, pk=int(request.GET["mission"]))
    investor = selectors.investor_of(request.user)
    return render(request, "matchmaking/investors/pipelines.html", {
        "pipelines": selectors.pipelines_visible_to(request.user, mission=mission),
        "investor": investor,
        "staff": is_staff(request.user),
        "mission": mission,
        "missions": selectors.browsable_missions() if is_staff(request.user) else [],
        "own_ids": organisation_ids(request.user),
    })


@login_required
@require_GET
def browse(request: HttpRequest) -> HttpResponse:
    """Published SMEs and mission delegations, for approved investors (and staff)."""
    investor = None if is_staff(request.user) else _approved_investor(request)
    missions = selectors.browsable_missions()
    mission = None
    if request.GET.get("mission", "").isdigit():
        mission = next((m for m in missions if m.pk == int(request.GET["mission"])), None)
        if mission is None:
            raise Http404
    elif missions:
        mission = missions[0]
    return render(request, "matchmaking/investors/browse.html", {
        "investor": investor,
        "missions": missions,
        "mission": mission,
        "delegation": (selectors.delegation_cards(mission=mission, investor=investor)
                       if mission else []),
        "others": selectors.published_sme_cards(investor=investor),
    })


@login_required
@require_http_methods(["GET", "POST"])
def interest_create(request: HttpRequest, slug: str) -> HttpResponse:
    investor = _approved_investor(request)
    sme = selectors.sme_for_interest(slug=slug)
    if sme is None:
        raise Http404
    form = InterestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            pipeline = services.interest_mark(
                investor=investor, sme=sme, note=form.cleaned_data["note"], actor=request.user
            )
        except PermissionDenied as error:
            message_errors(request, error)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Your interest has been sent to %(sme)s.")
                             % {"sme": sme.name})
            return redirect("investors:pipeline_detail", pipeline.pk)
    return render(request, "matchmaking/investors/interest_form.html",
                  {"sme": sme, "form": form})


@login_required
@require_GET
def pipeline_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pipeline = _pipeline(request, pk)
    is_investor = is_member(request.user, pipeline.investor_id)
    is_sme = is_member(request.user, pipeline.sme_id)
    profile = CompanyProfile.objects.filter(organisation=pipeline.sme_id).first()
    return render(request, "matchmaking/investors/pipeline_detail.html", {
        "pipeline": pipeline,
        "steps": selectors.pipeline_steps(pipeline),
        "is_investor": is_investor,
        "is_sme": is_sme,
        "profile": profile,
        # The one rule of who sees an SME's contacts (companies), asked, never repeated.
        "show_contacts": bool(profile and can_see_contacts(user=request.user, profile=profile)),
        "answer_form": IntroductionAnswerForm() if is_sme else None,
        "move_form": PipelineMoveForm() if is_investor and pipeline.is_introduced else None,
        "demands": selectors.meeting_demands(pipeline) if is_investor else [],
        "ended": pipeline.stage in (Stage.CLOSED, Stage.DROPPED, Stage.DECLINED),
    })


@login_required
@require_POST
def introduction_answer(request: HttpRequest, pk: int) -> HttpResponse:
    pipeline = _pipeline_of_side(request, pk, "sme")
    form = IntroductionAnswerForm(request.POST)
    if not form.is_valid():
        # A message too long or with a NUL character: say so instead of a bare 404.
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("investors:pipeline_detail", pipeline.pk)
    accept = form.cleaned_data["answer"] == "accept"
    try:
        services.introduction_answer(pipeline=pipeline, accept=accept, actor=request.user,
                                     message=form.cleaned_data["message"])
    except (ValidationError, PermissionDenied) as error:
        message_errors(request, error)
    else:
        messages.success(request, _("The introduction is accepted: the investor now sees your "
                                    "contact details.") if accept
                         else _("The introduction is declined."))
    return redirect("investors:pipeline_detail", pipeline.pk)


@login_required
@require_POST
def pipeline_move(request: HttpRequest, pk: int) -> HttpResponse:
    pipeline = _pipeline_of_side(request, pk, "investor")
    form = PipelineMoveForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.pipeline_move(
                pipeline=pipeline, stage=data["stage"], actor=request.user,
                value=data["value"], currency=data["currency"],
                stake_percent=data["stake_percent"], deal_date=data["deal_date"],
                message=data["message"],
            )
        except (ValidationError, PermissionDenied) as error:
            message_errors(request, error)
        else:
            messages.success(request, _("The pipeline is now at: %(stage)s.")
                             % {"stage": pipeline.get_stage_display()})
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("investors:pipeline_detail", pipeline.pk)
