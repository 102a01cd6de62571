"""Tests of the Kempe-chain local search and of the exact path's hard clock."""

from __future__ import annotations

import time

from matchmaking.scheduling import check_schedule, instance_from_json, solve
from matchmaking.scheduling.solver.heuristic import HeuristicState
from matchmaking.scheduling.solver.kempe import KempeSearch
from matchmaking.scheduling.solver.portfolio import Board, measure
from matchmaking.scheduling.solver.problem import Problem

from .support import INSTANCES, event, solved
from .test_exact import variant


def test_a_chain_swaps_two_slots_and_changes_only_its_two_ends():
    # Slot 1: meetings 1-2 and 3-4; slot 2: meeting 2-3.  Moving 1-2 to slot 2 pushes 2-3
    # to slot 1, which pushes 3-4 to slot 2: participants 2 and 3 stay busy in both.
    instance = event(3, [(1, 2), (3, 4), (2, 3)])
    problem = Problem(instance, None)
    search = KempeSearch(problem, deadline=0.0)
    search.load([0, 0, 1])
    chain, first_end, last_end = search.chain(0, 1)
    assert (sorted(chain), {first_end, last_end}) == ([0, 1, 2], {0, 3})
    search.apply(chain, 0, 1)
    assert search.slot_of == [1, 1, 0]


def test_a_chain_that_closes_into_a_cycle_is_not_a_move():
    # 1-2 and 3-4 in slot 1, 2-3 and 4-1 in slot 2: one cycle through all four.
    instance = event(2, [(1, 2), (3, 4), (2, 3), (4, 1)])
    search = KempeSearch(Problem(instance, None), deadline=0.0)
    search.load([0, 0, 1, 1])
    assert search.chain(0, 1) is None


def test_the_search_lowers_the_gaps_of_a_real_event_and_breaks_no_rule():
    instance = instance_from_json(INSTANCES / "tic-13crafc.json")
    problem = Problem(instance, None)
    state = HeuristicState(problem, 0)
    state.greedy()
    state.repair(time.monotonic() + 5.0)
    assert all(s != -1 for s in state.slot_of)
    start_total, _worst = measure(problem, state.slot_of)
    board = Board(problem, state.slot_of, 0)
    KempeSearch(problem, deadline=time.monotonic() + 4.0, seed=1)(board)
    total, _worst = measure(problem, board.slot_of)
    assert total < start_total - 10
    assert board.found_by["kempe"][0] == total
    assert all(s != -1 for s in board.slot_of)


def test_the_search_alone_keeps_orderings_fixed_and_unavailable_slots():
    instance = variant("tic-12", seed=1, after=15, fixed=10, unavailable=10)
    result = solved(instance, method="kempe", time_limit=8.0)
    assert result.placed == len(instance.meetings)
    position = instance.slot_position()
    slot_of = {a.meeting: a.slot for a in result.schedule.assignments}
    for meeting in instance.meetings:
        for earlier in meeting.after:
            assert position[slot_of[earlier]] < position[slot_of[meeting.id]]
        if meeting.fixed_slot is not None:
            assert slot_of[meeting.id] == meeting.fixed_slot


def test_the_exact_path_returns_its_best_schedule_at_the_time_limit():
    # A large, hard event: no engine proves it in 6 s; the answer still comes in time.
    instance = instance_from_json(INSTANCES / "ticf-13crafb.json")
    started = time.monotonic()
    result = solve(instance, time_limit=6.0)
    wall = time.monotonic() - started
    assert wall < 6.5
    report = check_schedule(instance, result.schedule)
    assert report.violations == []
    assert (report.placed, result.optimal) == (195, False)
