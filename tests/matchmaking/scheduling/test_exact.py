"""Tests of the exact path on real events and on variants made harder by hand.

The variants add ``after`` orderings, fixed slots and unavailable slots to a real event.
They are derived from a schedule the heuristic finds for the original event, so each one
still admits a schedule placing every meeting, which the solver must then find.
"""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from matchmaking.scheduling import (
    Instance,
    check_schedule,
    instance_from_json,
    solve,
)

from .support import INSTANCES, event, solved


def reference_slots(instance: Instance) -> dict[int, int]:
    """Meeting id -> slot id of a quick heuristic schedule placing every meeting."""
    result = solve(instance, method="heuristic", time_limit=2.0)
    assert result.placed == len(instance.meetings)
    return {a.meeting: a.slot for a in result.schedule.assignments}


def variant(name: str, *, seed: int, after: int, fixed: int, unavailable: int) -> Instance:
    """A real event with extra orderings, fixed slots and unavailable slots, still feasible."""
    instance = instance_from_json(INSTANCES / f"{name}.json")
    slot_of = reference_slots(instance)
    position = instance.slot_position()
    rng = random.Random(seed)
    meetings = {m.id: m for m in instance.meetings}
    by_participant: dict[int, list[int]] = {}
    for m in instance.meetings:
        for pid in m.participants:
            by_participant.setdefault(pid, []).append(m.id)

    # Orderings between two meetings of one participant, in the reference schedule's order.
    pids = sorted(by_participant)
    several = [pid for pid in pids if len(by_participant[pid]) > 1]
    for pid in rng.sample(several, min(after, len(several))):
        first, second = sorted(by_participant[pid], key=lambda m: position[slot_of[m]])[:2]
        if first != second and slot_of[first] != slot_of[second]:
            later = meetings[second]
            meetings[second] = replace(later, after=(*later.after, first))
    # Fixed slots: where the reference schedule put them.
    for mid in rng.sample(sorted(meetings), fixed):
        meetings[mid] = replace(meetings[mid], fixed_slot=slot_of[mid])
    # Unavailable slots: slots in which the reference schedule leaves a participant free.
    busy: dict[int, set[int]] = {pid: set() for pid in pids}
    for mid, sid in slot_of.items():
        for pid in meetings[mid].participants:
            busy[pid].add(sid)
    people = {p.id: p for p in instance.participants}
    for pid in rng.sample(pids, unavailable):
        free = [s.id for s in instance.slots if s.id not in busy[pid]]
        if free:
            extra = frozenset(rng.sample(free, min(2, len(free))))
            people[pid] = replace(
                people[pid], unavailable_slots=people[pid].unavailable_slots | extra
            )
    return Instance(
        name=f"{name}-variant-{seed}",
        tables=instance.tables,
        slots=instance.slots,
        participants=[people[p.id] for p in instance.participants],
        meetings=[meetings[m.id] for m in instance.meetings],
    )


@pytest.mark.parametrize("seed", [1, 2])
def test_variant_with_orderings_fixed_and_unavailable_slots_is_solved(seed):
    instance = variant("tic-12", seed=seed, after=15, fixed=10, unavailable=10)
    assert sum(len(m.after) for m in instance.meetings) >= 10
    assert sum(m.fixed_slot is not None for m in instance.meetings) == 10
    result = solved(instance, time_limit=20.0)
    report = check_schedule(instance, result.schedule)
    assert report.placed == len(instance.meetings)
    assert report.kinds() == set()
    # The orderings really bind: every one of them holds in the schedule.
    position = instance.slot_position()
    slot_of = {a.meeting: a.slot for a in result.schedule.assignments}
    for meeting in instance.meetings:
        for earlier in meeting.after:
            assert position[slot_of[earlier]] < position[slot_of[meeting.id]]


def test_ordering_cycle_is_proven_infeasible_with_its_reason():
    instance = variant("tic-12", seed=3, after=0, fixed=0, unavailable=0)
    first, second, third = (m.id for m in instance.meetings[:3])
    # first after second, second after third, third after first: one cannot take place.
    meetings = {m.id: m for m in instance.meetings}
    meetings[first] = replace(meetings[first], after=(second,))
    meetings[second] = replace(meetings[second], after=(third,))
    meetings[third] = replace(meetings[third], after=(first,))
    instance.meetings = [meetings[m.id] for m in instance.meetings]
    result = solved(instance, time_limit=20.0)
    assert result.placed == len(instance.meetings) - 1
    assert result.placed_proven is True
    [(left_out, reason)] = result.schedule.unscheduled
    assert left_out in (first, second, third)
    assert reason.startswith("its 'after' orderings form a cycle (each must follow the next: ")


def test_clashing_fixed_slots_are_proven_infeasible_with_their_reason():
    from matchmaking.scheduling import BilateralMeeting as Meeting

    meetings = [
        Meeting(1, (1, 2), fixed_slot=2),
        Meeting(2, (1, 3), fixed_slot=2),
        Meeting(3, (2, 3)),
    ]
    result = solved(event(3, meetings))
    assert result.placed == 2
    assert result.optimal is True
    assert result.schedule.unscheduled in (
        [(2, "participant 1 has another meeting (1) fixed to the same slot 2")],
        [(1, "participant 1 has another meeting (2) fixed to the same slot 2")],
    )


def test_the_engines_together_prove_the_optimum_of_a_real_event():
    instance = instance_from_json(INSTANCES / "forumt-14crafc.json")
    result = solved(instance, time_limit=30.0)
    assert (result.placed, result.total_gaps, result.worst_gaps) == (237, 5, 1)
    assert (result.optimal, result.lower_bound, result.method) == (True, 5, "exact")
    assert result.proved_by in ("sat", "sat-probe", "cp-sat")


@pytest.mark.parametrize("method", ["sat", "cp-sat"])
def test_each_exact_engine_alone_proves_the_optimum_of_a_small_real_event(method):
    instance = instance_from_json(INSTANCES / "tic-12.json")
    result = solved(instance, method=method, time_limit=20.0)
    assert (result.placed, result.total_gaps, result.worst_gaps) == (125, 0, 0)
    assert (result.optimal, result.proved_by, result.method) == (True, method, method)
