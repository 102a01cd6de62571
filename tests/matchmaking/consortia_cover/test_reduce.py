"""The safe reductions: they drop candidates without ever changing the best covers."""

import pytest

from matchmaking.consortia_cover import Candidate, Preferences, propose, prune
from matchmaking.consortia_cover.generate import population
from matchmaking.consortia_cover.records import acquainted_set
from matchmaking.consortia_cover.reduce import clique_cover, reduce

HEAT, WATER, AUTOMATION, SOIL = "heat", "water", "automation", "soil"

EVERYONE = 10**6  # per_sector large enough that prune keeps every candidate


def test_a_member_the_pruning_drops_still_wins_when_acquaintance_lifts_it():
    candidates = [
        Candidate(1, "AT", {HEAT: 90}),
        Candidate(2, "SE", {WATER: 80}),
        # Second in water and from the same country as the first: prune keeps only 2.
        Candidate(3, "SE", {WATER: 79}),
    ]
    preferences = Preferences(per_sector=1, count=1)
    assert [c.id for c in prune([HEAT, WATER], candidates, per_sector=1)] == [1, 2]
    proposals = propose([HEAT, WATER], candidates, acquainted=[(1, 3)], preferences=preferences)
    # 90 + 79 + the country bonus + one acquainted pair beats 90 + 80 + the country bonus.
    assert proposals.covers[0].members == (1, 3)
    assert proposals.covers[0].acquainted_pairs == 1
    assert proposals.optimal


@pytest.mark.parametrize("delegation", [0, 12])
@pytest.mark.parametrize("seed", range(4))
def test_the_reductions_never_change_the_best_covers(seed, delegation):
    sectors = [HEAT, WATER, AUTOMATION, SOIL]
    candidates, acquainted = population(
        smes=70, sectors=sectors, seed=seed, delegation=delegation
    )
    reduced = propose(
        sectors, candidates, acquainted=acquainted, preferences=Preferences(time_limit=60)
    )
    everything = propose(
        sectors, candidates, acquainted=acquainted,
        preferences=Preferences(time_limit=60, per_sector=EVERYONE),
    )
    assert everything.candidates_kept == len(candidates)
    assert reduced.optimal and everything.optimal
    assert [c.objective for c in reduced.covers] == [c.objective for c in everything.covers]
    assert reduced.candidates_kept < len(candidates)


def test_reduce_keeps_what_can_still_win_and_drops_what_cannot():
    candidates = [
        Candidate(1, "AT", {HEAT: 90}),
        Candidate(2, "SE", {WATER: 80}),
        Candidate(3, "DK", {WATER: 20}),  # 60 points short, knows nobody
        Candidate(4, "FR", {WATER: 78}),  # 2 points short, knows 1
    ]
    left = reduce(
        [HEAT, WATER], candidates, acquainted=acquainted_set([(1, 4)]),
        preferences=Preferences(count=1, max_size=2), threshold=1000 * 2 + 90 + 80 + 8,
    )
    assert [c.id for c in left] == [1, 2, 4]


def test_delegations_come_back_as_groups_holding_each_pair_once():
    pairs = acquainted_set(
        [(a, b) for a in range(1, 5) for b in range(a + 1, 5)]  # a delegation of four
        + [(4, 7), (7, 8)]  # an earlier meeting and a consortium
    )
    groups = clique_cover(pairs, set(range(1, 10)))
    assert groups[0] == [1, 2, 3, 4]
    held = [(a, b) for group in groups for i, a in enumerate(group) for b in group[i + 1 :]]
    assert sorted(held) == sorted(pairs)
    assert len(held) == len(set(held))
    for group in groups:
        assert all(
            (a, b) in pairs for i, a in enumerate(group) for b in group[i + 1 :]
        )
