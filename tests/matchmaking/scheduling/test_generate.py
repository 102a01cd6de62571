"""Tests of the large-event generator and its independent placement bound."""

from __future__ import annotations

from matchmaking.scheduling import generate_large_event, upper_bound_placeable

from .support import event


def test_upper_bound_on_hand_made_cases():
    assert upper_bound_placeable(event(2, [(1, 2), (1, 3), (1, 4)])) == 2
    assert upper_bound_placeable(event(2, [(1, 2), (3, 4), (5, 6), (7, 8)], tables=1)) == 2
    assert upper_bound_placeable(event(2, [(1, 2)], unavailable={1: [2], 2: [1]})) == 0
    # Two overbooked participants meeting each other: dropping that one meeting suffices.
    pairs = [(1, 2), (1, 3), (1, 4), (2, 5), (2, 6)]
    assert upper_bound_placeable(event(2, pairs)) == 4


def test_generator_is_deterministic_and_shaped_as_asked():
    first = generate_large_event(participants=300, meetings=1200, slots=10, tables=90, seed=7)
    second = generate_large_event(participants=300, meetings=1200, slots=10, tables=90, seed=7)
    assert first == second
    assert len(first.meetings) == 1200
    assert len({frozenset(m.participants) for m in first.meetings}) == 1200
    for participant in first.participants:
        free = [s.id for s in first.slots if s.id not in participant.unavailable_slots]
        assert 6 <= len(free) <= 10
        assert free == list(range(free[0], free[0] + len(free)))  # one contiguous window
