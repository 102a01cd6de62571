"""Meeting requests from either side: the button on the match lists, the request form with
a message and preferred times, the request page, answers from the agenda, per-meeting ICS."""

import pytest
from django.urls import reverse

from matchmaking.matching import rescoring
from matchmaking.models import Meeting, MeetingRequest, Notification
from missions.models import Mission
from tests.fixtures import sector
from tests.matchmaking.conftest import DemandProjectFactory, mission_with_agenda, slots_of

pytestmark = pytest.mark.usefixtures("fresh_scoring_context")


@pytest.fixture
def mission_demand(meeting_mission, buyer_org, django_capture_on_commit_callbacks):
    """The buyer's heat demand in the mission (both persona SMEs are delegates), scored."""
    demand = DemandProjectFactory(
        buyer=buyer_org,
        mission=meeting_mission,
        title="Jiangbei heat network",
        description_en="Large heat pumps for district heating networks in Jiangbei.",
        technologies=["heat pumps", "district heating"],
    )
    demand.sectors.set([sector("district-heating.heat-networks")])
    with django_capture_on_commit_callbacks(execute=True):
        rescoring.scoring_run_start_full()
    return demand


def _rows(response, selector_class: str) -> int:
    return response.content.decode().count(selector_class)


def test_buyer_sees_request_button_only_for_delegates_and_not_after_requesting(
    buyer_client, buyer, mission_demand, meeting_mission, sme_org, other_sme_org
):
    outsider_mission = mission_with_agenda()  # other_sme not a delegate there
    outsider_demand = DemandProjectFactory(
        buyer=mission_demand.buyer, mission=outsider_mission, title="Outside heat",
        description_en=mission_demand.description_en, technologies=["heat pumps"],
    )
    from matchmaking.models import MatchScore

    url = reverse("matchmaking:demand_suppliers", args=[mission_demand.pk])
    rows = {row.match.sme_id: row for row in buyer_client.get(url).context["suppliers"].rows}
    assert rows[sme_org.pk].meeting_request == "allowed"
    # Outside the mission's delegation: no button at all.
    from matchmaking.matching.selectors import demand_suppliers

    MatchScore.objects.create(
        sme=sme_org, demand=outsider_demand, score=80, algorithm_version="t",
        computed_at=mission_demand.created_at,
    )
    outside = demand_suppliers(demand=outsider_demand, user=buyer, params={})
    assert [r.meeting_request for r in outside.rows] == [""]
    html = buyer_client.get(
        reverse("matchmaking:demand_suppliers", args=[outsider_demand.pk])
    ).content.decode()
    assert "request-meeting" not in html
    # After a request, the button gives way to "Meeting requested".
    response = buyer_client.post(
        reverse("matchmaking:meeting_request_create"),
        {"demand": mission_demand.pk, "sme": sme_org.pk, "message": "Shall we meet?"},
    )
    assert response.status_code == 302
    page = buyer_client.get(url)
    rows = {row.match.sme_id: row for row in page.context["suppliers"].rows}
    assert rows[sme_org.pk].meeting_request == "open"
    assert f'data-sme="{sme_org.pk}"' in page.content.decode()
    assert page.content.decode().count("meeting-requested") == 1


def test_sme_requests_with_message_and_preferred_slots(
    sme_owner_client, sme_org, buyer, mission_demand, meeting_mission
):
    page = sme_owner_client.get(reverse("matchmaking:sme_matches"))
    assert "request-meeting" in page.content.decode()
    form_url = reverse("matchmaking:meeting_request_create")
    form = sme_owner_client.get(form_url, {"demand": mission_demand.pk, "sme": sme_org.pk})
    assert form.status_code == 200
    assert form.context["state"] == "allowed"
    slot = slots_of(meeting_mission)[2]
    response = sme_owner_client.post(
        form_url,
        {"demand": mission_demand.pk, "sme": sme_org.pk, "message": "Our pumps fit.",
         "preferred_slots": [slot.pk]},
    )
    assert response.status_code == 302
    request = MeetingRequest.objects.get()
    assert (request.requested_by_org_id, request.message) == (sme_org.pk, "Our pumps fit.")
    assert list(request.preferred_slots.values_list("pk", flat=True)) == [slot.pk]
    # The buyer is told, in-app.
    note = Notification.objects.get(recipient=buyer)
    assert (note.kind, note.params["other"]) == ("meeting_request", sme_org.name)


def test_request_message_length_is_bounded(sme_owner_client, sme_org, mission_demand):
    response = sme_owner_client.post(
        reverse("matchmaking:meeting_request_create"),
        {"demand": mission_demand.pk, "sme": sme_org.pk, "message": "x" * 2001},
    )
    assert response.status_code == 200
    assert "message" in response.context["form"].errors
    assert MeetingRequest.objects.count() == 0


def test_request_refused_when_mission_no_longer_requesting(
    sme_owner_client, sme_org, mission_demand, meeting_mission
):
    Mission.objects.filter(pk=meeting_mission.pk).update(status=Mission.Status.COMPLETED)
    form = sme_owner_client.get(
        reverse("matchmaking:meeting_request_create"),
        {"demand": mission_demand.pk, "sme": sme_org.pk},
    )
    assert form.context["state"] == ""
    assert "meeting-request-form" not in form.content.decode()


def test_request_page_answers_and_each_side_sees_it(
    sme_owner_client, buyer_client, sme_org, sme_owner, mission_demand
):
    sme_owner_client.post(
        reverse("matchmaking:meeting_request_create"),
        {"demand": mission_demand.pk, "sme": sme_org.pk, "message": "Hello"},
    )
    request = MeetingRequest.objects.get()
    detail = reverse("matchmaking:meeting_request_detail", args=[request.pk])
    assert "request-accept" not in sme_owner_client.get(detail).content.decode()
    assert "request-accept" in buyer_client.get(detail).content.decode()
    buyer_client.post(
        reverse("matchmaking:meeting_request_answer", args=[request.pk, "decline"]),
        {"next": detail},
    )
    request.refresh_from_db()
    assert request.status == "declined"
    sme_page = sme_owner_client.get(detail)
    assert sme_page.context["item"].status == "declined"
    note = Notification.objects.get(recipient=sme_owner)
    assert (note.kind, note.params["event"]) == ("meeting_answer", "declined")


def test_outsider_gets_404_on_request_page(other_sme_client, sme_owner_client, sme_org,
                                           mission_demand):
    sme_owner_client.post(
        reverse("matchmaking:meeting_request_create"),
        {"demand": mission_demand.pk, "sme": sme_org.pk},
    )
    request = MeetingRequest.objects.get()
    url = reverse("matchmaking:meeting_request_detail", args=[request.pk])
    assert other_sme_client.get(url).status_code == 404


@pytest.fixture
def published_meeting(meeting_mission, sme_org, buyer_org):
    slot = slots_of(meeting_mission)[1]
    return Meeting.objects.create(
        mission=meeting_mission, sme=sme_org, buyer=buyer_org, slot=slot, table=2,
        status=Meeting.Status.PUBLISHED, published_slot=slot, published_table=2, sequence=3,
    )


def test_agenda_answer_in_one_click_and_other_side_sees_it(
    buyer_client, sme_owner_client, sme_owner, published_meeting
):
    buyer_client.post(reverse("matchmaking:meeting_answer", args=[published_meeting.pk, "declined"]))
    published_meeting.refresh_from_db()
    assert published_meeting.buyer_response == "declined"
    agenda = sme_owner_client.get(reverse("matchmaking:my_agenda"))
    [meeting] = agenda.context["meetings"]
    assert (meeting.my_response, meeting.other_response) == ("pending", "declined")
    assert Notification.objects.get(recipient=sme_owner).params["event"] == "invitation_declined"


def test_per_meeting_ics_has_the_invitation_uid_and_sequence(
    sme_owner_client, other_sme_client, published_meeting
):
    url = reverse("matchmaking:meeting_ics", args=[published_meeting.pk])
    response = sme_owner_client.get(url)
    body = response.content.decode()
    assert response["Content-Type"] == "text/calendar"
    assert f"UID:{published_meeting.uid}" in body.replace("\r\n ", "")
    assert "SEQUENCE:3" in body
    assert body.count("BEGIN:VEVENT") == 1
    whole = sme_owner_client.get(reverse("matchmaking:my_agenda_ics")).content.decode()
    assert f"UID:{published_meeting.uid}" in whole.replace("\r\n ", "")
    assert other_sme_client.get(url).status_code == 404


def test_scheduler_honours_preferred_slots(meeting_mission, sme_org, buyer_org):
    from matchmaking.meetings import schedule, selectors

    slot = slots_of(meeting_mission)[3]
    request = MeetingRequest.objects.create(
        mission=meeting_mission, sme=sme_org, buyer=buyer_org, requested_by_org=sme_org,
        status="accepted", expires_at=meeting_mission.created_at,
    )
    request.preferred_slots.set([slot])
    meeting = Meeting.objects.create(
        mission=meeting_mission, sme=sme_org, buyer=buyer_org, request=request
    )
    mapping = selectors.mission_schedule_instance(mission=meeting_mission)
    assert mapping.preferred == {meeting.pk: frozenset({slot.pk})}
    from matchmaking.scheduling import solve

    result = solve(mapping.instance, time_limit=2)
    honoured = schedule.schedule_honour_preferences(mapping=mapping, schedule=result.schedule)
    assert [(a.meeting, a.slot) for a in honoured.assignments if a.meeting > 0] == [
        (meeting.pk, slot.pk)
    ]
