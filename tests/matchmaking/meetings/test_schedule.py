"""The mission ↔ plain scheduling instance mapping, the write-back, and the command."""

import datetime as dt
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from matchmaking.meetings.schedule import schedule_write_back
from matchmaking.meetings.selectors import mission_schedule_instance
from matchmaking.models import Meeting
from matchmaking.scheduling.model import Assignment, Schedule
from missions.models import Unavailability
from tests.matchmaking.conftest import meeting_between, mission_with_agenda, slots_of

BENCHMARKS = Path(__file__).resolve().parents[3] / "benchmarks" / "instances"


@pytest.fixture
def two_sessions(db, sme_org, other_sme_org, buyer_org, approved_buyer_org):
    """Morning: 4 slots × 3 tables; afternoon: 2 slots × 2 tables."""
    mission = mission_with_agenda(
        sessions=(
            ("morning", dt.time(9), dt.time(11), 3),
            ("afternoon", dt.time(14), dt.time(15), 2),
        )
    )
    slots = slots_of(mission)
    first = meeting_between(mission, sme_org, buyer_org)
    second = meeting_between(mission, other_sme_org, buyer_org)
    second.after.add(first)
    fixed = meeting_between(mission, sme_org, approved_buyer_org, fixed=True, slot=slots[2], table=2)
    published = meeting_between(
        mission, other_sme_org, approved_buyer_org, status=Meeting.Status.PUBLISHED,
        slot=slots[1], table=3, published_slot=slots[1], published_table=3,
    )
    meeting_between(mission, sme_org, buyer_org, status=Meeting.Status.CANCELLED)
    Unavailability.objects.create(slot=slots[0], organisation=sme_org)
    return mission, slots, (first, second, fixed, published)


def test_instance_maps_slots_sessions_participants_and_rules(two_sessions, sme_org, other_sme_org,
                                                             buyer_org, approved_buyer_org):
    mission, slots, (first, second, fixed, published) = two_sessions
    mapping = mission_schedule_instance(mission=mission)
    instance = mapping.instance
    assert instance.tables == 3
    assert [(s.id, s.session) for s in instance.slots] == [
        (slots[0].pk, "morning"), (slots[1].pk, "morning"), (slots[2].pk, "morning"),
        (slots[3].pk, "morning"), (slots[4].pk, "afternoon"), (slots[5].pk, "afternoon"),
    ]
    real = {p.id: p.unavailable_slots for p in instance.participants if p.id > 0}
    assert real == {
        sme_org.pk: frozenset({slots[0].pk}),
        other_sme_org.pk: frozenset(),
        buyer_org.pk: frozenset(),
        approved_buyer_org.pk: frozenset(),
    }
    meetings = {m.id: m for m in instance.meetings if m.id > 0}
    assert meetings[first.pk].participants == (sme_org.pk, buyer_org.pk)
    assert (meetings[first.pk].fixed_slot, meetings[first.pk].after) == (None, ())
    assert meetings[second.pk].after == (first.pk,)
    assert meetings[fixed.pk].fixed_slot == slots[2].pk
    assert meetings[published.pk].fixed_slot == slots[1].pk  # kept where it was published
    assert set(meetings) == {first.pk, second.pk, fixed.pk, published.pk}  # cancelled left out
    # The afternoon has one table fewer: one placeholder meeting fixed in each of its slots.
    placeholders = [m for m in instance.meetings if m.id < 0]
    assert sorted(m.fixed_slot for m in placeholders) == [slots[4].pk, slots[5].pk]
    assert mapping.kept == {published.pk}


def test_fresh_schedule_frees_published_meetings(two_sessions):
    mission, _slots, (_first, _second, fixed, published) = two_sessions
    meetings = {m.id: m for m in mission_schedule_instance(mission=mission, fresh=True).instance.meetings}
    assert meetings[published.pk].fixed_slot is None
    assert meetings[fixed.pk].fixed_slot is not None  # fixed by hand stays fixed


def test_write_back_places_numbers_tables_and_records_reasons(two_sessions):
    mission, slots, (first, second, fixed, published) = two_sessions
    mapping = mission_schedule_instance(mission=mission)
    placeholders = [m for m in mapping.instance.meetings if m.id < 0]
    schedule = Schedule(
        assignments=[
            Assignment(meeting=first.pk, slot=slots[1].pk, table=1),
            Assignment(meeting=fixed.pk, slot=slots[2].pk, table=1),
            Assignment(meeting=published.pk, slot=slots[1].pk, table=2),
            # Table numbers from the solver may exceed a smaller session's tables.
            *[Assignment(meeting=p.id, slot=p.fixed_slot, table=1) for p in placeholders],
        ],
        unscheduled=[(second.pk, "no slot after its predecessor")],
    )
    unplaced = schedule_write_back(mapping=mapping, schedule=schedule)
    rows = {
        m.pk: (m.slot_id, m.table, m.status, m.unplaced_reason)
        for m in Meeting.objects.filter(mission=mission).exclude(status="cancelled")
    }
    assert rows == {
        published.pk: (slots[1].pk, 3, "published", ""),  # kept its table: nothing to resend
        first.pk: (slots[1].pk, 1, "scheduled", ""),
        fixed.pk: (slots[2].pk, 2, "scheduled", ""),  # fixed by hand keeps its table
        second.pk: (None, None, "accepted", "no slot after its predecessor"),
    }
    assert unplaced == {second.pk: "no slot after its predecessor"}


def test_schedule_run_task_places_every_meeting(two_sessions, staff_user,
                                                django_capture_on_commit_callbacks):
    pytest.importorskip("matchmaking.scheduling.solver")
    from matchmaking.meetings.schedule import mission_schedule_start

    mission, slots, meetings = two_sessions
    with django_capture_on_commit_callbacks(execute=True):
        run = mission_schedule_start(mission=mission, actor=staff_user, time_limit=5)
    run.refresh_from_db()  # the task ran inline on commit
    assert (run.status, run.progress, run.meetings_total, run.meetings_placed) == ("done", 100, 4, 4)
    assert run.total_gaps == 0 and run.unplaced == []
    placed = {m.pk: m.slot for m in Meeting.objects.filter(pk__in=[m.pk for m in meetings])}
    first, second, fixed, published = meetings
    assert placed[fixed.pk] == slots[2] and placed[published.pk] == slots[1]
    assert placed[second.pk].starts_at > placed[first.pk].starts_at
    assert placed[first.pk] != slots[0]  # the SME is unavailable then


@pytest.mark.parametrize("name", ["tic-12"])
def test_command_reads_and_writes_the_benchmark_formats(name, tmp_path):
    from matchmaking.scheduling.check import check_schedule
    from matchmaking.scheduling.model import instance_from_json, schedule_from_dict

    output = tmp_path / "schedule.json"
    call_command(
        "schedule_meetings", instance=str(BENCHMARKS / f"{name}.json"), output=str(output),
        time_limit=10,
    )
    data = json.loads(output.read_text())
    assert {"assignments", "unscheduled"} <= set(data)  # the schedule format (plus a summary)
    instance = instance_from_json(BENCHMARKS / f"{name}.json")
    report = check_schedule(instance, schedule_from_dict(data))
    assert report.ok, report.violations
    assert report.placed == len(instance.meetings)
