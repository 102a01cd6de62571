"""Meeting scheduler: places bilateral meetings into time slots and tables.

Priorities, in order:

1. place as many meetings as possible (every meeting when the event allows it);
2. minimise the total number of idle gaps over all participants (a gap is a maximal run of
   free slots between two meetings of one participant);
3. minimise the gaps of the worst-off participant.

Hard rules: a meeting takes place in a slot of its session, in its fixed slot if it has one,
never when one of its participants is unavailable, after every placed meeting listed in its
``after``; a participant has at most one meeting per slot; a slot holds at most ``tables``
meetings, each at its own table.

Two methods, chosen by instance size:

* ``"cp-sat"`` (small and medium events): a heuristic schedule (see below) serves as hint
  and fallback; then OR-Tools CP-SAT solves lexicographically: (1) the most meetings placed
  (skipped when the heuristic already placed all), (2) the fewest total gaps, (3) the best
  worst-off participant at that total.  Tables are interchangeable, so only the number of
  meetings per slot is modelled and concrete tables are assigned afterwards.  Each
  participant gets per-slot "busy" booleans; its gaps are its number of busy blocks minus
  one, counted with "block starts here" booleans.  Each participant also has a lower bound
  on its gaps (from the runs of slots its meetings can use at all).  Step (2) alternates,
  with growing budgets and fresh seeds, between (a) a feasibility model in which every
  participant picks one whole busy pattern with exactly its lower-bound gaps - it
  propagates very well and, when feasible, is optimal outright - and (b) exact
  minimisation from the best schedule so far.  Restarts matter because CP-SAT's running
  times on these models are heavy-tailed.  Budgets are in CP-SAT's deterministic time, so
  a machine busy with other work does not starve the short attempts.
* ``"heuristic"`` (large events): meetings that relieve two overbooked participants at
  once are set aside to be tried last (a greedy b-matching); the others are placed DSatur
  style, always the meeting with the fewest feasible slots left, in the slot that removes
  fewest options from neighbouring meetings and sits next to the participants' other
  meetings; ejection chains then move blocking meetings elsewhere (also out of full slots)
  to make room for unplaced ones; local moves (moving a meeting, swapping two meetings of
  one participant) reduce gaps while time remains.

Published meetings passed in ``keep`` stay in their slot and at their table whenever that is
still valid; those that no longer are are reported in ``SolveResult.messages``.
"""

from __future__ import annotations

import time
from collections.abc import Mapping

from ..model import Instance
from .cpsat import solve_cp_sat
from .heuristic import HeuristicState, solve_heuristic
from .problem import Problem, block_gaps
from .result import SolveResult, build_result

__all__ = ["SolveResult", "block_gaps", "solve"]

# Above either limit the exact model gets too big to help within seconds; the heuristic
# scales linearly and is used instead.
CP_SAT_MAX_MEETINGS = 1500
CP_SAT_MAX_VARIABLES = 40_000


def solve(
    instance: Instance,
    *,
    time_limit: float = 30.0,
    workers: int = 2,
    keep: Mapping[int, tuple[int, int]] | None = None,
    method: str = "auto",
    seed: int = 0,
) -> SolveResult:
    """Schedule the meetings of ``instance``; see the module docstring for the approach.

    ``keep`` maps meeting ids to the ``(slot id, table)`` they were published with.
    ``method`` is ``"auto"`` (by size), ``"cp-sat"`` or ``"heuristic"``.  ``time_limit``
    bounds the whole call (a little bookkeeping may exceed it by a fraction of a second).
    """
    started = time.monotonic()
    deadline = started + max(time_limit, 0.1)
    problem = Problem(instance, keep)
    if method == "auto":
        variables = sum(len(a) for a in problem.allowed)
        small = problem.n_meetings <= CP_SAT_MAX_MEETINGS and variables <= CP_SAT_MAX_VARIABLES
        method = "cp-sat" if small else "heuristic"
    if method not in ("cp-sat", "heuristic"):
        raise ValueError(f"unknown method {method!r}")

    state = HeuristicState(problem, seed)
    state.greedy()
    if method == "heuristic":
        slot_of, optimal = solve_heuristic(problem, state, started, deadline)
    else:
        slot_of, optimal = solve_cp_sat(problem, state, deadline, workers, seed)
    return build_result(problem, slot_of, optimal, started, method)
