"""Helpers shared by the scheduler's tests: small hand-made events and a checked solve."""

from __future__ import annotations

from pathlib import Path

from matchmaking.scheduling import (
    BilateralMeeting,
    Instance,
    Participant,
    SolveResult,
    TimeSlot,
    check_schedule,
    solve,
)

ROOT = Path(__file__).resolve().parents[3]
# The real brokerage events, kept in the repository so a clone runs every test.
INSTANCES = ROOT / "benchmarks" / "instances"


def event(
    slots: int | list[tuple[int, str | None]],
    meetings: list[tuple[int, int]] | list[BilateralMeeting],
    *,
    tables: int = 10,
    unavailable: dict[int, list[int]] | None = None,
) -> Instance:
    """A small instance: slots 1..n (or explicit (id, session)), meetings as pairs."""
    slot_list = (
        [TimeSlot(i, None) for i in range(1, slots + 1)]
        if isinstance(slots, int)
        else [TimeSlot(i, s) for i, s in slots]
    )
    meeting_list = [
        m if isinstance(m, BilateralMeeting) else BilateralMeeting(id=i, participants=m)
        for i, m in enumerate(meetings, start=1)
    ]
    ids = sorted({pid for m in meeting_list for pid in m.participants})
    unavailable = unavailable or {}
    people = [Participant(pid, frozenset(unavailable.get(pid, ()))) for pid in ids]
    return Instance("test", tables, slot_list, people, meeting_list)


def slots_of(result: SolveResult) -> dict[int, int]:
    """Meeting id -> slot id of a solve result."""
    return {a.meeting: a.slot for a in result.schedule.assignments}


def solved(instance: Instance, **kwargs) -> SolveResult:
    """Solve and assert the independent checker finds no violation and agrees on gaps."""
    result = solve(instance, time_limit=kwargs.pop("time_limit", 10.0), **kwargs)
    report = check_schedule(instance, result.schedule)
    assert report.violations == []
    assert (report.placed, report.total_gaps, report.worst_gaps) == (
        result.placed,
        result.total_gaps,
        result.worst_gaps,
    )
    return result
