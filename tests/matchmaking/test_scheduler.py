"""Tests of the meeting scheduler (pure Python: no database, no Django)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from matchmaking.scheduling import (
    Assignment,
    Instance,
    Meeting,
    Participant,
    Schedule,
    Slot,
    check_schedule,
    generate_large_event,
    instance_from_json,
    load_instance,
    schedule_from_dict,
    schedule_to_dict,
    solve,
    upper_bound_placeable,
)
from matchmaking.scheduling.__main__ import main as cli_main
from matchmaking.scheduling.check import count_gaps

ROOT = Path(__file__).resolve().parents[2]


def event(
    slots: int | list[tuple[int, str | None]],
    meetings: list[tuple[int, int]] | list[Meeting],
    *,
    tables: int = 10,
    unavailable: dict[int, list[int]] | None = None,
) -> Instance:
    """A small instance: slots 1..n (or explicit (id, session)), meetings as pairs."""
    slot_list = (
        [Slot(i, None) for i in range(1, slots + 1)]
        if isinstance(slots, int)
        else [Slot(i, s) for i, s in slots]
    )
    meeting_list = [
        m if isinstance(m, Meeting) else Meeting(id=i, participants=m)
        for i, m in enumerate(meetings, start=1)
    ]
    ids = sorted({pid for m in meeting_list for pid in m.participants})
    unavailable = unavailable or {}
    people = [Participant(pid, frozenset(unavailable.get(pid, ()))) for pid in ids]
    return Instance("test", tables, slot_list, people, meeting_list)


def slots_of(result) -> dict[int, int]:
    return {a.meeting: a.slot for a in result.schedule.assignments}


def solved(instance: Instance, **kwargs):
    """Solve and assert the independent checker finds no violation and agrees on gaps."""
    result = solve(instance, time_limit=kwargs.pop("time_limit", 10.0), **kwargs)
    report = check_schedule(instance, result.schedule)
    assert report.violations == []
    assert (report.placed, report.total_gaps, report.worst_gaps) == (
        result.placed,
        result.total_gaps,
        result.worst_gaps,
    )
    return result


# --- solver: optimum known by hand ------------------------------------------------------


def test_chain_of_meetings_is_made_contiguous():
    # 1-2, 2-3, 3-4 with one table: only the order 12, 23, 34 (or its reverse) has no gap.
    result = solved(event(3, [(1, 2), (2, 3), (3, 4)], tables=1))
    assert (result.placed, result.total_gaps, result.worst_gaps) == (3, 0, 0)
    assert result.optimal is True
    order = slots_of(result)
    assert abs(order[1] - order[2]) == 1 and abs(order[2] - order[3]) == 1
    assert order[2] == 2


def test_triangle_forces_exactly_one_gap():
    # Every two of the three meetings share a participant, so they take three distinct
    # slots and whoever is not in the middle meeting waits one slot.
    result = solved(event(3, [(1, 2), (2, 3), (1, 3)]))
    assert (result.placed, result.total_gaps, result.worst_gaps) == (3, 1, 1)
    assert result.optimal is True


def test_unavailability_forces_exactly_one_gap():
    result = solved(event(3, [(1, 2), (1, 3)], unavailable={1: [2]}))
    assert (result.placed, result.total_gaps, result.worst_gaps) == (2, 1, 1)
    assert sorted(slots_of(result).values()) == [1, 3]
    assert result.optimal is True


def test_after_ordering_is_respected():
    meetings = [
        Meeting(1, (1, 2), after=(2,)),  # must follow meeting 2
        Meeting(2, (1, 3)),
        Meeting(3, (1, 4), after=(1,)),  # must follow meeting 1
    ]
    result = solved(event(3, meetings))
    assert slots_of(result) == {2: 1, 1: 2, 3: 3}
    assert result.total_gaps == 0


def test_fixed_slot_is_respected():
    meetings = [Meeting(1, (1, 2), fixed_slot=3), Meeting(2, (1, 3)), Meeting(3, (2, 3))]
    result = solved(event(4, meetings))
    placed = slots_of(result)
    assert placed[1] == 3
    # 1-3 and 2-3 share participant 3, so they take different slots; whatever they are,
    # someone waits exactly one slot (e.g. 1-3 at 2 and 2-3 at 4: participant 3 waits).
    assert result.placed == 3
    assert result.total_gaps == 1


def test_table_cap_binds():
    pairs = [(1, 2), (3, 4), (5, 6), (7, 8)]
    result = solved(event(2, pairs, tables=2))
    assert result.placed == 4
    per_slot = [list(slots_of(result).values()).count(s) for s in (1, 2)]
    assert per_slot == [2, 2]
    assert sorted(a.table for a in result.schedule.assignments) == [1, 1, 2, 2]

    short = solved(event(2, pairs, tables=1))
    assert short.placed == 2
    assert [reason for _, reason in short.schedule.unscheduled] == [
        "every slot where both participants are available is full (1 tables)"
    ] * 2
    assert short.optimal is True


def test_unavailable_participant_gives_exact_reason():
    slots = [(1, "morning"), (2, "morning"), (3, "afternoon")]
    meetings = [Meeting(1, (1, 2), session="morning"), Meeting(2, (1, 3))]
    result = solved(event(slots, meetings, unavailable={2: [1, 2]}))
    assert result.placed == 1
    assert result.schedule.unscheduled == [
        (1, "participant 2 is unavailable in every slot of the morning session")
    ]


def test_no_common_free_slot_gives_exact_reason():
    result = solved(event(2, [(1, 2)], unavailable={1: [2], 2: [1]}))
    assert result.schedule.unscheduled == [(1, "participants 1 and 2 have no free slot in common")]


def test_overbooked_participant_loses_one_meeting():
    result = solved(event(2, [(1, 2), (1, 3), (1, 4)]))
    assert result.placed == 2
    assert result.total_gaps == 0
    assert len(result.schedule.unscheduled) == 1
    assert result.schedule.unscheduled[0][1] == "participant 1 has 3 meetings but only 2 slots free"
    assert result.optimal is True


def test_generic_reason_when_only_the_combination_fails():
    # A triangle needs three slots; with two, one meeting cannot take place although no
    # single participant is overbooked.
    result = solved(event(2, [(1, 2), (2, 3), (1, 3)]))
    assert result.placed == 2
    assert [r for _, r in result.schedule.unscheduled] == [
        "no slot left where both participants are free and a table is available"
    ]


def test_keep_holds_published_meetings_in_place():
    # Participant 1 cannot meet in slot 1, so the only gap-free order given the kept
    # meeting 3-4 in slot 1 is 2-3 in slot 2 and 1-2 in slot 3.
    instance = event(4, [(1, 2), (2, 3), (3, 4)], tables=2, unavailable={1: [1]})
    result = solved(instance, keep={3: (1, 2)})
    tables = {a.meeting: (a.slot, a.table) for a in result.schedule.assignments}
    assert tables[3] == (1, 2)
    assert slots_of(result) == {3: 1, 2: 2, 1: 3}
    assert result.total_gaps == 0
    assert result.messages == []


def test_keep_that_became_invalid_is_reported_and_rescheduled():
    instance = event(3, [(1, 2), (1, 3)], unavailable={2: [1]})
    result = solved(instance, keep={1: (1, 1)})
    assert result.placed == 2
    assert slots_of(result)[1] != 1
    assert result.messages == [
        "kept meeting 1 cannot stay in slot 1: the slot breaks its session, fixed slot "
        "or availability; it was rescheduled"
    ]


def test_heuristic_method_respects_the_rules():
    instance = generate_large_event(participants=60, meetings=240, slots=8, tables=25, seed=3)
    result = solved(instance, method="heuristic", time_limit=3.0)
    assert result.method == "heuristic"
    assert result.placed <= upper_bound_placeable(instance)


# --- independent checker --------------------------------------------------------------


def checker_instance() -> Instance:
    slots = [(1, "morning"), (2, "morning"), (3, "afternoon"), (4, "afternoon")]
    meetings = [
        Meeting(1, (1, 2), session="morning"),
        Meeting(2, (1, 3), fixed_slot=4),
        Meeting(3, (2, 3), after=(1,)),
        Meeting(4, (4, 5)),
    ]
    return event(slots, meetings, tables=1, unavailable={5: [2]})


@pytest.mark.parametrize(
    ("assignments", "unscheduled", "kind"),
    [
        ([(9, 1, 1)], [1, 2, 3, 4], "unknown_meeting"),
        ([(1, 1, 1), (1, 2, 1)], [2, 3, 4], "duplicate_assignment"),
        ([(1, 7, 1)], [1, 2, 3, 4], "unknown_slot"),
        ([(1, 1, 2)], [2, 3, 4], "bad_table"),
        ([(1, 3, 1)], [2, 3, 4], "wrong_session"),
        ([(2, 1, 1)], [1, 3, 4], "fixed_slot"),
        ([(4, 2, 1)], [1, 2, 3], "unavailable"),
        ([(1, 2, 1), (3, 1, 1)], [2, 4], "after_order"),
        ([(1, 1, 1), (3, 2, 1)], [2], "missing"),
        ([(1, 1, 1)], [1, 2, 3, 4], "assigned_and_unscheduled"),
    ],
)
def test_checker_flags_each_rule(assignments, unscheduled, kind):
    schedule = Schedule(
        assignments=[Assignment(m, s, t) for m, s, t in assignments],
        unscheduled=[(m, "") for m in unscheduled],
    )
    report = check_schedule(checker_instance(), schedule)
    assert report.kinds() == {kind}


def test_checker_flags_clashes_in_one_slot():
    instance = checker_instance()
    instance.tables = 2
    # Meetings 1 and 2 share participant 1 in slot 4; 2 and 4 share table 1 there.
    schedule = Schedule(
        assignments=[Assignment(2, 4, 1), Assignment(4, 4, 1), Assignment(3, 4, 2)],
        unscheduled=[(1, "")],
    )
    report = check_schedule(instance, schedule)
    assert report.kinds() == {"too_many_meetings", "double_booked", "table_shared"}
    messages = sorted(v.message for v in report.violations)
    assert messages == [
        "participant 3 has meetings 2 and 3 in slot 4",
        "slot 4 holds 3 meetings but there are 2 tables",
        "table 1 in slot 4 hosts meetings 2, 4",
    ]


def test_checker_counts_gaps_from_scratch():
    assert count_gaps([1, 3, 4, 6]) == 2
    assert count_gaps([5, 2, 3, 4]) == 0
    assert count_gaps([]) == 0
    instance = event(6, [(1, 2), (1, 3), (1, 4), (2, 3)])
    schedule = Schedule(
        assignments=[
            Assignment(1, 1, 1),
            Assignment(2, 3, 1),
            Assignment(3, 6, 1),
            Assignment(4, 4, 1),
        ]
    )
    report = check_schedule(instance, schedule)
    assert report.ok
    # Participant 1: slots 1, 3, 6 -> 2 gaps; 2: 1, 4 -> 1; 3: 3, 4 -> 0; 4: 6 -> 0.
    assert report.gaps_by_participant == {1: 2, 2: 1, 3: 0, 4: 0}
    assert (report.total_gaps, report.worst_gaps, report.placed) == (3, 2, 4)


# --- model --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["meetings"][0].update(participants=[1, 99]), "unknown participant 99"),
        (lambda d: d["meetings"][0].update(participants=[1, 1]), "participant 1 twice"),
        (lambda d: d["meetings"][0].update(fixed_slot=42), "fixed to unknown slot 42"),
        (lambda d: d["meetings"][0].update(after=[77]), "must follow unknown meeting 77"),
        (lambda d: d["meetings"][0].update(session="night"), "unknown session 'night'"),
        (lambda d: d["participants"][0].update(unavailable_slots=[8]), "unknown slot 8"),
        (lambda d: d["slots"].append({"id": 1, "session": None}), "duplicate slot id 1"),
        (lambda d: d.update(tables=-1), "tables must be a non-negative integer"),
    ],
)
def test_invalid_instances_are_rejected(change, message):
    data = {
        "name": "x",
        "tables": 1,
        "slots": [{"id": 1, "session": "morning"}],
        "participants": [{"id": 1, "unavailable_slots": []}, {"id": 2}],
        "meetings": [{"id": 1, "participants": [1, 2]}],
    }
    change(data)
    with pytest.raises(ValueError, match=message):
        load_instance(data)


def test_schedule_round_trips_through_json():
    schedule = Schedule([Assignment(1, 2, 3)], [(4, "why")])
    data = json.loads(json.dumps(schedule_to_dict(schedule)))
    assert data == {
        "assignments": [{"meeting": 1, "slot": 2, "table": 3}],
        "unscheduled": [{"meeting": 4, "reason": "why"}],
    }
    assert schedule_from_dict(data) == schedule


def test_command_line_writes_a_checked_schedule(tmp_path):
    instance_path = tmp_path / "event.json"
    instance_path.write_text(
        json.dumps(
            {
                "name": "cli",
                "tables": 1,
                "slots": [{"id": 1, "session": None}, {"id": 2, "session": None}],
                "participants": [{"id": 1}, {"id": 2}, {"id": 3}],
                "meetings": [
                    {"id": 1, "participants": [1, 2]},
                    {"id": 2, "participants": [1, 3]},
                ],
            }
        )
    )
    output = tmp_path / "out" / "schedule.json"
    code = cli_main(["--instance", str(instance_path), "--output", str(output)])
    assert code == 0
    document = json.loads(output.read_text())
    assert document["summary"]["placed"] == 2
    report = check_schedule(instance_from_json(instance_path), schedule_from_dict(document))
    assert (report.ok, report.placed, report.total_gaps) == (True, 2, 0)
    assert cli_main(["--instance", str(tmp_path / "missing.json"), "--output", "x"]) == 2


# --- large events -----------------------------------------------------------------------


def test_upper_bound_on_hand_made_cases():
    assert upper_bound_placeable(event(2, [(1, 2), (1, 3), (1, 4)])) == 2
    assert upper_bound_placeable(event(2, [(1, 2), (3, 4), (5, 6), (7, 8)], tables=1)) == 2
    assert upper_bound_placeable(event(2, [(1, 2)], unavailable={1: [2], 2: [1]})) == 0
    # Two overbooked participants meeting each other: dropping that one meeting suffices.
    pairs = [(1, 2), (1, 3), (1, 4), (2, 5), (2, 6)]
    assert upper_bound_placeable(event(2, pairs)) == 4


def test_generator_is_deterministic_and_shaped_as_asked():
    first = generate_large_event(participants=300, meetings=1200, slots=10, tables=90, seed=7)
    second = generate_large_event(participants=300, meetings=1200, slots=10, tables=90, seed=7)
    assert first == second
    assert len(first.meetings) == 1200
    assert len({frozenset(m.participants) for m in first.meetings}) == 1200
    for participant in first.participants:
        free = [s.id for s in first.slots if s.id not in participant.unavailable_slots]
        assert 6 <= len(free) <= 10
        assert free == list(range(free[0], free[0] + len(free)))  # one contiguous window


def test_large_generated_event_reaches_the_bound():
    instance = generate_large_event(participants=400, meetings=2000, tables=140, seed=0)
    bound = upper_bound_placeable(instance)
    result = solve(instance, time_limit=8.0)
    report = check_schedule(instance, result.schedule)
    assert report.violations == []
    assert result.method == "heuristic"
    assert report.placed == result.placed <= bound <= len(instance.meetings)
    assert result.placed >= 0.995 * bound
    assert result.seconds <= 9.0
    assert len(result.schedule.unscheduled) == len(instance.meetings) - result.placed
    assert all(reason for _, reason in result.schedule.unscheduled)


# --- real benchmark instance ------------------------------------------------------------


def benchmark_dir() -> Path:
    configured = os.environ.get("SCHEDULING_BENCHMARKS_DIR")
    if configured:
        return Path(configured) if Path(configured).is_absolute() else ROOT / configured
    return ROOT.parent / "shared" / "benchmarks" / "meeting-scheduling"


def test_tic_12_is_solved_without_gaps():
    path = benchmark_dir() / "tic-12.json"
    if not path.exists():
        pytest.skip(f"benchmark instance not available at {path}")
    instance = instance_from_json(path)
    result = solve(instance, time_limit=30.0)
    report = check_schedule(instance, result.schedule)
    assert report.violations == []
    assert (report.placed, report.total_gaps) == (125, 0)
    assert result.seconds <= 31.0
