"""Meeting requests: request, accept, decline, withdraw, expiry, limits, mutual interest."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from matchmaking.meetings import services
from matchmaking.models import BuyerDecision, Meeting, MeetingRequest, SmeFeedback
from missions.models import Mission
from tests.factories import DemandProjectFactory
from tests.matchmaking.conftest import delegate, mission_with_agenda


def _request(meeting_mission, buyer_org, sme_org, actor, message="Hello"):
    return services.meeting_request_create(
        demand=meeting_mission.demand_for[buyer_org.pk], sme=sme_org, actor=actor, message=message
    )


def test_buyer_requests_a_meeting_with_a_message(meeting_mission, buyer_org, buyer, sme_org):
    before = timezone.now()
    request = _request(meeting_mission, buyer_org, sme_org, buyer, message="  Let us talk heat. ")
    assert (request.mission, request.sme, request.buyer) == (meeting_mission, sme_org, buyer_org)
    assert request.requested_by_org == buyer_org
    assert request.requested_by == buyer
    assert request.message == "Let us talk heat."
    assert request.status == MeetingRequest.Status.PENDING
    expected = before + dt.timedelta(days=meeting_mission.request_expiry_days)
    assert abs((request.expires_at - expected).total_seconds()) < 5
    # A pending request never holds a slot: there is no meeting yet.
    assert Meeting.objects.count() == 0


def test_sme_accepts_and_a_meeting_exists_without_a_slot(
    meeting_mission, buyer_org, buyer, sme_org, sme_owner
):
    request = _request(meeting_mission, buyer_org, sme_org, buyer)
    meeting = services.meeting_request_accept(meeting_request=request, actor=sme_owner)
    request.refresh_from_db()
    assert request.status == MeetingRequest.Status.ACCEPTED
    assert request.responded_at is not None
    assert (meeting.sme, meeting.buyer, meeting.request, meeting.demand) == (
        sme_org, buyer_org, request, meeting_mission.demand_for[buyer_org.pk]
    )
    assert (meeting.status, meeting.slot, meeting.table) == (Meeting.Status.ACCEPTED, None, None)


def test_requester_cannot_accept_own_request(meeting_mission, buyer_org, buyer, sme_org):
    request = _request(meeting_mission, buyer_org, sme_org, buyer)
    with pytest.raises(PermissionDenied):
        services.meeting_request_accept(meeting_request=request, actor=buyer)
    assert MeetingRequest.objects.get().status == MeetingRequest.Status.PENDING


def test_decline_and_withdraw(meeting_mission, buyer_org, buyer, sme_org, sme_owner, other_sme_org,
                              other_sme_owner):
    declined = _request(meeting_mission, buyer_org, sme_org, buyer)
    services.meeting_request_decline(meeting_request=declined, actor=sme_owner)
    withdrawn = _request(meeting_mission, buyer_org, other_sme_org, buyer)
    with pytest.raises(PermissionDenied):
        services.meeting_request_withdraw(meeting_request=withdrawn, actor=other_sme_owner)
    services.meeting_request_withdraw(meeting_request=withdrawn, actor=buyer)
    statuses = dict(MeetingRequest.objects.values_list("sme", "status"))
    assert statuses == {sme_org.pk: "declined", other_sme_org.pk: "withdrawn"}
    with pytest.raises(ValidationError):
        services.meeting_request_accept(meeting_request=declined, actor=sme_owner)


def test_one_open_request_per_pair(meeting_mission, buyer_org, buyer, sme_org, sme_owner):
    _request(meeting_mission, buyer_org, sme_org, buyer)
    with pytest.raises(ValidationError, match="already an open meeting request"):
        services.meeting_request_create(
            demand=meeting_mission.demand_for[buyer_org.pk], sme=sme_org, actor=sme_owner
        )
    assert MeetingRequest.objects.count() == 1


def test_expired_requests_cannot_be_accepted(meeting_mission, buyer_org, buyer, sme_org, sme_owner):
    request = _request(meeting_mission, buyer_org, sme_org, buyer)
    MeetingRequest.objects.filter(pk=request.pk).update(
        expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    with pytest.raises(ValidationError, match="no longer pending"):
        services.meeting_request_accept(meeting_request=request, actor=sme_owner)
    assert MeetingRequest.objects.get().status == MeetingRequest.Status.EXPIRED
    assert Meeting.objects.count() == 0


def test_beat_task_expires_only_past_requests(meeting_mission, buyer_org, buyer, sme_org,
                                              other_sme_org):
    from matchmaking.meetings.tasks import expire_meeting_requests

    old = _request(meeting_mission, buyer_org, sme_org, buyer)
    fresh = _request(meeting_mission, buyer_org, other_sme_org, buyer)
    MeetingRequest.objects.filter(pk=old.pk).update(expires_at=timezone.now() - dt.timedelta(hours=1))
    assert expire_meeting_requests.delay().get() == 1
    assert dict(MeetingRequest.objects.values_list("pk", "status")) == {
        old.pk: "expired", fresh.pk: "pending"
    }


def test_limit_per_participant_per_mission(meeting_mission, buyer_org, buyer, sme_org,
                                           other_sme_org):
    Mission.objects.filter(pk=meeting_mission.pk).update(max_requests_per_participant=1)
    meeting_mission.refresh_from_db()
    meeting_mission.demand_for = {buyer_org.pk: DemandProjectFactory(buyer=buyer_org, mission=meeting_mission)}
    _request(meeting_mission, buyer_org, sme_org, buyer)
    with pytest.raises(ValidationError, match="reached the limit of 1"):
        _request(meeting_mission, buyer_org, other_sme_org, buyer)
    assert MeetingRequest.objects.count() == 1


def test_sme_outside_the_delegation_cannot_be_requested(buyer_org, buyer, sme_org):
    mission = mission_with_agenda()
    demand = DemandProjectFactory(buyer=buyer_org, mission=mission)
    with pytest.raises(ValidationError, match="not in the mission's delegation"):
        services.meeting_request_create(demand=demand, sme=sme_org, actor=buyer)


def test_mutual_interest_becomes_a_proposal_either_side_may_accept(
    meeting_mission, buyer_org, buyer, sme_org, sme_owner
):
    demand = meeting_mission.demand_for[buyer_org.pk]
    BuyerDecision.objects.create(demand=demand, sme=sme_org, status="shortlisted")
    assert services.meeting_proposal_from_mutual_interest(sme=sme_org, demand=demand) is None
    SmeFeedback.objects.create(demand=demand, sme=sme_org, verdict="interested")
    proposal = services.meeting_proposal_from_mutual_interest(sme=sme_org, demand=demand)
    assert (proposal.status, proposal.mutual_interest, proposal.requested_by_org) == (
        "pending", True, buyer_org
    )
    # Idempotent: a second call returns the same open proposal.
    assert services.meeting_proposal_from_mutual_interest(sme=sme_org, demand=demand) == proposal
    meeting = services.meeting_request_accept(meeting_request=proposal, actor=buyer)
    assert meeting.request == proposal
    del sme_owner


def test_mutual_interest_is_a_no_op_without_mission_or_delegation(buyer_org, sme_org):
    no_mission = DemandProjectFactory(buyer=buyer_org, mission=None)
    other_mission = DemandProjectFactory(buyer=buyer_org, mission=mission_with_agenda())
    for demand in (no_mission, other_mission):
        BuyerDecision.objects.create(demand=demand, sme=sme_org, status="shortlisted")
        SmeFeedback.objects.create(demand=demand, sme=sme_org, verdict="interested")
        assert services.meeting_proposal_from_mutual_interest(sme=sme_org, demand=demand) is None
    assert MeetingRequest.objects.count() == 0


# --- Views -----------------------------------------------------------------------------------


def test_request_view_creates_and_redirects(meeting_mission, buyer_org, buyer_client, sme_org):
    demand = meeting_mission.demand_for[buyer_org.pk]
    response = buyer_client.post(
        reverse("matchmaking:meeting_request_create"),
        {"demand": demand.pk, "sme": sme_org.pk, "message": "Tea?", "next": "/missions/"},
    )
    assert response.status_code == 302 and response["Location"] == "/missions/"
    assert list(MeetingRequest.objects.values_list("sme", "buyer", "message")) == [
        (sme_org.pk, buyer_org.pk, "Tea?")
    ]


@pytest.mark.parametrize(
    "persona, status, created",
    [
        ("anonymous", 302, 0),  # to the log-in page
        ("sme_owner", 302, 1),  # the SME side may ask too
        ("sme_member", 302, 1),
        ("other_sme", 404, 0),  # neither side
        ("buyer", 302, 1),
        ("approved_buyer", 404, 0),  # another buyer's demand
        ("staff", 404, 0),
    ],
)
def test_request_view_permissions(persona, status, created, persona_client, meeting_mission,
                                  buyer_org, sme_org):
    demand = meeting_mission.demand_for[buyer_org.pk]
    response = persona_client(persona).post(
        reverse("matchmaking:meeting_request_create"), {"demand": demand.pk, "sme": sme_org.pk}
    )
    assert response.status_code == status
    assert MeetingRequest.objects.count() == created


@pytest.mark.parametrize(
    "persona, status, final",
    [
        ("anonymous", 302, "pending"),
        ("sme_owner", 302, "accepted"),
        ("sme_member", 302, "accepted"),
        ("other_sme", 404, "pending"),
        ("buyer", 302, "pending"),  # the requester cannot accept; told so in a message
        ("approved_buyer", 404, "pending"),
        ("staff", 404, "pending"),
    ],
)
def test_accept_view_permissions(persona, status, final, persona_client, meeting_mission,
                                 buyer_org, buyer, sme_org):
    request = _request(meeting_mission, buyer_org, sme_org, buyer)
    response = persona_client(persona).post(
        reverse("matchmaking:meeting_request_answer", args=[request.pk, "accept"])
    )
    assert response.status_code == status
    assert MeetingRequest.objects.get().status == final


def test_withdraw_view(meeting_mission, buyer_org, buyer, buyer_client, sme_org):
    request = _request(meeting_mission, buyer_org, sme_org, buyer)
    buyer_client.post(reverse("matchmaking:meeting_request_answer", args=[request.pk, "withdraw"]))
    assert MeetingRequest.objects.get().status == "withdrawn"


def test_mission_of_other_delegation(buyer_org, buyer, other_sme_org):
    mission = mission_with_agenda()
    delegate(mission, other_sme_org)
    demand = DemandProjectFactory(buyer=buyer_org, mission=mission)
    request = services.meeting_request_create(demand=demand, sme=other_sme_org, actor=buyer)
    assert request.mission == mission
