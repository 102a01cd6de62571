"""The exact consortium model on constructed cases with known answers, and against the
brute-force reference on random small cases."""

import random

import pytest

from matchmaking.consortia_cover import Candidate, Preferences, propose
from matchmaking.consortia_cover.generate import population
from matchmaking.consortia_cover.reference import all_covers

HEAT, WATER, AUTOMATION, SOIL, WASTE = "heat", "water", "automation", "soil", "waste"


def test_the_known_best_cover_is_returned_with_who_covers_what():
    candidates = [
        Candidate(1, "AT", {HEAT: 90}),
        Candidate(2, "SE", {WATER: 80}),
        Candidate(3, "DK", {AUTOMATION: 70}),
        # Covers everything, but worse than the three specialists in every sector.
        Candidate(4, "AT", {HEAT: 60, WATER: 60, AUTOMATION: 60}),
        Candidate(5, "FR", {WATER: 40}),
    ]
    proposals = propose([HEAT, WATER, AUTOMATION], candidates)
    best = proposals.covers[0]
    assert best.members == (1, 2, 3)
    assert best.assignment == {AUTOMATION: 3, HEAT: 1, WATER: 2}
    assert best.missing == ()
    assert best.combined_score == 80.0
    assert best.countries == 3
    assert proposals.complete and proposals.optimal
    assert [c.members for c in proposals.covers] == [(1, 2, 3), (1, 2, 4), (1, 3, 4)]


def test_a_member_who_covers_two_sectors_keeps_the_consortium_small():
    candidates = [
        Candidate(1, "AT", {HEAT: 85, WATER: 84}),
        Candidate(2, "SE", {WATER: 70}),
        Candidate(3, "DK", {AUTOMATION: 75}),
    ]
    best = propose([HEAT, WATER, AUTOMATION], candidates).covers[0]
    assert best.members == (1, 3)
    assert best.assignment == {AUTOMATION: 3, HEAT: 1, WATER: 1}
    assert best.sectors_of(1) == [HEAT, WATER]


def test_a_demand_nobody_can_cover_fully_gets_the_best_partial_covers_naming_what_is_missing():
    candidates = [
        Candidate(1, "AT", {HEAT: 90}),
        Candidate(2, "SE", {WATER: 80}),
        Candidate(3, "DK", {WATER: 60}),
    ]
    proposals = propose([HEAT, WATER, SOIL], candidates)
    assert not proposals.complete
    # 2 and 3 both cover only water, so no cover holds both: two covers exist.
    assert [c.members for c in proposals.covers] == [(1, 2), (1, 3)]
    for cover in proposals.covers:
        assert cover.missing == (SOIL,)
        assert cover.complete is False
    assert proposals.covers[0].combined_score == round((90 + 80) / 3, 2)


def test_the_size_bound_holds_even_when_more_members_would_cover_more():
    sectors = [HEAT, WATER, AUTOMATION, SOIL, WASTE]
    scores = [90, 80, 70, 60, 50]
    countries = ["AT", "SE", "DK", "FR", "BE"]
    candidates = [
        Candidate(i + 1, countries[i], {s: scores[i]}) for i, s in enumerate(sectors)
    ]
    four = propose(sectors, candidates)
    assert four.covers[0].members == (1, 2, 3, 4)
    assert four.covers[0].missing == (WASTE,)
    three = propose(sectors, candidates, preferences=Preferences(max_size=3))
    assert three.covers[0].members == (1, 2, 3)
    assert three.covers[0].missing == (SOIL, WASTE)
    for cover in four.covers + three.covers:
        assert len(cover.members) <= (4 if cover in four.covers else 3)


def test_one_company_covering_everything_still_makes_a_consortium_of_two_or_nothing():
    alone = [Candidate(1, "AT", {HEAT: 90, WATER: 90})]
    assert propose([HEAT, WATER], alone).covers == []
    pair = alone + [Candidate(2, "SE", {WATER: 50})]
    best = propose([HEAT, WATER], pair).covers[0]
    assert best.members == (1, 2)
    assert best.assignment == {HEAT: 1, WATER: 2}


def test_members_from_more_than_one_country_are_preferred_at_equal_or_near_scores():
    candidates = [
        Candidate(1, "AT", {HEAT: 80}),
        Candidate(2, "AT", {WATER: 80}),
        Candidate(3, "SE", {WATER: 78}),
    ]
    best = propose([HEAT, WATER], candidates).covers[0]
    assert best.members == (1, 3)
    assert best.countries == 2
    # Without the preference, the higher score wins.
    plain = propose([HEAT, WATER], candidates, preferences=Preferences(country_bonus=0))
    assert plain.covers[0].members == (1, 2)
    # The preference never outweighs a large score gap.
    far = [*candidates[:2], Candidate(3, "SE", {WATER: 40})]
    assert propose([HEAT, WATER], far).covers[0].members == (1, 2)


def test_members_who_know_each_other_are_preferred():
    candidates = [
        Candidate(1, "AT", {HEAT: 80}),
        Candidate(2, "SE", {WATER: 80}),
        Candidate(3, "DK", {WATER: 79}),
    ]
    assert propose([HEAT, WATER], candidates).covers[0].members == (1, 2)
    best = propose([HEAT, WATER], candidates, acquainted=[(3, 1)]).covers[0]
    assert best.members == (1, 3)
    assert best.acquainted_pairs == 1


def test_no_cover_is_proposed_twice_and_each_member_covers_a_sector():
    candidates, acquainted = population(smes=60, sectors=[HEAT, WATER, AUTOMATION], seed=3)
    proposals = propose(
        [HEAT, WATER, AUTOMATION], candidates, acquainted=acquainted,
        preferences=Preferences(count=5),
    )
    member_sets = [c.members for c in proposals.covers]
    assert len(member_sets) == len(set(member_sets)) == 5
    for cover in proposals.covers:
        assert set(cover.assignment.values()) == set(cover.members)
        assert 2 <= len(cover.members) <= 4


@pytest.mark.parametrize("seed", range(12))
def test_the_solver_agrees_with_brute_force_on_random_small_cases(seed):
    rng = random.Random(seed)
    sectors = [HEAT, WATER, AUTOMATION, SOIL][: rng.randint(2, 4)]
    candidates = [
        Candidate(
            pk,
            rng.choice(["AT", "SE", "DK"]),
            {s: rng.randint(10, 95) for s in sectors if rng.random() < 0.45},
        )
        for pk in range(1, rng.randint(5, 9))
    ]
    acquainted = [(rng.randint(1, 8), rng.randint(1, 8)) for _ in range(4)]
    preferences = Preferences(count=3, max_size=rng.choice([2, 3, 4]), per_sector=20)
    solved = propose(sectors, candidates, acquainted=acquainted, preferences=preferences)
    expected = all_covers(sectors, candidates, acquainted=acquainted, preferences=preferences)
    assert [c.objective for c in solved.covers] == [c.objective for c in expected[:3]]
    if expected:
        assert solved.covers[0].missing == expected[0].missing


def test_two_thousand_smes_and_a_five_sector_demand_get_proven_best_covers():
    """Exact over all 2,000 candidates, not only the pruned few (the time is the
    benchmark's business: ``make bench-consortia``)."""
    sectors = [HEAT, WATER, AUTOMATION, SOIL, WASTE]
    candidates, acquainted = population(smes=2000, sectors=sectors, seed=1)
    proposals = propose(
        sectors, candidates, acquainted=acquainted, preferences=Preferences(time_limit=60)
    )
    assert proposals.complete and proposals.optimal
    assert len(proposals.covers) == 3
    assert proposals.candidates_total == 2000
    assert proposals.candidates_kept < 400
