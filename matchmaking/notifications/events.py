"""Who is told what: the listeners the project registers at start-up (``AppConfig.ready``)
on the hooks of companies, missions and meetings, and the scan for new strong matches.

Each listener runs inside the transaction of the change it reports; the notification rows
commit or roll back with it, and their e-mails are queued after commit.
"""

import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from companies.models import CompanyProfile, Organisation
from missions.emails import application_decision_message
from missions.models import DemandProject, MissionApplication

from ..matching.models import MatchScore
from ..meetings.selectors import organisation_recipients
from .models import Kind, Notification
from .services import notify

REQUEST_EVENTS = {
    "meeting_request": Kind.MEETING_REQUEST,
    "meeting_accepted": Kind.MEETING_ANSWER,
    "meeting_declined": Kind.MEETING_ANSWER,
    "meeting_withdrawn": Kind.MEETING_WITHDRAWN,
    "meeting_expired": Kind.MEETING_EXPIRED,
}


def _tell(organisation_id: int, *, kind: str, params: dict, url: str, actor=None) -> None:
    notify(
        recipients=organisation_recipients(organisation_id),
        kind=kind,
        params=params,
        url=url,
        exclude=actor,
    )


def _request_url(meeting_request) -> str:
    return reverse("matchmaking:meeting_request_detail", args=[meeting_request.pk])


def on_meeting_event(
    *, kind: str, meeting_request=None, meeting=None, actor=None, organisation_id=None
) -> None:
    """Notify the side(s) a meeting event concerns (never the person who acted)."""
    if meeting_request is not None and kind in REQUEST_EVENTS:
        _on_request_event(kind, meeting_request, actor)
    elif meeting is not None:
        _on_meeting_event(kind, meeting, actor, organisation_id)


def _on_request_event(kind: str, meeting_request, actor) -> None:
    sides = {meeting_request.sme_id: meeting_request.buyer, meeting_request.buyer_id: meeting_request.sme}
    demand = meeting_request.demand.title if meeting_request.demand else ""
    url = _request_url(meeting_request)
    requester = meeting_request.requested_by_org_id
    if kind == "meeting_request":
        told = list(sides) if meeting_request.mutual_interest else [
            side for side in sides if side != requester
        ]
    elif kind in ("meeting_accepted", "meeting_declined"):
        told = list(sides) if meeting_request.mutual_interest else [requester]
    elif kind == "meeting_withdrawn":
        told = [side for side in sides if side != requester]
    else:
        told = list(sides)
    for side in told:
        params = {
            "other": sides[side].name,
            "demand": demand,
            "event": kind.removeprefix("meeting_"),
            "request": meeting_request.pk,
        }
        _tell(side, kind=REQUEST_EVENTS[kind], params=params, url=url, actor=actor)


def _on_meeting_event(kind: str, meeting, actor, organisation_id) -> None:
    sides = {meeting.sme_id: meeting.buyer, meeting.buyer_id: meeting.sme}
    slot = meeting.published_slot or meeting.slot
    starts_at = slot.starts_at.isoformat() if slot else ""
    url = reverse("matchmaking:my_agenda") + f"#meeting-{meeting.pk}"
    if kind == "meeting_answer":
        answer = meeting.sme_response if organisation_id == meeting.sme_id else meeting.buyer_response
        side = meeting.buyer_id if organisation_id == meeting.sme_id else meeting.sme_id
        params = {
            "other": sides[side].name,
            "event": f"invitation_{answer}",
            "starts_at": starts_at,
            "meeting": meeting.pk,
        }
        _tell(side, kind=Kind.MEETING_ANSWER, params=params, url=url, actor=actor)
        return
    target = {"schedule_change": Kind.SCHEDULE_CHANGE, "meeting_cancelled": Kind.MEETING_CANCELLED}
    if kind not in target:
        return
    for side, other in sides.items():
        params = {"other": other.name, "starts_at": starts_at, "meeting": meeting.pk}
        # In-app only: the meetings outbox already e-mails the update or cancellation,
        # with its calendar file.
        notify(
            recipients=organisation_recipients(side), kind=target[kind], params=params,
            url=url, exclude=actor, email=False,
        )


def on_buyer_approved(organisation_id: int) -> None:
    organisation = Organisation.objects.get(pk=organisation_id)
    _tell(
        organisation_id,
        kind=Kind.BUYER_APPROVED,
        params={"organisation": organisation.name},
        url=reverse("matchmaking:buyer_demands"),
    )


def on_application_decided(application_id: int, status: str) -> bool:
    """Tell every member of the SME, in-app and by the decision e-mail through the outbox,
    as each chose (immediately, in the daily digest, or not at all); returns True: the
    missions app then sends no e-mail of its own."""
    application = MissionApplication.objects.select_related("mission", "organisation").get(
        pk=application_id
    )
    notify(
        recipients=organisation_recipients(application.organisation_id),
        kind=Kind.APPLICATION_DECISION,
        params={"mission": application.mission.title, "status": status},
        url=reverse("missions:mission_detail", args=[application.mission.slug]),
        email_message=lambda user: application_decision_message(
            application=application, status=status, recipient=user
        ),
    )
    return True


def new_matches_notify(*, now: dt.datetime | None = None, limit: int = 500) -> int:
    """Notify both sides of matches at or above ``NEW_MATCH_THRESHOLD`` computed in the last
    two days that were not notified yet; returns how many matches were notified."""
    now = now or timezone.now()
    since = now - dt.timedelta(days=2)
    told = {
        key
        for key in Notification.objects.filter(
            kind=Kind.NEW_MATCH, created_at__gte=since - dt.timedelta(days=1)
        ).values_list("params__match", flat=True)
    }
    matches = list(
        MatchScore.objects.filter(
            score__gte=settings.NEW_MATCH_THRESHOLD,
            computed_at__gte=since,
            demand__status=DemandProject.Status.OPEN,
            sme__profile__status=CompanyProfile.Status.PUBLISHED,
        )
        .select_related("sme", "demand")
        .order_by("-score")[:limit]
    )
    count = 0
    for match in matches:
        key = f"{match.sme_id}:{match.demand_id}"
        if key in told:
            continue
        params = {
            "match": key,
            "sme": match.sme.name,
            "demand": match.demand.title,
            "score": round(match.score),
        }
        _tell(match.sme_id, kind=Kind.NEW_MATCH, params=params,
              url=reverse("matchmaking:sme_matches"))
        _tell(match.demand.buyer_id, kind=Kind.NEW_MATCH, params=params,
              url=reverse("matchmaking:demand_suppliers", args=[match.demand_id]))
        count += 1
    return count
