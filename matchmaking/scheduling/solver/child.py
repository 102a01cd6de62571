"""Running an engine in a child process that shares the board through its pipes.

The SAT solver keeps the interpreter lock while it searches, and the local search is plain
Python: in threads of one process they would take turns on one core and hold up every other
thread (CP-SAT's model building, the clock that ends the race).  Each runs instead in a
plain child process (a new interpreter running :func:`main`; unlike ``multiprocessing`` this also works
inside daemonic task workers), which rebuilds the :class:`.Problem` from the instance and
talks to the parent in JSON lines:

* parent to child: first the job (engine, instance, kept meetings, starting schedule, proven
  bound, seconds, seed), then ``{"best": slots}`` and ``{"low": n}`` whenever the parent's
  board improves (so the SAT engine steers to the best schedule and stops when another
  engine closes the gap);
* child to parent: ``{"schedule": slots}``, ``{"low": n}`` and ``{"worst_proven": true}``.

The parent ends the child when the board stops (the SAT engine is left to finish improving
the worst-off participant once the total is proven) and at the deadline in any case, which
no step of the child can delay.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

from .portfolio import Board
from .problem import Problem

__all__ = ["ChildEngine"]

ROOT = Path(__file__).resolve().parents[3]
# The child imports the scheduler without the project package's own start-up (which loads
# the task queue's app): the scheduler is a plain package and needs none of it.
BOOT = """
import sys, types
root = sys.argv[1]
sys.path.insert(0, root)
package = types.ModuleType("matchmaking")
package.__path__ = [root + "/matchmaking"]
sys.modules["matchmaking"] = package
from matchmaking.scheduling.solver.child import main
main()
"""


class ChildEngine:
    """Parent side: runs engine ``kind`` (``"sat"`` or ``"kempe"``) in a child process.

    ``role`` is the SAT engine's (see :class:`.sat.SatEngine`); its probe is named
    ``"sat-probe"`` on the board.
    """

    def __init__(
        self, kind: str, problem: Problem, *, deadline: float, seed: int = 0, role: str = "bound"
    ) -> None:
        self.kind = kind
        self.role = role
        self.name = "sat-probe" if kind == "sat" and role == "probe" else kind
        self.problem = problem
        self.deadline = deadline
        self.seed = seed
        self.started = False

    def _job(self, board: Board) -> dict:
        from ..model import instance_to_dict

        slot_of, _total, _worst, low = board.snapshot()
        return {
            "engine": self.kind,
            "role": self.role,
            "instance": instance_to_dict(self.problem.instance),
            "keep": [[mid, slot, table] for mid, (slot, table) in self.problem.keep.items()],
            "slot_of": slot_of,
            "low": low,
            "seconds": self.deadline - time.monotonic(),
            "seed": self.seed,
        }

    def _in_process(self, board: Board) -> None:
        """The engine in this process, when no child can be started."""
        if self.kind == "sat":
            from .sat import SatEngine

            SatEngine(self.problem, deadline=self.deadline - 1.0, role=self.role)(board)
        else:
            from .kempe import KempeSearch

            KempeSearch(self.problem, deadline=self.deadline, seed=self.seed)(board)

    def __call__(self, board: Board) -> None:
        try:
            child = subprocess.Popen(
                [sys.executable, "-c", BOOT, str(ROOT)],
                cwd=ROOT,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
                bufsize=1,
            )
        except OSError:
            self._in_process(board)
            return
        self.started = True
        done = threading.Event()
        lock = threading.Lock()

        def send(message: dict) -> None:
            with lock:
                try:
                    child.stdin.write(json.dumps(message) + "\n")
                    child.stdin.flush()
                except (OSError, ValueError):
                    pass

        def watch() -> None:
            """Pass the board's progress on; end the child when it is no longer needed."""
            _slots, total, _worst, low = board.snapshot()
            while not done.wait(0.1):
                if time.monotonic() > self.deadline + 0.5:
                    break
                if board.stop.is_set() and not (self.name == "sat" and board.total_proven):
                    break
                slots, new_total, _worst, new_low = board.snapshot()
                if new_total < total:
                    send({"best": slots})
                if new_low > low:
                    send({"low": new_low})
                total, low = new_total, new_low
            child.kill()

        send(self._job(board))
        threading.Thread(target=watch, daemon=True).start()
        try:
            for line in child.stdout:
                message = json.loads(line)
                if "schedule" in message:
                    if len(message["schedule"]) == self.problem.n_meetings:
                        board.post_schedule(message["schedule"], self.name)
                elif "low" in message:
                    board.post_lower_bound(int(message["low"]), self.name)
                elif message.get("worst_proven"):
                    board.post_worst_proven(self.name)
        except (OSError, ValueError):
            pass
        finally:
            done.set()
            child.kill()
            child.wait()


class _PipeBoard(Board):
    """Child side: a board that tells the parent what the engine found."""

    def __init__(self, problem: Problem, slot_of: list[int], total_low: int, engine: str):
        super().__init__(problem, slot_of, total_low)
        self.engine = engine
        self.out = threading.Lock()

    def _tell(self, message: dict) -> None:
        with self.out:
            sys.stdout.write(json.dumps(message) + "\n")
            sys.stdout.flush()

    def post_schedule(self, slot_of, engine: str) -> bool:  # noqa: ANN001
        better = super().post_schedule(slot_of, engine)
        if better and engine == self.engine:
            self._tell({"schedule": list(slot_of)})
        return better

    def post_lower_bound(self, total_low: int, engine: str) -> None:
        super().post_lower_bound(total_low, engine)
        if engine == self.engine:
            self._tell({"low": total_low})

    def post_worst_proven(self, engine: str) -> None:
        super().post_worst_proven(engine)
        self._tell({"worst_proven": True})

    def listen(self) -> None:
        """Apply the parent's news (a thread; ends when the parent closes the pipe)."""
        for line in sys.stdin:
            message = json.loads(line)
            if "best" in message:
                Board.post_schedule(self, message["best"], "parent")
            elif "low" in message:
                Board.post_lower_bound(self, int(message["low"]), "parent")


def main() -> None:
    from ..model import load_instance

    job = json.loads(sys.stdin.readline())
    started = time.monotonic()
    keep = {mid: (slot, table) for mid, slot, table in job["keep"]}
    problem = Problem(load_instance(job["instance"]), keep)
    name = "sat-probe" if job["role"] == "probe" else job["engine"]
    board = _PipeBoard(problem, job["slot_of"], job["low"], name)
    threading.Thread(target=board.listen, daemon=True).start()
    deadline = started + job["seconds"]
    if job["engine"] == "sat":
        from .sat import SatEngine

        engine = SatEngine(problem, deadline=deadline, role=job["role"])
        engine(board)
        if engine.role != "probe" and board.total_proven and not board.worst_proven:
            engine.improve_worst(board)
    else:
        from .kempe import KempeSearch

        KempeSearch(problem, deadline=deadline, seed=job["seed"])(board)


if __name__ == "__main__":
    main()
