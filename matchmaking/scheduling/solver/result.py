"""The solver's result: tables for placed meetings and a reason for each unplaced one."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from ..model import Assignment, Schedule
from .problem import Problem, block_gaps

__all__ = ["GENERIC_REASON", "SolveResult", "build_result"]

GENERIC_REASON = "no slot left where both participants are free and a table is available"


@dataclass
class SolveResult:
    """Outcome of :func:`solve`.

    ``optimal`` is true only when the solver proved that no valid schedule places more
    meetings, has fewer total gaps, or (at equal totals) a better worst participant.
    ``messages`` explains requests that could not be honoured, such as a kept meeting whose
    slot became invalid.
    """

    schedule: Schedule
    total_gaps: int
    worst_gaps: int
    placed: int
    optimal: bool
    seconds: float
    method: str
    messages: list[str] = field(default_factory=list)
    # Exact path only: the proven lower bound on the total gaps, the engine whose proof
    # closed the search, and the best (total, worst) each engine found itself.
    # True when no valid schedule places more meetings (so every meeting left out is
    # proven impossible to add, whatever else moves).
    placed_proven: bool = False
    lower_bound: int | None = None
    proved_by: str | None = None
    engines: dict[str, tuple[int, int]] = field(default_factory=dict)


def build_result(
    problem: Problem, slot_of: list[int], optimal: bool, started: float, method: str
) -> SolveResult:
    assignments: list[Assignment] = []
    for s in range(problem.n_slots):
        here = [mi for mi in range(problem.n_meetings) if slot_of[mi] == s]
        taken = {problem.kept_table[mi] for mi in here if mi in problem.kept_table}
        free_tables = (t for t in range(1, problem.tables + 1) if t not in taken)
        for mi in sorted(here, key=lambda i: problem.meetings[i].id):
            table = problem.kept_table.get(mi) or next(free_tables)
            assignments.append(Assignment(problem.meetings[mi].id, problem.slot_ids[s], table))
    masks = [0] * len(problem.participant_ids)
    for mi, s in enumerate(slot_of):
        if s != -1:
            a, b = problem.ends[mi]
            masks[a] |= 1 << s
            masks[b] |= 1 << s
    gaps = [block_gaps(m) for m in masks]
    unscheduled = [
        (problem.meetings[mi].id, _reason(problem, slot_of, mi))
        for mi in range(problem.n_meetings)
        if slot_of[mi] == -1
    ]
    messages = list(problem.messages)
    for mi, s in problem.pinned.items():
        if slot_of[mi] != s:  # cannot happen with a valid solve; kept for the record
            messages.append(f"kept meeting {problem.meetings[mi].id} had to move")
    return SolveResult(
        schedule=Schedule(assignments=assignments, unscheduled=unscheduled),
        total_gaps=sum(gaps),
        worst_gaps=max(gaps, default=0),
        placed=len(assignments),
        optimal=optimal,
        seconds=round(time.monotonic() - started, 3),
        method=method,
        messages=messages,
    )


def _of_session(session: str | None) -> str:
    """Words qualifying "slot" by the meeting's session (nothing when it has none)."""
    return "" if session is None else f" of the {session} session"


def _reason(problem: Problem, slot_of: list[int], mi: int) -> str:
    """Explain why meeting ``mi`` is unplaced, checking the simplest causes first."""
    instance = problem.instance
    meeting = problem.meetings[mi]
    pids = meeting.participants
    ends = problem.ends[mi]
    session_slots = [
        s
        for s, slot in enumerate(instance.slots)
        if meeting.session is None or slot.session == meeting.session
    ]
    where = _of_session(meeting.session)
    if not session_slots:
        return f"the event has no slot{where}"
    if meeting.fixed_slot is not None:
        fixed = problem.position[meeting.fixed_slot]
        if fixed not in session_slots:
            return f"its fixed slot {meeting.fixed_slot} is not a slot{where}"
        for pid, pi in zip(pids, ends, strict=True):
            if fixed in problem.unavailable[pi]:
                return f"participant {pid} is unavailable in its fixed slot {meeting.fixed_slot}"
    if meeting.fixed_slot is not None:
        for pid, pi in zip(pids, ends, strict=True):
            for other in problem.of_participant[pi]:
                if other != mi and problem.meetings[other].fixed_slot == meeting.fixed_slot:
                    return (
                        f"participant {pid} has another meeting "
                        f"({problem.meetings[other].id}) fixed to the same slot "
                        f"{meeting.fixed_slot}"
                    )
    for pid, pi in zip(pids, ends, strict=True):
        if all(s in problem.unavailable[pi] for s in session_slots):
            return f"participant {pid} is unavailable in every slot{where}"
    if not problem.allowed[mi] and meeting.fixed_slot is None:
        return f"participants {pids[0]} and {pids[1]} have no free slot{where} in common"
    if not problem.allowed[mi]:
        return f"no slot{where} is valid for it"
    # Overbooked participants: more meetings than free slots.
    for pid, pi in zip(pids, ends, strict=True):
        count = len(problem.of_participant[pi])
        free = problem.n_slots - len(problem.unavailable[pi])
        if count > free:
            return f"participant {pid} has {count} meetings but only {free} slots free"
    for pid, pi in zip(pids, ends, strict=True):
        usable: set[int] = set()
        for other in problem.of_participant[pi]:
            usable.update(problem.allowed[other])
        count = sum(1 for other in problem.of_participant[pi] if problem.allowed[other])
        if count > len(usable):
            return (
                f"participant {pid} has {count} meetings but only {len(usable)} slots "
                "where they can take place"
            )
    # Orderings that leave no room.
    cycle = _order_cycle(problem, mi)
    if cycle:
        ids = " -> ".join(str(problem.meetings[i].id) for i in cycle)
        return f"its 'after' orderings form a cycle (each must follow the next: {ids})"
    for earlier in problem.before[mi]:
        if slot_of[earlier] != -1 and slot_of[earlier] >= max(problem.allowed[mi]):
            return (
                f"it must come after meeting {problem.meetings[earlier].id}, which takes "
                "place too late"
            )
    for later in problem.later[mi]:
        if slot_of[later] != -1 and slot_of[later] <= min(problem.allowed[mi]):
            return (
                f"meeting {problem.meetings[later].id} must come after it and takes place too early"
            )
    counts = [0] * problem.n_slots
    for s in slot_of:
        if s != -1:
            counts[s] += 1
    if all(counts[s] >= problem.tables for s in problem.allowed[mi]):
        return f"every slot where both participants are available is full ({problem.tables} tables)"
    return GENERIC_REASON


def _order_cycle(problem: Problem, mi: int) -> list[int]:
    """Meetings of an 'after' cycle through ``mi`` (``mi`` first and last), or []."""
    parent = {mi: -1}
    stack = [mi]
    while stack:
        node = stack.pop()
        for earlier in problem.before[node]:
            if earlier == mi:
                path = [node]
                while path[-1] != mi:
                    path.append(parent[path[-1]])
                return [mi, *reversed(path[:-1]), mi]
            if earlier not in parent:
                parent[earlier] = node
                stack.append(earlier)
    return []
