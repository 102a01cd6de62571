"""Tests of :func:`matchmaking.scheduling.solve`: optima known by hand, reasons, ``keep``."""

from __future__ import annotations

from matchmaking.scheduling import BilateralMeeting as Meeting
from matchmaking.scheduling import check_schedule, instance_from_json, solve

from .support import INSTANCES, event, slots_of, solved


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


def test_tic_12_is_solved_without_gaps():
    instance = instance_from_json(INSTANCES / "tic-12.json")
    result = solve(instance, time_limit=30.0)
    report = check_schedule(instance, result.schedule)
    assert report.violations == []
    assert (report.placed, report.total_gaps) == (125, 0)
    assert result.seconds <= 31.0
