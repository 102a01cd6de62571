"""Moving a meeting by hand: every rule is checked; concurrent moves into one seat."""

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from django.urls import reverse

from matchmaking.meetings.schedule import meeting_move
from matchmaking.models import Meeting
from missions.models import Unavailability
from tests.matchmaking.conftest import meeting_between, mission_with_agenda, slots_of


@pytest.fixture
def grid(meeting_mission, sme_org, other_sme_org, buyer_org, approved_buyer_org):
    slots = slots_of(meeting_mission)
    a = meeting_between(meeting_mission, sme_org, buyer_org, slot=slots[0], table=1,
                        status="scheduled")
    b = meeting_between(meeting_mission, other_sme_org, approved_buyer_org, slot=slots[1],
                        table=1, status="scheduled")
    c = meeting_between(meeting_mission, sme_org, approved_buyer_org)  # not placed
    return meeting_mission, slots, a, b, c


@pytest.mark.parametrize(
    "case, message",
    [
        ("table taken", "That table is already taken"),
        ("participant busy", "already has a meeting in this slot"),
        ("unavailable", "unavailable in this slot"),
        ("no such table", "tables 1 to 3"),
        ("must come after", "must come first would no longer be earlier"),
        ("must come before", "must come later would no longer be later"),
    ],
)
def test_move_refuses_every_broken_rule(case, message, grid, staff_user, sme_org):
    mission, slots, a, b, c = grid
    target, table = slots[1], 2
    if case == "table taken":
        table = 1
    elif case == "participant busy":
        target = slots[0]  # the SME already meets in slot 0
    elif case == "unavailable":
        Unavailability.objects.create(slot=slots[2], organisation=sme_org)
        target = slots[2]
    elif case == "no such table":
        table = 4
    elif case == "must come after":
        c.after.add(b)  # b is in slot 1, so c must be later than slot 1
    elif case == "must come before":
        b.after.add(c)  # c must come before b (slot 1): slot 1 is not earlier
    with pytest.raises(ValidationError, match=message):
        meeting_move(meeting=c, slot=target, table=table, actor=staff_user)
    c.refresh_from_db()
    assert (c.slot, c.table, c.status, c.fixed) == (None, None, "accepted", False)


def test_move_places_and_fixes_the_meeting(grid, staff_user):
    mission, slots, a, b, c = grid
    moved = meeting_move(meeting=c, slot=slots[2], table=3, actor=staff_user)
    moved.refresh_from_db()
    assert (moved.slot, moved.table, moved.status, moved.fixed) == (slots[2], 3, "scheduled", True)


def test_move_refuses_slots_of_other_missions_and_non_staff(grid, staff_user, sme_owner):
    mission, slots, a, b, c = grid
    elsewhere = slots_of(mission_with_agenda())[0]
    with pytest.raises(ValidationError, match="another mission"):
        meeting_move(meeting=c, slot=elsewhere, table=1, actor=staff_user)
    with pytest.raises(PermissionDenied):
        meeting_move(meeting=c, slot=slots[2], table=1, actor=sme_owner)


def test_move_view_reports_refusal(grid, staff_client):
    mission, slots, a, b, c = grid
    url = reverse("matchmaking:meeting_move", args=[mission.pk])
    response = staff_client.post(url, {"meeting": c.pk, "slot": slots[1].pk, "table": 1}, follow=True)
    assert "That table is already taken in this slot." in response.content.decode()
    response = staff_client.post(url, {"meeting": c.pk, "slot": slots[3].pk, "table": 2})
    assert response.status_code == 302
    c.refresh_from_db()
    assert (c.slot, c.table) == (slots[3], 2)


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_staff_moving_into_one_seat_at_once_one_wins(
    sme_org, other_sme_org, buyer_org, approved_buyer_org, staff_user
):
    assert connection.vendor == "postgresql"
    mission = mission_with_agenda()
    slot = slots_of(mission)[2]
    first = meeting_between(mission, sme_org, buyer_org)
    second = meeting_between(mission, other_sme_org, approved_buyer_org)
    barrier = threading.Barrier(2)
    outcomes: dict[int, str] = {}

    def move(meeting: Meeting) -> None:
        try:
            barrier.wait(timeout=10)
            meeting_move(meeting=meeting, slot=slot, table=1, actor=staff_user)
            outcomes[meeting.pk] = "accepted"
        except ValidationError as error:
            outcomes[meeting.pk] = "refused: " + " ".join(error.messages)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=move, args=(m,)) for m in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(o.split(":")[0] for o in outcomes.values()) == ["accepted", "refused"]
    winner = next(pk for pk, o in outcomes.items() if o == "accepted")
    loser = next(pk for pk, o in outcomes.items() if o != "accepted")
    assert "table is already taken" in outcomes[loser] or "Someone else" in outcomes[loser]
    seated = list(Meeting.objects.filter(slot=slot, table=1).values_list("pk", flat=True))
    assert seated == [winner]
    assert Meeting.objects.get(pk=loser).slot is None
