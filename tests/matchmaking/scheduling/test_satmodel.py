"""Tests of the SAT model's clauses: every valid schedule is a model, with its true gaps."""

from __future__ import annotations

import time

from matchmaking.scheduling import instance_from_json
from matchmaking.scheduling.solver.heuristic import HeuristicState
from matchmaking.scheduling.solver.portfolio import measure
from matchmaking.scheduling.solver.problem import Problem
from matchmaking.scheduling.solver.satmodel import SatModel

from .support import INSTANCES


def test_a_schedule_with_gaps_satisfies_the_clauses_and_counts_its_gaps():
    # The heuristic's quick schedule of a tight event has many gaps, late starts and early
    # ends: redundant clauses (the busy patterns, the length of a participant's day) must
    # not exclude it, and the gap literals must count exactly its gaps.
    from pysat.solvers import Solver

    problem = Problem(instance_from_json(INSTANCES / "forum-13crafb.json"), None)
    state = HeuristicState(problem, 0)
    state.greedy()
    state.repair(time.monotonic() + 1.0)
    slot_of = list(state.slot_of)
    assert -1 not in slot_of
    total, _worst = measure(problem, slot_of)
    assert total > 10
    model = SatModel(problem)
    fixed = [var if slot_of[mi] == s else -var for (mi, s), var in model.x.items()]
    with Solver(name="cadical195", bootstrap_with=model.clauses) as solver:
        assert solver.solve(assumptions=fixed) is True
        true = {lit for lit in solver.get_model() if lit > 0}
    assert sum(1 for lits in model.gap_lits for lit in lits if lit in true) == total
