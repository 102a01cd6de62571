"""Exact engine on OR-Tools CP-SAT (imported only when it runs)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence

from .heuristic import HeuristicState
from .portfolio import Board, measure
from .problem import Problem, busy_patterns

__all__ = ["CpModel", "CpSatEngine", "place_most"]

logger = logging.getLogger(__name__)


class CpModel:
    """One CP-SAT model of the placement problem, with optional gap accounting."""

    def __init__(
        self,
        problem: Problem,
        *,
        with_gaps: bool,
        all_placed: bool,
        extra: int | None = None,
    ) -> None:
        from ortools.sat.python import cp_model

        self.problem = problem
        model = cp_model.CpModel()
        self.model = model
        self.x: dict[tuple[int, int], object] = {}
        p = problem
        for mi in range(p.n_meetings):
            for s in p.allowed[mi]:
                self.x[mi, s] = model.new_bool_var(f"x{mi}_{s}")
        self.placed_terms = []
        for mi in range(p.n_meetings):
            terms = [self.x[mi, s] for s in p.allowed[mi]]
            if not terms:
                continue
            if all_placed:
                model.add_exactly_one(terms)
            else:
                model.add_at_most_one(terms)
            self.placed_terms.extend(terms)
        for s in range(p.n_slots):
            here = [self.x[mi, s] for mi in range(p.n_meetings) if (mi, s) in self.x]
            if len(here) > p.tables:
                model.add(sum(here) <= p.tables)
        # Orderings: if the later meeting is in slot s, the earlier one is not in >= s.
        for earlier, later in p.order_pairs:
            for s in p.allowed[later]:
                clash = [self.x[earlier, t] for t in p.allowed[earlier] if t >= s]
                if clash:
                    model.add_at_most_one([self.x[later, s], *clash])
        # Busy booleans: equal to the participant's meeting count in the slot (<= 1).
        self.busy: list[list[object | None]] = []
        for pi, meetings in enumerate(p.of_participant):
            row: list[object | None] = []
            for s in range(p.n_slots):
                terms = [self.x[mi, s] for mi in meetings if (mi, s) in self.x]
                if not terms:
                    row.append(None)
                elif len(terms) == 1:
                    row.append(terms[0])
                else:
                    var = model.new_bool_var(f"b{pi}_{s}")
                    model.add(sum(terms) == var)
                    row.append(var)
            self.busy.append(row)
            if all_placed:
                count = sum(1 for mi in meetings if p.allowed[mi])
                present = [v for v in row if v is not None]
                if len(present) > 1:
                    # Redundant, but it tells the solver each participant's load directly.
                    model.add(sum(present) == count)
        self.gaps: list[object | int] = []
        self.lower: list[int] = []
        if with_gaps:
            self._add_gaps(all_placed, extra)

    def _add_gaps(self, all_placed: bool, extra: int | None) -> None:
        """Define each participant's gaps (``self.gaps``) and their lower bounds.

        With ``extra=None`` gaps are counted exactly with block-start booleans.  With an
        integer ``extra`` (only when every meeting is placed) each participant instead picks
        one whole busy pattern among those with ``lower .. lower + extra`` gaps, which
        restricts the search but propagates far better; participants with too many such
        patterns keep the block-start count, capped at ``lower + extra``.
        """
        model = self.model
        p = self.problem
        for pi, row in enumerate(self.busy):
            count = sum(1 for mi in p.of_participant[pi] if p.allowed[mi])
            present = [s for s in range(p.n_slots) if row[s] is not None]
            if count < 2 or len(present) < 2:
                self.gaps.append(0)
                self.lower.append(0)
                continue
            low = p.gap_lower_bound(pi, count) if all_placed else 0
            self.lower.append(low)
            if extra is not None and all_placed:
                pattern_gaps = self._patterns_for(pi, count, low, low + extra)
                if pattern_gaps is not None:
                    self.gaps.append(pattern_gaps)
                    continue
            # starts[s] <=> busy at s and not busy at s-1: each start opens one busy block.
            starts = []
            for s in present:
                prev = row[s - 1] if s > 0 else None
                if prev is None:
                    starts.append(row[s])
                    continue
                start = model.new_bool_var(f"st{pi}_{s}")
                model.add_bool_or([start, row[s].Not(), prev])
                model.add_implication(start, row[s])
                model.add_implication(start, prev.Not())
                starts.append(start)
            top = len(present) if extra is None else low + extra
            gap = model.new_int_var(low, top, f"g{pi}")
            if all_placed:
                model.add(gap == sum(starts) - 1)
            else:
                # Without meetings there are no blocks and no gaps.
                anything = model.new_bool_var(f"any{pi}")
                model.add_max_equality(anything, [row[s] for s in present])
                model.add(gap == sum(starts) - anything)
            self.gaps.append(gap)

    def _patterns_for(self, pi: int, count: int, low: int, high: int, limit: int = 4000):  # noqa: ANN202
        """Make participant ``pi`` choose one busy pattern with ``low..high`` gaps.

        Returns the gap count as a linear expression, or None (adding nothing) when there
        are more than ``limit`` patterns or none at all.
        """
        p = self.problem
        row = self.busy[pi]
        usable = [row[s] is not None for s in range(p.n_slots)]
        patterns: list[tuple[int, int]] = []
        for gaps in range(low, high + 1):
            found = busy_patterns(usable, count, gaps + 1, limit - len(patterns))
            if found is None:
                return None
            patterns.extend((mask, gaps) for mask in found)
        if not patterns:
            return None
        choice = [self.model.new_bool_var(f"pat{pi}_{k}") for k in range(len(patterns))]
        self.model.add_exactly_one(choice)
        for s in range(p.n_slots):
            if row[s] is None:
                continue
            using = [c for c, (mask, _) in zip(choice, patterns, strict=True) if mask >> s & 1]
            self.model.add(sum(using) == row[s])
        costly = [(c, gaps) for c, (_, gaps) in zip(choice, patterns, strict=True) if gaps]
        return sum(gaps * c for c, gaps in costly) if costly else 0

    def total_gaps(self):  # noqa: ANN201 - a CP-SAT linear expression
        return sum(self.gaps)

    def hint(self, slot_of: Sequence[int]) -> None:
        """Suggest a known schedule as the starting point of the search."""
        for (mi, s), var in self.x.items():
            self.model.add_hint(var, slot_of[mi] == s)

    def solve(  # noqa: ANN201
        self,
        seconds: float,
        workers: int,
        seed: int,
        label: str,
        work: float | None = None,
        stop: threading.Event | None = None,
    ):
        """Solve; returns (status name, solver, slot list or None).

        ``seconds`` caps wall time; ``work`` optionally caps CP-SAT's deterministic time,
        which unlike wall time does not shrink when the machine is busy with other jobs.
        Setting ``stop`` (from another thread) ends the search early.
        """
        from ortools.sat.python import cp_model

        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(seconds, 0.05)
        solver.parameters.num_workers = max(1, workers)
        solver.parameters.random_seed = seed
        if work is not None:
            solver.parameters.max_deterministic_time = work
        done = threading.Event()
        if stop is not None:

            def watch() -> None:
                while not done.wait(0.05):
                    if stop.is_set():
                        solver.stop_search()
                        return

            threading.Thread(target=watch, daemon=True).start()
        try:
            status = solver.solve(self.model)
        finally:
            done.set()
        name = solver.status_name(status)
        logger.debug(
            "%s: %s in %.2f s (limit %.2f s, work %.2f), objective %s",
            label,
            name,
            solver.wall_time,
            seconds,
            solver.response_proto.deterministic_time,
            solver.objective_value if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) else "-",
        )
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return name, solver, None
        slot_of = [-1] * self.problem.n_meetings
        for (mi, s), var in self.x.items():
            if solver.boolean_value(var):
                slot_of[mi] = s
        return name, solver, slot_of


def place_most(
    problem: Problem,
    state: HeuristicState,
    deadline: float,
    workers: int,
    seed: int,
    place_all=None,  # noqa: ANN001 - (problem, deadline) -> (schedule or None, impossible)
) -> tuple[list[int], bool]:
    """A schedule placing the most meetings, and whether that number is proven maximal.

    A quick heuristic schedule comes first (it also serves as hint and fallback).  When it
    left out a meeting that might still fit, ``place_all`` (if given) looks for a schedule
    placing every one; CP-SAT maximises the number placed when that fails.
    """
    quick = time.monotonic() + min(2.0, 0.1 * (deadline - time.monotonic()))
    state.repair(quick)
    state.improve_gaps(quick)
    state.journal.clear()
    best = list(state.slot_of)
    placeable = sum(1 for a in problem.allowed if a)
    placed = sum(1 for s in best if s != -1)
    if placed == placeable:
        return best, True
    impossible = False
    if place_all is not None:
        budget = time.monotonic() + 0.3 * (deadline - time.monotonic())
        found, impossible = place_all(problem, budget)
        if found is not None:
            return found, True
    cp = CpModel(problem, with_gaps=False, all_placed=False)
    if impossible:
        cp.model.add(sum(cp.placed_terms) <= placeable - 1)
    cp.model.maximize(sum(cp.placed_terms))
    cp.hint(best)
    remaining = deadline - time.monotonic()
    status, _solver, found = cp.solve(remaining * 0.4, workers, seed, "most placed")
    if found is not None and sum(1 for s in found if s != -1) >= placed:
        best = found
    return best, status == "OPTIMAL"


class CpSatEngine:
    """Fewest total gaps with CP-SAT, for a fixed number of placed meetings.

    Alternates two searches with growing budgets and fresh seeds, because CP-SAT's running
    times on these models are heavy-tailed (short restarts beat one long run):
    (a) every participant at its own lower bound, as one whole busy pattern each: very
    constrained, and when feasible optimal for the total and the worst-off alike; (b) exact
    minimisation of the total from the best schedule on the board, above the best proven
    bound.  Budgets are in CP-SAT's deterministic time, so a busy machine does not starve
    the short attempts.
    """

    name = "cp-sat"

    def __init__(
        self,
        problem: Problem,
        *,
        placed: int,
        all_placed: bool,
        workers: int,
        seed: int,
        deadline: float,
        bounds_first: bool = True,
        bounds_only: bool = False,
    ) -> None:
        self.problem = problem
        self.bounds_first = bounds_first
        # Only search (a): beside the SAT engine's proof and its search one above the
        # bound, (b) takes a core they need and on the real events finds nothing they miss.
        self.bounds_only = bounds_only
        self.placed = placed
        self.all_placed = all_placed
        self.workers = workers
        self.seed = seed
        self.deadline = deadline

    def build(self, extra: int | None = None) -> CpModel:
        cp = CpModel(self.problem, with_gaps=True, all_placed=self.all_placed, extra=extra)
        if not self.all_placed:
            cp.model.add(sum(cp.placed_terms) >= self.placed)
        return cp

    def lower_bound(self) -> int:
        """Sum of the participants' own lower bounds (zero unless every meeting is placed)."""
        return sum(self.problem.lower_bounds()) if self.all_placed else 0

    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    def __call__(self, board: Board) -> None:
        slice_a, slice_b, attempt = 1.5, 2.0, 0
        # Beside the SAT engine, whose first question is the same, skip search (a).
        bounds_open = self.all_placed and self.bounds_first
        at_bounds = self.lower_bound()
        while not board.stop.is_set() and not board.total_proven and self.remaining() > 0.5:
            if board.snapshot()[3] > at_bounds:
                bounds_open = False  # another engine proved search (a) has no schedule
            if self.bounds_only and not bounds_open:
                return
            attempt += 1
            run_seed = self.seed + attempt - 1
            if bounds_open:
                probe = self.build(extra=0)
                best, _total, _worst, _low = board.snapshot()
                probe.hint(best)
                status, _solver, found = probe.solve(
                    self.remaining(),
                    self.workers,
                    run_seed,
                    "gaps at bounds",
                    slice_a,
                    board.stop,
                )
                if found is not None:
                    board.post_schedule(found, self.name)
                    board.post_lower_bound(sum(probe.lower), self.name)
                    board.post_worst_proven(self.name)
                    return
                if status == "INFEASIBLE":
                    board.post_lower_bound(sum(probe.lower) + 1, self.name)
                    bounds_open = False
                slice_a *= 1.5
            if self.remaining() <= 0.5 or board.stop.is_set():
                return
            if self.bounds_only:
                continue
            best, total, _worst, total_low = board.snapshot()
            cp = self.build()
            cp.model.add(cp.total_gaps() >= total_low)
            cp.model.add(cp.total_gaps() <= total)
            cp.model.minimize(cp.total_gaps())
            cp.hint(best)
            work = slice_b if bounds_open else None
            status, solver, found = cp.solve(
                self.remaining() * 0.9, self.workers, run_seed, "fewest gaps", work, board.stop
            )
            if found is not None:
                board.post_schedule(found, self.name)
            if status == "OPTIMAL":
                board.post_lower_bound(measure(self.problem, found)[0], self.name)
            elif status == "INFEASIBLE":
                # Nothing beats the incumbent, which the model allowed as "<= total".
                board.post_lower_bound(total, self.name)
            elif found is not None:
                board.post_lower_bound(int(solver.best_objective_bound), self.name)
            slice_b *= 1.5

    def improve_worst(self, board: Board) -> None:
        """At the best total, the best worst-off participant (proven when CP-SAT says so)."""
        best, total, worst, _low = board.snapshot()
        worst_low = max(self.problem.lower_bounds(), default=0) if self.all_placed else 0
        if worst <= worst_low:
            board.post_worst_proven(self.name)
            return
        if self.remaining() <= 0.3:
            return
        cp = self.build()
        cp.model.add(cp.total_gaps() <= total)
        worst_var = cp.model.new_int_var(worst_low, worst, "worst")
        real = [g for g in cp.gaps if not isinstance(g, int)]
        if real:
            cp.model.add_max_equality(worst_var, real)
        cp.model.minimize(worst_var)
        cp.hint(best)
        status, _solver, found = cp.solve(self.remaining(), self.workers, self.seed, "worst")
        if found is not None:
            board.post_schedule(found, self.name)
        if status == "OPTIMAL":
            board.post_worst_proven(self.name)
