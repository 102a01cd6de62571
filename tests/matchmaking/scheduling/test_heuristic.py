"""Tests of the heuristic path used for large events."""

from __future__ import annotations

from matchmaking.scheduling import (
    check_schedule,
    generate_large_event,
    solve,
    upper_bound_placeable,
)

from .support import solved


def test_heuristic_method_respects_the_rules():
    instance = generate_large_event(participants=60, meetings=240, slots=8, tables=25, seed=3)
    result = solved(instance, method="heuristic", time_limit=3.0)
    assert result.method == "heuristic"
    assert result.placed <= upper_bound_placeable(instance)


def test_large_generated_event_reaches_the_bound():
    instance = generate_large_event(participants=400, meetings=2000, tables=140, seed=0)
    bound = upper_bound_placeable(instance)
    result = solve(instance, time_limit=8.0)
    report = check_schedule(instance, result.schedule)
    assert report.violations == []
    assert result.method == "heuristic"
    assert report.placed == result.placed <= bound <= len(instance.meetings)
    assert result.placed >= 0.995 * bound
    assert result.seconds <= 9.0
    assert len(result.schedule.unscheduled) == len(instance.meetings) - result.placed
    assert all(reason for _, reason in result.schedule.unscheduled)
