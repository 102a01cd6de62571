"""Exact engine on a SAT solver (CaDiCaL through python-sat, imported only when it runs).

The total of gaps is bounded from below: the engine asks the solver for a schedule whose
gaps above the participants' own lower bounds (their *excess*, see
:mod:`.satmodel`) number at most ``k``, for ``k = 0, 1, 2, ...``.  Each "no" is a proof
that the total is at least one more; the first "yes" is therefore optimal.  The same solver
then bounds the worst-off participant at that total, again from the known schedule down.
Calls are incremental (bounds are assumptions), so what the solver learnt carries over.

Proving "not ``k``" can take much longer than finding a schedule at ``k + 1``, so every
third slice searches one above the proven bound instead: a schedule found there is the best
possible unless the proof at ``k`` then succeeds, and it is posted at once.  (Every other
slice, as before, starved the proof: forum-13 went from proven at 0 in 11 s with the SAT
engine alone to no schedule in 30 s.)
"""

from __future__ import annotations

import threading
import time

from .portfolio import Board
from .problem import Problem
from .satmodel import SatModel

__all__ = ["SatEngine", "sat_available"]

# Largest excess over the lower bounds the engine's counter can express; beyond it the
# bound search stops (the other engine then carries on alone).
MAX_EXCESS = 40
SOLVER_NAME = "cadical195"
# Seconds between two looks at the clock and at the other engine's progress, at first.
SLICE_SECONDS = 1.0
# While the question stays the same, each slice lasts twice as long as the one before, up
# to this: every call restarts the solver's restart and rephase schedules, and in short
# slices its search never gets to the long runs between restarts that find a schedule.
MAX_SLICE_SECONDS = 8.0
# One slice in this many searches one above the proven bound instead of proving it.
PROBE_EVERY = 3


def sat_available() -> bool:
    """Whether python-sat is installed."""
    try:
        import pysat.solvers  # noqa: F401
    except ImportError:
        return False
    return True


class SatEngine:
    """Lower-bounding search over the total gaps; needs every placeable meeting placed."""

    name = "sat"

    def __init__(self, problem: Problem, *, deadline: float, role: str = "bound") -> None:
        self.problem = problem
        self.deadline = deadline
        # "bound": proves lower bounds, probing one above them now and then (see above);
        # "prove": proves lower bounds only, beside a "probe" engine that searches one
        # above them all the time.
        self.role = role
        if role == "probe":
            self.name = "sat-probe"
        self.model: SatModel | None = None
        self.solver = None
        self.excess_count: list[int] = []
        self.conflicts_per_second = 4000.0

    def _build(self, board: Board) -> None:
        from pysat.card import ITotalizer
        from pysat.solvers import Solver

        self.model = model = SatModel(self.problem)
        self.base = sum(model.lower)
        board.post_lower_bound(self.base, self.name)
        room = min(max(board.total - self.base, 0) + 1, MAX_EXCESS, len(model.excess))
        self.solver = Solver(name=SOLVER_NAME)
        if self.role == "probe":
            # Search in CaDiCaL's stable mode only (long runs between restarts, following
            # its best phases), its setting for satisfiable problems: measured on the two
            # 22-slot crafted events it finds a schedule one above the bound in 7-15 s of
            # CPU instead of 17-30 s.  The proof keeps the default, which alternates modes.
            self.solver.configure({"stabilizeonly": 1})
        self.solver.append_formula(model.clauses)
        if model.excess and room:
            counter = ITotalizer(lits=model.excess, ubound=room, top_id=model.top)
            self.solver.append_formula(counter.cnf.clauses)
            self.excess_count = list(counter.rhs)

    def _solve(
        self,
        assumptions: list[int],
        stop: threading.Event,
        *,
        once: bool = False,
        seconds: float = SLICE_SECONDS,
    ) -> bool | None:
        """Solve under ``assumptions``; None when stopped, out of time or (``once``) after
        one slice of about ``seconds``.

        CaDiCaL cannot be interrupted from another thread, so it runs in slices of
        conflicts, sized to last about ``seconds`` (conflicts cost more on larger events),
        each twice as long as the one before; what it learnt stays between slices.
        """
        while not stop.is_set():
            left = self.deadline - time.monotonic()
            if left <= 0:
                return None
            budget = max(50, int(self.conflicts_per_second * min(seconds, left)))
            self.solver.conf_budget(budget)
            started = time.monotonic()
            result = self.solver.solve_limited(assumptions=assumptions)
            spent = time.monotonic() - started
            if spent > 0 and result is None:
                self.conflicts_per_second = 0.5 * self.conflicts_per_second + 0.5 * budget / spent
            if result is not None or once:
                return result
            seconds = min(2 * seconds, MAX_SLICE_SECONDS)
        return None

    def _steer(self, board: Board) -> None:
        best, _total, _worst, _low = board.snapshot()
        self.solver.set_phases(self.model.phases(best))

    def __call__(self, board: Board) -> None:
        if self.role == "probe":
            self.probe(board)
            return
        self._build(board)
        turn = 0
        asked, seconds = None, SLICE_SECONDS
        while not board.stop.is_set() and time.monotonic() < self.deadline:
            _best, total, _worst, total_low = board.snapshot()
            k = total_low - self.base
            if total <= total_low or k >= len(self.excess_count):
                return
            # Every third slice looks for a schedule one above the proven bound.
            turn += 1
            probing = self.role == "bound" and turn % PROBE_EVERY == 0
            if probing and total_low + 1 < total and k + 1 < len(self.excess_count):
                k += 1
            # No steering towards the best schedule here: it comes from the local search
            # or CP-SAT, with gaps in other places than the bound allows, and measured on
            # the real events it slowed the SAT search down (by up to three times).
            # The proof beside a probe asks one question until it is answered (the bound
            # alternates two and keeps its slices short).
            grow = self.role == "prove" and k == asked
            seconds = min(2 * seconds, MAX_SLICE_SECONDS) if grow else SLICE_SECONDS
            asked = k
            result = self._solve([-self.excess_count[k]], board.stop, once=True, seconds=seconds)
            if result is None:
                continue
            if result:
                board.post_schedule(self.model.slots_from(self.solver.get_model()), self.name)
            else:
                board.post_lower_bound(self.base + k + 1, self.name)

    def probe(self, board: Board) -> None:
        """Search for a schedule one gap above the proven bound, following the bound up.

        Proving a bound and finding a schedule just above it are both hard on the tight
        events, and in one solver they share its core; run apart, each gets its own.
        A schedule found at the bound plus one is optimal once the bound is proven; when
        the best schedule is already there, this searches at the bound itself, and so it
        does after proving a bound itself.  Its slices grow while its target stays.
        """
        self._build(board)
        target = asked = None
        seconds = SLICE_SECONDS
        while not board.stop.is_set() and time.monotonic() < self.deadline:
            _best, total, _worst, total_low = board.snapshot()
            if total <= total_low:
                return
            # A target stays while it is still possible and better than the best schedule:
            # when the proof reaches it, it may be the optimum, and a fresh target one above
            # would restart a search as hard as the one under way.  Once the best schedule
            # is one above the bound, the bound itself is the open question (the proof asks
            # it too, but this search mode finds a "yes" sooner).
            if target is None or not total_low <= target < total:
                target = min(total_low + 1, total - 1)
            k = target - self.base
            if k >= len(self.excess_count):
                return
            seconds = min(2 * seconds, MAX_SLICE_SECONDS) if target == asked else SLICE_SECONDS
            asked = target
            result = self._solve([-self.excess_count[k]], board.stop, once=True, seconds=seconds)
            if result:
                board.post_schedule(self.model.slots_from(self.solver.get_model()), self.name)
            elif result is False:
                board.post_lower_bound(self.base + k + 1, self.name)
                # Its own "no" puts this search ahead of the proof, at the new bound, which
                # may well be the optimum: it stays there rather than moving one above it.
                target += 1

    def improve_worst(self, board: Board) -> None:
        """Lower the worst-off participant's gaps at the proven total, or prove it minimal."""
        if self.model is None:
            return
        model = self.model
        worst_low = max(model.lower, default=0)
        stop = threading.Event()
        while time.monotonic() < self.deadline:
            _best, total, worst, _low = board.snapshot()
            if worst <= worst_low:
                board.post_worst_proven(self.name)
                return
            k = total - self.base
            assumptions = [-self.excess_count[k]] if k < len(self.excess_count) else []
            assumptions += [-outs[worst - 1] for outs in model.counts if len(outs) >= worst]
            self._steer(board)
            result = self._solve(assumptions, stop)
            if result is None:
                return
            if not result:
                board.post_worst_proven(self.name)
                return
            board.post_schedule(model.slots_from(self.solver.get_model()), self.name)
