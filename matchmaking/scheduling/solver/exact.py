"""The exact path: most meetings placed, then fewest gaps, then the best worst-off participant.

1. A quick heuristic schedule (hint and fallback); CP-SAT maximises the number of placed
   meetings only when the heuristic left out one that might fit (:func:`.cpsat.place_most`).
2. Fewest total gaps at that number.  When every placeable meeting is placed and two
   workers are available, three engines race on a shared board: the SAT engine proves
   lower bounds from the participants' own bounds upwards (its first schedule at the bound
   is optimal), CP-SAT improves schedules from the heuristic's, and the Kempe-chain local
   search (:mod:`.kempe`) finds good schedules fast; the first proof that closes the gap
   stops them all.  With two workers the SAT engine runs twice: one process proves the
   bounds, the other searches one above the proven bound (in CaDiCaL's search-oriented
   mode), and CP-SAT keeps one worker for its "every participant at its own bound" search
   only.  The SAT engine and the local search run in child processes (:mod:`.child`).
   Otherwise CP-SAT alone, with all workers.
3. At that total, the best worst-off participant (by the SAT engine in its process when it
   ran, else by CP-SAT).

The time limit is hard: at the limit the race returns the best schedule so far, whatever
an engine is still doing.

Nothing here depends on which event is solved: budgets follow the time limit only.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from .child import ChildEngine
from .cpsat import CpSatEngine, place_most
from .heuristic import HeuristicState
from .portfolio import Board, run_portfolio
from .sat import SOLVER_NAME, SatEngine, sat_available
from .satmodel import SatModel

__all__ = ["ExactOutcome", "solve_exact"]


def _place_all(problem, deadline: float) -> tuple[list[int] | None, bool]:  # noqa: ANN001
    """Ask the SAT model for a schedule placing every placeable meeting.

    Returns (schedule or None, proven impossible).  Clauses handle orderings and fixed
    slots far better than the placement search of CP-SAT, which then only runs when not
    every meeting can take place.
    """
    import threading

    engine = SatEngine(problem, deadline=deadline)
    engine.model = model = SatModel(problem)
    from pysat.solvers import Solver

    engine.solver = Solver(name=SOLVER_NAME, bootstrap_with=model.clauses)
    try:
        result = engine._solve([], threading.Event())
        if result:
            return model.slots_from(engine.solver.get_model()), False
        return None, result is False
    finally:
        engine.solver.delete()


@dataclass
class ExactOutcome:
    slot_of: list[int]
    optimal: bool
    lower_bound: int
    proved_by: str | None
    placed_proven: bool
    engines: dict[str, tuple[int, int]] = field(default_factory=dict)


def solve_exact(
    problem,  # noqa: ANN001 - a Problem
    state: HeuristicState,
    deadline: float,
    workers: int,
    seed: int,
    *,
    engines: str = "exact",
) -> ExactOutcome:
    """Solve lexicographically; ``engines`` is ``"exact"``, ``"cp-sat"``, ``"sat"`` or
    ``"kempe"`` (the local search alone, for comparisons)."""
    placeable = sum(1 for a in problem.allowed if a)
    best, placed_proven = place_most(
        problem, state, deadline, workers, seed, place_all=_place_all if sat_available() else None
    )
    placed = sum(1 for s in best if s != -1)
    all_placed = placed == placeable
    use_sat = all_placed and engines in ("exact", "sat") and sat_available()
    use_cp = engines in ("exact", "cp-sat") or not use_sat
    # Engines stop a little early: model building and the last slice of search overrun
    # their budgets, more so on a machine busy with other work.
    engine_deadline = deadline - max(1.0, 0.05 * (deadline - time.monotonic()))
    # With two cores the SAT engine's search one above its proven bound runs in a process
    # of its own beside the proof (on the tight events each needs most of a core), and
    # CP-SAT then keeps one worker; otherwise it keeps every worker beside the SAT engine
    # (with one worker it has no neighbourhood search, which finds its good schedules).
    split = engines == "exact" and use_sat and workers >= 2
    cp = CpSatEngine(
        problem,
        placed=placed,
        all_placed=all_placed,
        workers=1 if split else max(1, workers),
        bounds_first=True,
        bounds_only=split,
        seed=seed,
        deadline=engine_deadline,
    )
    board = Board(problem, best, cp.lower_bound())
    racing: dict = {}
    # The SAT engine and the local search run in child processes (see :mod:`.child`):
    # the SAT solver keeps the interpreter lock while it searches and the local search is
    # plain Python, so in threads they would share one core with everything else.
    role = "prove" if split else "bound"
    sat = ChildEngine("sat", problem, deadline=engine_deadline, role=role) if use_sat else None
    if sat is not None:
        racing[sat.name] = sat
    if split:
        probe = ChildEngine("sat", problem, deadline=engine_deadline, role="probe")
        racing[probe.name] = probe
    if use_cp:
        racing[cp.name] = cp
    if engines == "exact" and use_sat and workers < 2:
        racing.pop(cp.name)  # one core: the SAT engine alone proves fastest
    if engines == "kempe":
        racing = {}
    if all_placed and (engines == "kempe" or (engines == "exact" and workers >= 2)):
        local = ChildEngine("kempe", problem, deadline=engine_deadline, seed=seed)
        racing[local.name] = local
    # The clock is hard: at the limit the best schedule so far is taken, whatever an engine
    # is still doing (a little is kept for assembling the result).
    hard = deadline - min(0.3, 0.02 * (deadline - time.monotonic()))
    run_portfolio(racing, board, hard)

    # The SAT engine improves the worst-off participant itself once the total is proven.
    sat_ran = sat is not None and sat.started
    worst_open = board.total_proven and not board.worst_proven
    if worst_open and not sat_ran and engines != "kempe" and time.monotonic() < hard:
        board.stop.clear()
        run_portfolio({"worst": cp.improve_worst}, board, hard)
    slot_of, _total, _worst, total_low = board.snapshot()
    return ExactOutcome(
        slot_of=slot_of,
        optimal=placed_proven and board.total_proven and board.worst_proven,
        lower_bound=total_low,
        proved_by=board.proved_by,
        placed_proven=placed_proven,
        engines=dict(board.found_by),
    )
