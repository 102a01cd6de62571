"""Meeting scheduler: places bilateral meetings into time slots and tables.

Priorities, in order:

1. place as many meetings as possible (every meeting when the event allows it);
2. minimise the total number of idle gaps over all participants (a gap is a maximal run of
   free slots between two meetings of one participant);
3. minimise the gaps of the worst-off participant.

Hard rules: a meeting takes place in a slot of its session, in its fixed slot if it has one,
never when one of its participants is unavailable, after every placed meeting listed in its
``after``; a participant has at most one meeting per slot; a slot holds at most ``tables``
meetings, each at its own table.  Tables are interchangeable, so the engines only count
meetings per slot and concrete tables are assigned at the end.

Modules:

* :mod:`.problem`: the index view of an instance shared by everything below, and each
  participant's lower bound on its gaps (from the runs of slots its meetings can use);
* :mod:`.heuristic`: the fast path for large events (DSatur placement, ejection chains,
  gap-reducing moves), also the first schedule of the exact path;
* :mod:`.exact`: the exact path for small and medium events: most meetings placed first,
  then the fewest gaps by engines racing on the two cores, :mod:`.sat` (a SAT solver
  bounding the total from below), :mod:`.cpsat` (CP-SAT improving schedules) and
  :mod:`.kempe` (a Kempe-chain local search), sharing the best schedule and bound through
  :mod:`.portfolio` (the SAT engine and the local search in child processes, :mod:`.child`);
  then the best worst-off participant at that total;
* :mod:`.result`: tables and a reason for each meeting left out.

Published meetings passed in ``keep`` stay in their slot and at their table whenever that is
still valid; those that no longer are are reported in ``SolveResult.messages``.
"""

from __future__ import annotations

import time
from collections.abc import Mapping

from ..model import Instance
from .exact import solve_exact
from .heuristic import HeuristicState, solve_heuristic
from .problem import Problem, block_gaps
from .result import SolveResult, build_result

__all__ = ["SolveResult", "block_gaps", "solve"]

# Above either limit the exact models get too big to help within seconds; the heuristic
# scales linearly and is used instead.
EXACT_MAX_MEETINGS = 1500
EXACT_MAX_VARIABLES = 40_000
EXACT_METHODS = ("exact", "cp-sat", "sat", "kempe")


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
    ``method`` is ``"auto"`` (by size: ``"exact"`` or ``"heuristic"``), ``"exact"`` (both
    exact engines and the local search when ``workers`` is at least 2), ``"cp-sat"``,
    ``"sat"`` or ``"kempe"`` (one engine alone, for comparisons), or ``"heuristic"``.  ``time_limit`` bounds the whole
    call (a little bookkeeping may exceed it by a fraction of a second).
    """
    started = time.monotonic()
    deadline = started + max(time_limit, 0.1)
    problem = Problem(instance, keep)
    if method == "auto":
        variables = sum(len(a) for a in problem.allowed)
        small = problem.n_meetings <= EXACT_MAX_MEETINGS and variables <= EXACT_MAX_VARIABLES
        method = "exact" if small else "heuristic"
    if method not in (*EXACT_METHODS, "heuristic"):
        raise ValueError(f"unknown method {method!r}")

    state = HeuristicState(problem, seed)
    state.greedy()
    if method == "heuristic":
        slot_of, optimal = solve_heuristic(problem, state, started, deadline)
        result = build_result(problem, slot_of, optimal, started, method)
        result.placed_proven = all(s != -1 for mi, s in enumerate(slot_of) if problem.allowed[mi])
        return result
    outcome = solve_exact(problem, state, deadline, workers, seed, engines=method)
    result = build_result(problem, outcome.slot_of, outcome.optimal, started, method)
    result.lower_bound = outcome.lower_bound
    result.proved_by = outcome.proved_by
    result.placed_proven = outcome.placed_proven
    result.engines = outcome.engines
    return result
