"""Running the exact engines side by side: a shared board of the best schedule and bound.

Each engine runs in its own thread (CP-SAT and the SAT solver release the interpreter lock
while they search, so two threads use two cores, and unlike processes they also work inside
daemonic task workers).  Engines post schedules and proven lower bounds to the
:class:`Board`; the first engine whose proof closes the gap (a schedule whose total equals
the proven bound) stops the other.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence

from .problem import Problem, block_gaps

__all__ = ["Board", "measure", "run_portfolio"]


def measure(problem: Problem, slot_of: Sequence[int]) -> tuple[int, int]:
    """(total gaps, worst participant's gaps) of a schedule given as slot indices."""
    masks = [0] * len(problem.participant_ids)
    for mi, s in enumerate(slot_of):
        if s != -1:
            a, b = problem.ends[mi]
            masks[a] |= 1 << s
            masks[b] |= 1 << s
    values = [block_gaps(m) for m in masks]
    return sum(values), max(values, default=0)


class Board:
    """Best schedule so far and the best proven lower bound on its total gaps.

    ``total_low`` only ever rises and the schedule only ever improves (lexicographically on
    total then worst), so engines may post in any order.  ``worst_proven`` is set by an
    engine that proved no schedule at the best total has a better worst-off participant.
    """

    def __init__(self, problem: Problem, slot_of: list[int], total_low: int) -> None:
        self.problem = problem
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.slot_of = list(slot_of)
        self.total, self.worst = measure(problem, slot_of)
        self.total_low = total_low
        self.worst_proven = False
        self.found_by: dict[str, tuple[int, int]] = {}
        self.proved_by: str | None = None

    def post_schedule(self, slot_of: Sequence[int], engine: str) -> bool:
        """Offer a complete schedule (same placed meetings); True if it became the best."""
        figures = measure(self.problem, slot_of)
        with self.lock:
            best = self.found_by.get(engine)
            if best is None or figures < best:
                self.found_by[engine] = figures
            if figures >= (self.total, self.worst):
                return False
            self.slot_of = list(slot_of)
            self.total, self.worst = figures
            self._check_closed(engine)
            return True

    def post_lower_bound(self, total_low: int, engine: str) -> None:
        """Report a proof that no schedule has fewer than ``total_low`` gaps."""
        with self.lock:
            if total_low > self.total_low:
                self.total_low = total_low
            self._check_closed(engine)

    def post_worst_proven(self, engine: str) -> None:
        with self.lock:
            self.worst_proven = True
            self.proved_by = self.proved_by or engine

    def _check_closed(self, engine: str) -> None:
        if self.total <= self.total_low:
            self.proved_by = self.proved_by or engine
            self.stop.set()

    @property
    def total_proven(self) -> bool:
        with self.lock:
            return self.total <= self.total_low

    def snapshot(self) -> tuple[list[int], int, int, int]:
        with self.lock:
            return list(self.slot_of), self.total, self.worst, self.total_low


def run_portfolio(
    engines: dict[str, Callable[[Board], None]], board: Board, deadline: float | None = None
) -> None:
    """Run every engine on ``board`` at once, each in a thread; return when all are done.

    Engines watch ``board.stop`` and return when it is set; the first engine that closes
    the gap between the best schedule and the proven bound sets it.  At ``deadline`` (a
    ``time.monotonic()`` value) the board is stopped and this returns at once, even if an
    engine is still in a step it cannot interrupt (building a model, a slice of search):
    the caller reads the best schedule so far from the board, and the engine's thread ends
    by itself at its next look at the board.
    """
    errors: list[BaseException] = []

    def run(engine: Callable[[Board], None]) -> None:
        try:
            engine(board)
        except BaseException as error:  # noqa: BLE001 - re-raised in the caller's thread
            errors.append(error)
            board.stop.set()

    threads = [
        threading.Thread(target=run, args=(engine,), name=f"scheduling-{name}", daemon=True)
        for name, engine in engines.items()
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(None if deadline is None else max(deadline - time.monotonic(), 0.0))
    if any(thread.is_alive() for thread in threads):
        board.stop.set()
    if errors:
        raise errors[0]
