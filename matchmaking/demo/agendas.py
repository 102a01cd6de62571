"""Demo agendas: every demo log-in starts with a filled agenda, open requests and an unread
notification (run after the matches and meetings exist). Idempotent."""

from django.db import transaction
from django.utils import timezone

from companies.models import Membership, Organisation, User
from missions.models import DemandProject, Mission, MissionApplication, Slot

from ..meetings.models import Meeting, MeetingRequest
from ..notifications.models import Kind, Notification

SME_LOGINS = ("sme@demo.example.org", "sme-colleague@demo.example.org")
BUYER_LOGIN = "buyer@demo.example.org"
US_BUYER_LOGIN = "buyer-us@demo.example.org"
STAFF_LOGIN = "staff@demo.example.org"


def _organisation_of(email: str) -> Organisation | None:
    membership = Membership.objects.filter(user__email=email).select_related("organisation").first()
    return membership.organisation if membership else None


def _mission_for(buyer: Organisation) -> Mission | None:
    return (
        Mission.objects.filter(
            status__in=[Mission.Status.CONFIRMED, Mission.Status.SELECTING, Mission.Status.OPEN],
            demand_projects__buyer=buyer,
        )
        .order_by("start_date", "pk")
        .first()
    )


def _request(mission, sme, buyer, requester, demand, message) -> MeetingRequest:
    existing = MeetingRequest.objects.filter(
        mission=mission, sme=sme, buyer=buyer, status__in=["pending", "accepted"]
    ).first()
    if existing:
        return existing
    return MeetingRequest.objects.create(
        mission=mission, sme=sme, buyer=buyer, demand=demand, requested_by_org=requester,
        message=message,
        expires_at=timezone.now() + timezone.timedelta(days=mission.request_expiry_days),
    )


@transaction.atomic
def seed_demo_agendas() -> dict[str, int]:
    """Put the demo SME in the Jiangbei mission's delegation, publish three meetings of the
    demo buyer there (one with the demo SME), leave open requests for each demo side and an
    unread notification for each demo log-in."""
    sme = _organisation_of(SME_LOGINS[0])
    buyer = _organisation_of(BUYER_LOGIN)
    us_buyer = _organisation_of(US_BUYER_LOGIN)
    if sme is None or buyer is None:
        return {"demo_agenda_meetings": 0}
    mission = _mission_for(buyer)
    if mission is None:
        return {"demo_agenda_meetings": 0}
    MissionApplication.objects.update_or_create(
        mission=mission, organisation=sme,
        defaults={"status": MissionApplication.Status.ACCEPTED,
                  "motivation": "We want to meet the city's district heating planners."},
    )
    demand = DemandProject.objects.filter(mission=mission, buyer=buyer).order_by("pk").first()
    delegation = list(
        MissionApplication.objects.filter(mission=mission, status="accepted")
        .exclude(organisation=sme)
        .order_by("organisation_id")
        .values_list("organisation_id", flat=True)
    )
    slots = list(Slot.objects.filter(session__day__mission=mission).order_by("starts_at", "pk"))
    pairs = [sme.pk, *delegation[:2]]
    placed = 0
    for index, sme_id in enumerate(pairs):
        if index >= len(slots):
            break
        slot = slots[index * 2]
        request = _request(
            mission, Organisation(pk=sme_id), buyer, buyer, demand,
            "We would like to discuss your heat pumps for the new district.",
        )
        if request.status != "accepted":
            MeetingRequest.objects.filter(pk=request.pk).update(
                status="accepted", responded_at=timezone.now()
            )
        meeting = (
            Meeting.objects.filter(mission=mission, sme_id=sme_id, buyer=buyer)
            .exclude(status=Meeting.Status.CANCELLED)
            .first()
        ) or Meeting(mission=mission, sme_id=sme_id, buyer=buyer)
        meeting.demand, meeting.request_id = demand, request.pk
        meeting.slot, meeting.table = slot, 1
        meeting.published_slot, meeting.published_table = slot, 1
        meeting.status = Meeting.Status.PUBLISHED
        meeting.save()
        placed += 1
    # Open requests waiting for each demo side.
    if len(delegation) > 2:
        _request(mission, Organisation(pk=delegation[2]), buyer, Organisation(pk=delegation[2]),
                 demand, "Our heat recovery fits your data-centre plans; may we meet?")
    others = DemandProject.objects.filter(mission=mission).exclude(buyer=buyer).order_by("pk")
    other_demand = others.select_related("buyer").first()
    if other_demand is not None:
        _request(mission, sme, other_demand.buyer, other_demand.buyer, other_demand,
                 "Your references look relevant for our project.")
    if us_buyer is not None:
        us_mission = _mission_for(us_buyer)
        us_demand = DemandProject.objects.filter(buyer=us_buyer).order_by("pk").first()
        if us_mission is not None and us_demand is not None:
            delegates = MissionApplication.objects.filter(mission=us_mission, status="accepted")
            first = delegates.order_by("organisation_id").first()
            if first is not None:
                _request(us_mission, first.organisation, us_buyer, first.organisation, us_demand,
                         "We would like to present our resilience solutions.")
    # One unread notification for every demo log-in.
    told = 0
    other_name = Organisation.objects.filter(pk__in=delegation[:1]).values_list("name", flat=True)
    texts = {
        SME_LOGINS[0]: (Kind.MEETING_ANSWER, {"other": buyer.name, "demand": demand.title if demand else "", "event": "accepted"}),
        SME_LOGINS[1]: (Kind.MEETING_ANSWER, {"other": buyer.name, "demand": demand.title if demand else "", "event": "accepted"}),
        BUYER_LOGIN: (Kind.MEETING_REQUEST, {"other": next(iter(other_name), sme.name), "demand": demand.title if demand else ""}),
        US_BUYER_LOGIN: (Kind.MEETING_REQUEST, {"other": sme.name, "demand": ""}),
        STAFF_LOGIN: (Kind.MEETING_REQUEST, {"other": sme.name, "demand": demand.title if demand else ""}),
    }
    for user in User.objects.filter(email__in=texts):
        kind, params = texts[user.email]
        if not Notification.objects.filter(recipient=user, read_at__isnull=True).exists():
            Notification.objects.create(
                recipient=user, kind=kind, params=params, url="/matching/agenda/",
                emailed_at=timezone.now(),
            )
            told += 1
    return {"demo_agenda_meetings": placed, "demo_notifications": told}
