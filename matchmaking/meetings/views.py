"""Pages for meetings: requests, a participant's agenda, answers to invitations, and the
staff schedule (run, grid, move by hand, publish).

Each view looks its object up through an access helper that answers 404 to outsiders.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from companies.models import Organisation
from companies.rules import organisation_ids, read_memberships, require_staff
from companies.views.common import message_errors, redirect_back
from missions.models import DemandProject, Mission, Slot

from . import ics, selectors
from . import schedule as scheduling_services
from . import services as meeting_services
from .forms import MeetingRequestForm
from .models import Meeting, MeetingRequest, ScheduleRun

# --- Access helpers -------------------------------------------------------------------------


def _mission_for_staff(request: HttpRequest, mission_id: int) -> Mission:
    require_staff(request.user)
    return get_object_or_404(Mission, pk=mission_id)


def _meeting_for_staff(request: HttpRequest, mission: Mission, pk: int) -> Meeting:
    return get_object_or_404(Meeting.objects.select_related("mission"), pk=pk, mission=mission)


def _request_for_participant(request: HttpRequest, pk: int) -> MeetingRequest:
    ids = organisation_ids(request.user)
    return get_object_or_404(
        MeetingRequest.objects.filter(Q(sme__in=ids) | Q(buyer__in=ids)), pk=pk
    )


def _pair_for_requester(request: HttpRequest) -> tuple[DemandProject, Organisation]:
    """The demand and SME of a new request; 404 unless the user is on one of the sides."""
    ids = organisation_ids(request.user)
    data = request.POST if request.method == "POST" else request.GET
    try:
        demand_id, sme_id = int(data.get("demand", "")), int(data.get("sme", ""))
    except ValueError as error:
        raise Http404 from error
    demand = get_object_or_404(DemandProject.objects.select_related("mission", "buyer"), pk=demand_id)
    sme = get_object_or_404(Organisation, pk=sme_id, kind=Organisation.Kind.SME)
    if demand.buyer_id not in ids and sme.pk not in ids:
        raise Http404
    return demand, sme


# --- Requests ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def meeting_request_create(request: HttpRequest) -> HttpResponse:
    """The request form (message, preferred times) for one demand project and SME."""
    demand, sme = _pair_for_requester(request)
    if demand.mission is None:
        raise Http404
    state = selectors.meeting_request_states([(demand, sme.pk)]).get((demand.pk, sme.pk), "")
    form = MeetingRequestForm(request.POST or None, mission=demand.mission)
    if request.method == "POST" and form.is_valid():
        try:
            meeting_services.meeting_request_create(
                demand=demand,
                sme=sme,
                actor=request.user,
                message=form.cleaned_data["message"],
                preferred_slots=list(form.cleaned_data["preferred_slots"]),
            )
        except (ValidationError, PermissionDenied) as error:
            message_errors(request, error)
        else:
            messages.success(request, _("Your meeting request has been sent."))
            return redirect_back(request, "matchmaking:my_agenda")
    other = sme if demand.buyer_id in organisation_ids(request.user) else demand.buyer
    return render(
        request,
        "matchmaking/meetings/request_form.html",
        {"demand": demand, "sme": sme, "other": other, "form": form, "state": state},
    )


REQUEST_ACTIONS = {
    "accept": (
        meeting_services.meeting_request_accept,
        gettext_lazy("The meeting is accepted; it will be scheduled."),
    ),
    "decline": (meeting_services.meeting_request_decline, gettext_lazy("The request is declined.")),
    "withdraw": (
        meeting_services.meeting_request_withdraw,
        gettext_lazy("The request is withdrawn."),
    ),
}


@login_required
@require_POST
def meeting_request_answer(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    meeting_request = _request_for_participant(request, pk)
    if action not in REQUEST_ACTIONS:
        raise Http404
    service, done = REQUEST_ACTIONS[action]
    try:
        service(meeting_request=meeting_request, actor=request.user)
    except (ValidationError, PermissionDenied) as error:
        message_errors(request, error)
    else:
        messages.success(request, done)
    return redirect_back(request, "matchmaking:my_agenda")


@login_required
@require_GET
def meeting_request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One request: message, preferred times, each side's answer, one-click answers."""
    meeting_request = _request_for_participant(request, pk)
    ids = organisation_ids(request.user)
    mine = meeting_request.sme if meeting_request.sme_id in ids else meeting_request.buyer
    other = meeting_request.buyer if mine.pk == meeting_request.sme_id else meeting_request.sme
    sent_by_me = meeting_request.requested_by_org_id == mine.pk and not (
        meeting_request.mutual_interest
    )
    meeting = Meeting.objects.filter(request=meeting_request).first()
    return render(
        request,
        "matchmaking/meetings/request_detail.html",
        {
            "item": meeting_request,
            "mine": mine,
            "other": other,
            "sent_by_me": sent_by_me,
            "pending": meeting_request.status == MeetingRequest.Status.PENDING,
            "preferred": list(
                meeting_request.preferred_slots.select_related("session__day").order_by(
                    "starts_at"
                )
            ),
            "meeting": meeting,
        },
    )


# --- A participant's agenda -------------------------------------------------------------------


@login_required
@require_GET
def my_agenda(request: HttpRequest) -> HttpResponse:
    # The agenda's parts each ask for the user's organisations: one query for all of them.
    read_memberships(request.user)
    ids = organisation_ids(request.user)
    if not ids:
        raise Http404
    meetings = selectors.agenda_page_meetings(ids)
    for meeting in meetings:
        mine = meeting.sme_response if meeting.sme_id in ids else meeting.buyer_response
        theirs = meeting.buyer_response if meeting.sme_id in ids else meeting.sme_response
        meeting.my_response = Meeting.Response(mine)
        meeting.other_response = Meeting.Response(theirs)
        meeting.other = meeting.buyer if meeting.sme_id in ids else meeting.sme
    requests = selectors.agenda_requests_for_user(request.user)
    for item in requests:
        item.sent_by_me = item.requested_by_org_id in ids and not item.mutual_interest
    pending = MeetingRequest.Status.PENDING
    return render(
        request,
        "matchmaking/meetings/agenda.html",
        {
            "meetings": meetings,
            "received": [r for r in requests if r.status == pending and not r.sent_by_me],
            "sent": [r for r in requests if r.status == pending and r.sent_by_me],
            "answered": [r for r in requests if r.status != pending][:20],
            "responses": Meeting.Response,
        },
    )


@login_required
@require_GET
def my_agenda_ics(request: HttpRequest) -> HttpResponse:
    ids = organisation_ids(request.user)
    if not ids:
        raise Http404
    meetings = selectors.agenda_meetings_for_organisations(ids)
    attendees = {
        pk: selectors.organisation_recipients(pk)
        for pk in {m.sme_id for m in meetings} | {m.buyer_id for m in meetings}
    }
    events = [
        ics.meeting_event(
            meeting=m,
            times=ics.EventTimes.of_meeting(m),
            sequence=m.sequence,
            cancelled=False,
            attendees=attendees,
        )
        for m in meetings
    ]
    response = HttpResponse(
        ics.calendar_bytes(method="PUBLISH", events=events), content_type="text/calendar"
    )
    response["Content-Disposition"] = 'attachment; filename="agenda.ics"'
    return response


@login_required
@require_GET
def meeting_ics(request: HttpRequest, pk: int) -> HttpResponse:
    """One published meeting as a calendar file, with the UID and SEQUENCE of its e-mailed
    invitation, so importing it updates the same calendar entry."""
    ids = organisation_ids(request.user)
    meeting = next(
        (m for m in selectors.agenda_meetings_for_organisations(ids) if m.pk == pk), None
    )
    if meeting is None:
        raise Http404
    event = ics.meeting_event(
        meeting=meeting,
        times=ics.EventTimes.of_meeting(meeting),
        sequence=meeting.sequence,
        cancelled=False,
        attendees={
            pk: selectors.organisation_recipients(pk) for pk in (meeting.sme_id, meeting.buyer_id)
        },
    )
    response = HttpResponse(
        ics.calendar_bytes(method="PUBLISH", events=[event]), content_type="text/calendar"
    )
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response


@login_required
@require_POST
def meeting_answer(request: HttpRequest, pk: int, response: str) -> HttpResponse:
    """One-click answer to a published meeting from the agenda (the signed-in side)."""
    ids = organisation_ids(request.user)
    meeting = get_object_or_404(
        Meeting.objects.filter(Q(sme__in=ids) | Q(buyer__in=ids)), pk=pk
    )
    organisation_id = meeting.sme_id if meeting.sme_id in ids else meeting.buyer_id
    try:
        meeting_services.meeting_respond(
            meeting=meeting, organisation_id=organisation_id, response=response
        )
    except (ValidationError, PermissionDenied) as error:
        message_errors(request, error)
    else:
        messages.success(request, _("Your answer has been recorded."))
    return redirect_back(request, "matchmaking:my_agenda")


@require_http_methods(["GET", "POST"])
def meeting_respond(request: HttpRequest, token: str) -> HttpResponse:
    """Accept or decline a published meeting from the e-mail's signed link, without login.

    GET only shows the question (mail scanners open links); POST records the answer.
    """
    try:
        data = ics.response_token_read(token)
    except signing.SignatureExpired:
        return render(request, "matchmaking/meetings/respond.html", {"expired": True}, status=410)
    except signing.BadSignature as error:
        raise Http404 from error
    meeting = get_object_or_404(
        Meeting.objects.select_related("mission", "sme", "buyer", "published_slot"), pk=data["m"]
    )
    organisation_id, response = data["o"], data["r"]
    if organisation_id not in (meeting.sme_id, meeting.buyer_id):
        raise Http404
    if not selectors.response_link_valid(meeting=meeting, token_data=data):
        return render(request, "matchmaking/meetings/respond.html", {"stale": True}, status=410)
    done = False
    if request.method == "POST":
        try:
            meeting = meeting_services.meeting_respond(
                meeting=meeting, organisation_id=organisation_id, response=response
            )
            meeting = Meeting.objects.select_related(
                "mission", "sme", "buyer", "published_slot"
            ).get(pk=meeting.pk)
            done = True
        except ValidationError as error:
            message_errors(request, error)
    return render(
        request,
        "matchmaking/meetings/respond.html",
        {
            "meeting": meeting,
            "response": Meeting.Response(response),
            "accepting": response == Meeting.Response.ACCEPTED,
            "done": done,
            "other": meeting.buyer if organisation_id == meeting.sme_id else meeting.sme,
            "slot": meeting.published_slot,
        },
    )


# --- Staff: schedule --------------------------------------------------------------------------


@login_required
@require_GET
def mission_schedule(request: HttpRequest, mission_id: int) -> HttpResponse:
    mission = _mission_for_staff(request, mission_id)
    grid = selectors.mission_schedule_grid(mission=mission)
    return render(
        request,
        "matchmaking/meetings/schedule.html",
        {
            "mission": mission,
            "grid": grid,
            "runs": list(ScheduleRun.objects.filter(mission=mission)[:5]),
            "slots": [row.slot for _session, rows in grid.sessions for row in rows],
            "movable": list(
                Meeting.objects.filter(mission=mission)
                .exclude(status=Meeting.Status.CANCELLED)
                .select_related("sme", "buyer")
                .order_by("pk")
            ),
            "outbox": selectors.mission_outbox_counts(mission=mission),
        },
    )


@login_required
@require_GET
def schedule_run_status(request: HttpRequest, mission_id: int, pk: int) -> HttpResponse:
    mission = _mission_for_staff(request, mission_id)
    run = get_object_or_404(ScheduleRun, pk=pk, mission=mission)
    return render(request, "matchmaking/meetings/_run_status.html", {"run": run, "mission": mission})


@login_required
@require_POST
def mission_schedule_run(request: HttpRequest, mission_id: int) -> HttpResponse:
    mission = _mission_for_staff(request, mission_id)
    try:
        time_limit = float(request.POST.get("time_limit") or 30)
        scheduling_services.mission_schedule_start(
            mission=mission,
            actor=request.user,
            fresh=request.POST.get("fresh") == "1",
            time_limit=time_limit,
        )
    except ValueError:
        messages.error(request, _("The time limit must be a number of seconds."))
    except ValidationError as error:
        message_errors(request, error)
    else:
        messages.success(request, _("The scheduler has started."))
    return redirect("matchmaking:mission_schedule", mission_id=mission.pk)


@login_required
@require_POST
def meeting_move(request: HttpRequest, mission_id: int) -> HttpResponse:
    mission = _mission_for_staff(request, mission_id)
    try:
        meeting = _meeting_for_staff(request, mission, int(request.POST.get("meeting", "")))
        slot = get_object_or_404(
            Slot.objects.select_related("session__day"),
            pk=int(request.POST.get("slot", "")),
            session__day__mission=mission,
        )
        table = int(request.POST.get("table", ""))
    except ValueError as error:
        raise Http404 from error
    try:
        scheduling_services.meeting_move(meeting=meeting, slot=slot, table=table, actor=request.user)
    except ValidationError as error:
        message_errors(request, error)
    else:
        messages.success(request, _("The meeting has been moved."))
    return redirect("matchmaking:mission_schedule", mission_id=mission.pk)


@login_required
@require_POST
def meeting_cancel(request: HttpRequest, mission_id: int, pk: int) -> HttpResponse:
    mission = _mission_for_staff(request, mission_id)
    meeting = _meeting_for_staff(request, mission, pk)
    meeting_services.meeting_cancel(meeting=meeting, actor=request.user)
    messages.success(request, _("The meeting has been cancelled."))
    return redirect("matchmaking:mission_schedule", mission_id=mission.pk)


@login_required
@require_POST
def mission_schedule_publish(request: HttpRequest, mission_id: int) -> HttpResponse:
    mission = _mission_for_staff(request, mission_id)
    counts = scheduling_services.mission_schedule_publish(mission=mission, actor=request.user)
    messages.success(
        request,
        _("Published: %(new)d new, %(moved)d moved, %(withdrawn)d withdrawn meetings.") % counts,
    )
    return redirect("matchmaking:mission_schedule", mission_id=mission.pk)
