"""Pages of the outcomes area: feedback on a meeting, follow-up answers, outcomes, the
staff KPI page with its exports, and the delegation catalogue.

Each view looks its object up through the user's organisations: another organisation's
meeting, follow-up or match answers 404. The KPI page and exports are staff only.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from companies.rules import is_staff, organisation_ids, require_staff
from companies.views.common import add_form_errors
from missions.models import Mission

from . import catalogue, exports, kpis, selectors, services
from .forms import FeedbackForm, FollowUpForm, OutcomeForm
from .models import Outcome


def _member_ids(request: HttpRequest) -> set[int]:
    ids = organisation_ids(request.user)
    if not ids:
        raise Http404
    return ids


# --- Feedback ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def meeting_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    ids = _member_ids(request)
    meeting = selectors.meeting_of_member(organisation_ids=ids, pk=pk)
    if meeting is None:
        raise Http404
    side = selectors.side_of(meeting, ids)
    view = selectors.feedback_for_side(meeting=meeting, organisation_id=side)
    initial = {}
    if view.mine is not None:
        initial = {"took_place": view.mine.took_place, "rating": view.mine.rating,
                   "next_step": view.mine.next_step}
    form = FeedbackForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_feedback_record(
                meeting=meeting, organisation_id=side, actor=request.user, **form.cleaned_data
            )
        except (ValidationError, PermissionDenied) as error:
            add_form_errors(form, ValidationError(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, _("Thank you: your feedback is recorded."))
            return redirect("matchmaking:meeting_feedback", pk=meeting.pk)
    return render(
        request,
        "matchmaking/outcomes/feedback.html",
        {
            "meeting": meeting,
            "other": meeting.buyer if side == meeting.sme_id else meeting.sme,
            "view": view,
            "form": form,
            "outcomes": [o for o in selectors.outcomes_of({side}) if o.meeting_id == meeting.pk],
        },
    )


# --- Follow-ups -------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def follow_up_answer(request: HttpRequest, pk: int) -> HttpResponse:
    ids = _member_ids(request)
    follow_up = selectors.follow_up_of_member(organisation_ids=ids, pk=pk)
    if follow_up is None:
        raise Http404
    form = FollowUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.follow_up_answer(
                follow_up=follow_up,
                actor=request.user,
                contact_continued=form.cleaned_data["contact_continued"],
                outcomes=form.outcomes(),
            )
        except (ValidationError, PermissionDenied) as error:
            add_form_errors(form, ValidationError(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, _("Thank you: your answer is recorded."))
            return redirect("matchmaking:my_outcomes")
    meeting = follow_up.meeting
    return render(
        request,
        "matchmaking/outcomes/follow_up.html",
        {
            "follow_up": follow_up,
            "meeting": meeting,
            "other": meeting.buyer if follow_up.organisation_id == meeting.sme_id else meeting.sme,
            "form": form,
        },
    )


# --- Outcomes ---------------------------------------------------------------------------


def _outcome_subject(request: HttpRequest, ids: set[int]):
    source = request.POST if request.method == "POST" else request.GET
    try:
        if source.get("meeting"):
            subject = selectors.outcome_subject_of_meeting(
                organisation_ids=ids, meeting_id=int(source["meeting"])
            )
        else:
            subject = selectors.outcome_subject_of_match(
                organisation_ids=ids, sme_id=int(source.get("sme", "")),
                demand_id=int(source.get("demand", "")),
            )
    except ValueError as error:
        raise Http404 from error
    if subject is None:
        raise Http404
    return subject


@login_required
@require_http_methods(["GET", "POST"])
def outcome_create(request: HttpRequest) -> HttpResponse:
    """Report an outcome of a meeting (``?meeting=``) or of a match (``?sme=&demand=``)."""
    ids = _member_ids(request)
    subject = _outcome_subject(request, ids)
    form = OutcomeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.outcome_record(
                actor=request.user,
                organisation_id=subject.organisation_id,
                mission=subject.mission,
                sme_id=subject.sme.pk,
                buyer_id=subject.buyer.pk,
                demand_id=subject.demand.pk if subject.demand else None,
                meeting=subject.meeting,
                kind=form.cleaned_data["kind"],
                value=form.cleaned_data["value"],
                currency=form.cleaned_data["currency"] or "",
                occurred_on=form.cleaned_data["occurred_on"],
                notes=form.cleaned_data["notes"],
            )
        except (ValidationError, PermissionDenied) as error:
            add_form_errors(form, ValidationError(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, _("The outcome is recorded."))
            return redirect("matchmaking:my_outcomes")
    return render(request, "matchmaking/outcomes/outcome_form.html",
                  {"subject": subject, "form": form})


@login_required
@require_GET
def my_outcomes(request: HttpRequest) -> HttpResponse:
    """Everything the user's organisations answered and reported; nobody else's."""
    ids = _member_ids(request)
    return render(
        request,
        "matchmaking/outcomes/my_outcomes.html",
        {
            "feedback_due": selectors.feedback_due_for(ids),
            "follow_ups": selectors.open_follow_ups_for(ids),
            "feedback": selectors.feedback_of(ids),
            "outcomes": selectors.outcomes_of(ids),
        },
    )


# --- Staff: KPIs ------------------------------------------------------------------------


def _kpi_mission(request: HttpRequest) -> Mission | None:
    require_staff(request.user)
    value = request.GET.get("mission")
    if not value:
        return None
    try:
        return get_object_or_404(Mission, pk=int(value))
    except ValueError as error:
        raise Http404 from error


@login_required
@require_GET
def kpis_page(request: HttpRequest) -> HttpResponse:
    mission = _kpi_mission(request)
    report = kpis.kpi_report(mission=mission)
    return render(
        request,
        "matchmaking/outcomes/kpis.html",
        {
            "report": report,
            "mission": mission,
            "missions": Mission.objects.order_by("-start_date", "title"),
            "chart": kpis.chart_bars(report.total),
            "pipeline_chart": kpis.pipeline_bars(report.pipeline.total),
            "breakdowns": [
                (key, label, groups, kpis.group_bars(groups, "held"))
                for key, label, groups in report.breakdowns
            ],
            "outcome_kinds": Outcome.Kind,
        },
    )


@login_required
@require_GET
def kpis_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The funnel (``?part=funnel``, default) or one row per SME (``?part=smes``), as CSV;
    XLSX holds both sheets."""
    mission = _kpi_mission(request)
    report = kpis.kpi_report(mission=mission)
    stem = f"kpis-{mission.slug}" if mission else "kpis-all-missions"
    if fmt == "xlsx":
        response = HttpResponse(
            exports.xlsx_bytes(report),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{stem}.xlsx"'
        return response
    if fmt != "csv":
        raise Http404
    smes = request.GET.get("part") == "smes"
    rows = exports.sme_rows(report) if smes else exports.funnel_rows(report)
    response = HttpResponse(exports.csv_bytes(rows), content_type="text/csv; charset=utf-8")
    name = f"{stem}-{'smes' if smes else 'funnel'}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- The delegation catalogue -------------------------------------------------------------


@login_required
@require_GET
def delegation_catalogue(request: HttpRequest, mission_id: int) -> HttpResponse:
    if not selectors.may_download_catalogue(request.user):
        raise PermissionDenied(_("The catalogue is for staff and approved buyers."))
    missions = Mission.objects.all()
    if not is_staff(request.user):
        missions = missions.exclude(status__in=[Mission.Status.DRAFT, Mission.Status.CANCELLED])
    mission = get_object_or_404(missions, pk=mission_id)
    response = HttpResponse(catalogue.catalogue_pdf(mission), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="catalogue-{mission.slug}.pdf"'
    return response
