"""The staff schedule page: an empty run says where meetings come from; a declined meeting
does not stay green on the grid."""

import pytest
from django.urls import reverse

from matchmaking.models import Meeting, ScheduleRun
from tests.matchmaking.conftest import meeting_between, slots_of

pytestmark = pytest.mark.django_db


def test_an_empty_run_explains_that_meetings_come_from_accepted_requests(
    staff_client, meeting_mission
):
    run = ScheduleRun.objects.create(
        mission=meeting_mission, status="done", meetings_total=0, meetings_placed=0,
        optimal=True, total_gaps=0, worst_gaps=0,
    )
    html = staff_client.get(
        reverse("matchmaking:schedule_run_status", args=[meeting_mission.pk, run.pk])
    ).content.decode()
    assert "0 of 0 meetings placed" not in html
    assert "accepted meeting requests" in html


def test_a_declined_meeting_is_not_green_on_the_grid(staff_client, meeting_mission, sme_org,
                                                     buyer_org):
    slot = slots_of(meeting_mission)[0]
    meeting = meeting_between(
        meeting_mission, sme_org, buyer_org, slot=slot, table=1, status="published",
        published_slot=slot, published_table=1, sme_response=Meeting.Response.DECLINED,
    )
    html = staff_client.get(
        reverse("matchmaking:mission_schedule", args=[meeting_mission.pk])
    ).content.decode()
    cell = html.split(f'data-meeting="{meeting.pk}"')[0].rsplit("<td", 1)[1]
    assert "table-success" not in cell
    assert "table-danger" in cell
